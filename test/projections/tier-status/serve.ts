// Runs the tier-status projection over a scenario and serves its read models as the query layer
// does: filters with a column run on the SQL rows, the others on the rows presented as of asOf.
import { POLICY_V1, type IsoDate, type Policy } from '../../../domain/kernel/index.js';
import type { Collection, ProjectedEvent, SqlValue } from '../../../projections/projection.js';
import type { PresentContext, PresentedRow, ReadModel } from '../../../projections/read-model.js';
import { projection, readModels } from '../../../projections/tier-status/index.js';
import { runProjection, type ProjectionRun } from '../../support/projection-harness.js';

export const project = (events: readonly ProjectedEvent[]): ProjectionRun =>
  runProjection(projection, events);

export const readModelNamed = (name: string): ReadModel => {
  const model = readModels.find((candidate) => candidate.name === name);
  if (model === undefined) throw new Error(`no read model ${name}`);
  return model;
};

const bound = (value: SqlValue | undefined, wanted: string, op: 'eq' | 'gte' | 'lte'): boolean => {
  if (value === null || value === undefined) return false;
  if (op === 'eq') return String(value) === wanted;
  return op === 'gte' ? String(value) >= wanted : String(value) <= wanted;
};

export const query = (
  run: ProjectionRun,
  modelName: string,
  asOf: IsoDate,
  params: Readonly<Record<string, string>> = {},
  policy: Policy = POLICY_V1,
): PresentedRow[] => {
  const model = readModelNamed(modelName);
  const context: PresentContext = { asOf, policy };
  const definition = projection.collections[model.collection] as unknown as Collection<unknown>;
  const filters = Object.entries(params).map(([param, value]) => {
    const filter = model.filters.find((candidate) => candidate.param === param);
    if (filter === undefined) throw new Error(`${modelName} has no filter ${param}`);
    if (filter.values !== undefined && !filter.values.includes(value))
      throw new Error(`${param} must be one of ${filter.values.join(', ')}`);
    return { filter, value };
  });
  return run
    .rows(model.collection)
    .filter((row) =>
      filters.every(({ filter, value }) =>
        filter.column === undefined ? true : bound(row[filter.column.name], value, filter.column.op),
      ),
    )
    .map((row) => model.present(run.doc(model.collection, String(row[definition.key])) as never, context))
    .filter((row) =>
      filters.every(
        ({ filter, value }) => filter.matches === undefined || filter.matches(row, value, context),
      ),
    );
};

/** The presented tier_status row of one account. */
export const statusOf = (
  run: ProjectionRun,
  accountId: string,
  asOf: IsoDate,
  policy: Policy = POLICY_V1,
) => {
  const doc = run.doc('tier_status', accountId);
  if (doc === undefined) throw new Error(`no tier_status document for ${accountId}`);
  return readModelNamed('tier-status').present(doc as never, { asOf, policy });
};

/** The account ids a tier-status query returns. */
export const accountIds = (rows: readonly PresentedRow[]): unknown[] => rows.map((row) => row['accountId']);

export const runReport = (
  run: ProjectionRun,
  modelName: string,
  reportName: string,
  asOf: IsoDate,
  params: Readonly<Record<string, string>> = {},
): unknown => {
  const report = readModelNamed(modelName).reports.find((candidate) => candidate.name === reportName);
  if (report === undefined) throw new Error(`${modelName} has no report ${reportName}`);
  return report.run(query(run, modelName, asOf, params), { asOf, policy: POLICY_V1 });
};
