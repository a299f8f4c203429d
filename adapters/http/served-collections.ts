// Where each read model's rows live and which projection keeps them: the table to query, and
// the projection whose position a page reports and whose progress `minPosition` waits for.
import type { Projection } from '../../projections/projection.js';
import type { ReadModel } from '../../projections/read-model.js';

export interface Served {
  /** The projection keeping the read model's rows (for its position and minPosition). */
  readonly projection: string;
  /** The logical table the rows are read from. */
  readonly table: string;
  /** Its key column: the final tie-breaker of every order. */
  readonly key: string;
}

/** Where each read model's rows live; a read model nobody keeps is a wiring error, thrown at start. */
export const servedCollections = (
  models: readonly ReadModel[],
  projections: readonly Projection[],
): ReadonlyMap<string, Served> =>
  new Map(
    models.map((model): [string, Served] => {
      for (const projection of projections) {
        const kept = Object.values(projection.collections).find((c) => c.table === model.collection);
        if (kept !== undefined)
          return [model.name, { projection: projection.name, table: model.collection, key: kept.key }];
      }
      throw new Error(`No projection keeps ${model.collection} (${model.name})`);
    }),
  );
