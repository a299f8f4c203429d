// The rows a read-model request selects: filters on plain columns go to SQL (`where` for
// equality, `between` for bounds), the documents that pass are presented as of the request's
// day, and the filters on presented values (time-dependent fields, flags) run on those rows.
import type { Policy } from '../../domain/kernel/index.js';
import type { Filter, PresentContext, ReadModel } from '../../projections/read-model.js';
import type { ReadModelQuery, ReadModelStore, SqlValue } from '../../src/ports.js';
import type { KeyedRow } from './presented-order.js';
import type { FilterUse, RowsRequest } from './read-model-query.js';

/** A filter value as its column holds it. */
const sqlValue = (filter: Filter, value: string): SqlValue => {
  if (filter.type === 'integer') return Number(value);
  if (filter.type === 'boolean') return value === 'true' ? 1 : 0;
  return value;
};

const compare = (a: SqlValue, b: SqlValue): number =>
  typeof a === 'number' && typeof b === 'number'
    ? a - b
    : String(a) < String(b)
      ? -1
      : String(a) > String(b)
        ? 1
        : 0;

/** The tightest of several bounds: the highest lower one, the lowest upper one. */
const tightest = (values: readonly SqlValue[], op: 'gte' | 'lte'): SqlValue =>
  values.reduce((best, v) => ((op === 'gte' ? compare(v, best) > 0 : compare(v, best) < 0) ? v : best));

/** The SQL part of the request, or 'none' when its equalities contradict each other. */
export const sqlQueryOf = (uses: readonly FilterUse[]): ReadModelQuery | 'none' => {
  const where: Record<string, SqlValue> = {};
  const between: Record<string, [SqlValue, SqlValue]> = {};
  for (const { filter, values } of uses) {
    const column = filter.column;
    if (column === undefined) continue;
    const wanted = values.map((v) => sqlValue(filter, v));
    if (column.op === 'eq') {
      const [first] = wanted;
      const previous = Object.hasOwn(where, column.name) ? where[column.name] : first;
      if (first === undefined || wanted.some((v) => v !== first) || previous !== first) return 'none';
      where[column.name] = first;
      continue;
    }
    const bounds = between[column.name] ?? [null, null];
    const given = column.op === 'gte' ? bounds[0] : bounds[1];
    const bound = tightest(given === null ? wanted : [...wanted, given], column.op);
    between[column.name] = column.op === 'gte' ? [bound, bounds[1]] : [bounds[0], bound];
  }
  return { where, between };
};

/**
 * Presented rows by what they depend on: the table's data (the projection's version and
 * position), the SQL part of the query, the day and the policy. Reading and presenting every
 * row is most of a request's cost, and analysts ask the same question many times between two
 * changes of a projection. Least recently used entries go first.
 */
export class PresentedRowsCache {
  private readonly entries = new Map<string, readonly KeyedRow[]>();

  constructor(private readonly maxEntries = 64) {}

  async get(key: string, load: () => Promise<readonly KeyedRow[]>): Promise<readonly KeyedRow[]> {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const rows = await load();
    this.entries.set(key, rows);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return rows;
  }
}

/** Which data a page was read from: rows at this projection version and position are the same rows. */
export interface DataStamp {
  readonly version: number;
  readonly position: bigint;
}

/** The filtered rows, presented as of `request.asOf`, with their keys; unordered. */
export const selectRows = async (
  store: ReadModelStore,
  /** The logical table the model's rows are in. */
  table: string,
  model: ReadModel,
  request: RowsRequest,
  policy: Policy,
  cached?: { readonly cache: PresentedRowsCache; readonly stamp: DataStamp },
): Promise<KeyedRow[]> => {
  const query = sqlQueryOf(request.filters);
  if (query === 'none') return [];
  const context: PresentContext = { asOf: request.asOf, policy };
  const onRows = request.filters.filter(({ filter }) => filter.matches !== undefined);
  const load = async (): Promise<readonly KeyedRow[]> =>
    (await store.find<never>(table, query)).map(({ key, doc }) => ({
      key,
      row: model.present(doc, context),
    }));
  const presented =
    cached === undefined
      ? await load()
      : await cached.cache.get(
          JSON.stringify([
            model.name,
            cached.stamp.version,
            cached.stamp.position.toString(),
            request.asOf,
            policy.version,
            query,
          ]),
          load,
        );
  return presented.filter(({ row }) =>
    onRows.every(({ filter, values }) => values.every((v) => filter.matches!(row, v, context))),
  );
};
