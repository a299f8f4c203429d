// Serves a read model over a projection run the way the query layer does: SQL filters on the
// plain columns, then `present` as of a day, then the filters on presented rows (a repeated
// parameter is one call per value). Stands in for the HTTP layer, which is not built yet.
import { POLICY_V1 } from '../../../domain/kernel/index.js';
import type { Collection, Row } from '../../../projections/projection.js';
import type { PresentContext, PresentedRow, ReadModel } from '../../../projections/read-model.js';
import { projection, readModels } from '../../../projections/stock-coverage/index.js';
import type { ProjectionRun } from '../../support/projection-harness.js';

export const model = (name: string): ReadModel => {
  const found = readModels.find((m) => m.name === name);
  if (found === undefined) throw new Error(`no read model ${name}`);
  return found;
};

export const contextOn = (asOf: string): PresentContext => ({ asOf, policy: POLICY_V1 });

export type Params = Readonly<Record<string, string | readonly string[]>>;

const inSql = (row: Row, column: string, op: 'eq' | 'gte' | 'lte', value: string): boolean => {
  const cell = row[column];
  if (cell === null || cell === undefined) return false;
  const wanted = typeof cell === 'number' ? Number(value) : value;
  return op === 'eq' ? cell === wanted : op === 'gte' ? cell >= wanted : cell <= wanted;
};

export const serve = (
  run: ProjectionRun,
  name: string,
  asOf: string,
  params: Params = {},
): PresentedRow[] => {
  const readModel = model(name);
  const context = contextOn(asOf);
  const definition = projection.collections[readModel.collection] as unknown as Collection<unknown>;
  const filters = Object.entries(params).map(([param, given]) => {
    const filter = readModel.filters.find((f) => f.param === param);
    if (filter === undefined) throw new Error(`${name} has no filter ${param}`);
    return { filter, values: typeof given === 'string' ? [given] : given };
  });
  const rows = run
    .rows(readModel.collection)
    .filter((row) =>
      filters.every(
        ({ filter, values }) =>
          filter.column === undefined ||
          values.every((v) => inSql(row, filter.column?.name ?? '', filter.column?.op ?? 'eq', v)),
      ),
    );
  return rows
    .map((row) =>
      readModel.present(run.doc(readModel.collection, row[definition.key] as string) as never, context),
    )
    .filter((row) =>
      filters.every(
        ({ filter, values }) =>
          filter.matches === undefined || values.every((v) => filter.matches?.(row, v, context)),
      ),
    );
};

/** The keys of the served rows, `<accountId>:<sku>`, for short assertions. */
export const keysOf = (rows: readonly PresentedRow[]): string[] =>
  rows.map((row) => `${String(row['accountId'])}:${String(row['sku'])}`);
