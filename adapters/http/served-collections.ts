// Where each read model's rows live and which projection keeps them: the table to query, and
// the projection whose position a page reports and whose progress `minPosition` waits for.
import type { Projection } from '../../projections/projection.js';
import type { ReadModel } from '../../projections/read-model.js';

export interface Served {
  /** The projection keeping the read model's rows (for its position and minPosition). */
  readonly projection: string;
  /** The logical table the rows are read from. */
  readonly table: string;
}

/**
 * Where each read model's rows live. A read model names its collection either by the key the
 * projection's reducer uses (`promotions`) or by its table (`tier_status`); both are found. A
 * read model nobody keeps is a wiring error, thrown at start.
 */
export const servedCollections = (
  models: readonly ReadModel[],
  projections: readonly Projection[],
): ReadonlyMap<string, Served> =>
  new Map(
    models.map((model): [string, Served] => {
      for (const projection of projections) {
        const collections = projection.collections;
        const byKey = Object.hasOwn(collections, model.collection)
          ? collections[model.collection]
          : undefined;
        const table =
          byKey?.table ?? Object.values(collections).find((c) => c.table === model.collection)?.table;
        if (table !== undefined) return [model.name, { projection: projection.name, table }];
      }
      throw new Error(`No projection keeps ${model.collection} (${model.name})`);
    }),
  );
