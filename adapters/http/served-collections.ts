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

/** Where each read model's rows live; a read model nobody keeps is a wiring error, thrown at start. */
export const servedCollections = (
  models: readonly ReadModel[],
  projections: readonly Projection[],
): ReadonlyMap<string, Served> =>
  new Map(
    models.map((model): [string, Served] => {
      const keeper = projections.find((projection) =>
        Object.values(projection.collections).some((c) => c.table === model.collection),
      );
      if (keeper === undefined) throw new Error(`No projection keeps ${model.collection} (${model.name})`);
      return [model.name, { projection: keeper.name, table: model.collection }];
    }),
  );
