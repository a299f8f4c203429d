// The analysts' routes: every read model as pages of presented rows (JSON or CSV), one
// tier-status row by account, each read model's reports over its filtered rows, and the
// projections' status. All under the role analyst (and admin).
//
// Paging: rows are sorted as presented (values as of asOf), then by key; the opaque cursor holds
// the last row's (sort value, key), so rows written between two pages never shift a page. A CSV
// page gives its next page as `Link: <url>; rel="next"` (the body has no room for it), and every
// answer tells the position the read model had applied in `X-Projection-Position`.
import { Router, type Request, type Response } from 'express';
import { dateOf } from '../../domain/kernel/index.js';
import type { Projection } from '../../projections/projection.js';
import type { PresentedRow, ReadModel } from '../../projections/read-model.js';
import { PROJECTIONS, READ_MODELS } from '../../projections/index.js';
import type { Engine } from '../../src/engine.js';
import { InvalidReadModelQuery } from '../../src/ports.js';
import type { ProjectorStatus } from '../../src/consumers/projector/projector.js';
import { allow } from './auth.js';
import { negotiate } from './content-negotiation.js';
import { CSV_CONTENT_TYPE, toCsv } from './csv.js';
import { encodeCursor } from './cursor.js';
import { pageOf, sortText, type KeyedRow } from './presented-order.js';
import { problem, ProblemError } from './problem.js';
import { readListRequest, readRowsRequest, type RowsRequest } from './read-model-request.js';
import { PresentedRowsCache, selectRows, type DataStamp } from './read-model-rows.js';
import { ROW_ROUTES } from './row-routes.js';
import { servedCollections } from './served-collections.js';
import { awaitPosition, DEFAULT_WAIT_MS } from './read-your-writes.js';

export { readModelPaths } from './read-model-openapi.js';
export { ROW_ROUTES } from './row-routes.js';

export const POSITION_HEADER = 'X-Projection-Position';

export type ReadModelEngine = Pick<Engine, 'readModels' | 'projector' | 'clock' | 'policy'>;

export interface ReadModelRoutesOptions {
  readonly models?: readonly ReadModel[];
  /** Which projection keeps each read model's collection (for its position and minPosition). */
  readonly projections?: readonly Projection[];
  /** How long `minPosition` waits before a 503 (default 2 s). */
  readonly minPositionWaitMs?: number;
}

const projectionJson = (status: ProjectorStatus) => ({
  name: status.name,
  version: status.version,
  position: status.position.toString(),
  head: status.head.toString(),
  lag: status.lag.toString(),
  state: status.state,
  ...(status.error === undefined ? {} : { error: status.error }),
  ...(status.rebuild === undefined
    ? {}
    : { rebuild: { version: status.rebuild.version, position: status.rebuild.position.toString() } }),
});

/** The row with exactly the model's fields, in their order (JSON keys and CSV columns alike). */
const inFieldOrder = (model: ReadModel, row: PresentedRow): PresentedRow =>
  Object.fromEntries(model.fields.map((field) => [field.name, row[field.name] ?? null]));

/** The URL of the next page: this request's, with the cursor replaced. */
const nextPageUrl = (req: Request, cursor: string): string => {
  const url = new URL(req.originalUrl, 'http://localhost');
  url.searchParams.set('cursor', cursor);
  return `${url.pathname}${url.search}`;
};

/** A read model whose tables are not there yet (before its first run) is unavailable, not broken. */
const readingRows = async <T>(res: Response, work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof InvalidReadModelQuery)) throw error;
    if (error.reason === 'unknown_collection') {
      res.set('Retry-After', '1');
      throw new ProblemError(
        problem(503, 'READ_MODEL_UNAVAILABLE', 'The read model is not built yet; retry shortly'),
      );
    }
    throw new ProblemError(problem(400, 'INVALID_QUERY', error.message));
  }
};

export const readModelRoutes = (engine: ReadModelEngine, options: ReadModelRoutesOptions = {}): Router => {
  const router = Router();
  const models = options.models ?? READ_MODELS;
  const served = servedCollections(models, options.projections ?? PROJECTIONS);
  const waitMs = options.minPositionWaitMs ?? DEFAULT_WAIT_MS;
  const today = (): string => dateOf(engine.clock.now());

  const modelNamed = (name: string): ReadModel => {
    const model = models.find((m) => m.name === name);
    if (model === undefined)
      throw new ProblemError(
        problem(404, 'UNKNOWN_READ_MODEL', `There is no read model ${name}`, {
          readModels: models.map((m) => m.name),
        }),
      );
    return model;
  };

  /** Waits for minPosition, then gives the version and position the projection has applied (before the read). */
  const readyPosition = async (model: ReadModel, request: RowsRequest, res: Response): Promise<DataStamp> => {
    const { projection } = served.get(model.name)!;
    await awaitPosition(engine.projector, projection, request.minPosition, waitMs, res);
    // Taken before the rows: they reflect at least this position, never less.
    const status = (await engine.projector.status()).find((s) => s.name === projection);
    const stamp = { version: status?.version ?? 0, position: status?.position ?? 0n };
    res.set(POSITION_HEADER, stamp.position.toString());
    return stamp;
  };

  const presentedRows = new PresentedRowsCache();
  const rowsOf = (
    model: ReadModel,
    request: RowsRequest,
    res: Response,
    stamp: DataStamp,
  ): Promise<KeyedRow[]> =>
    readingRows(res, () =>
      selectRows(engine.readModels, served.get(model.name)!.table, model, request, engine.policy, {
        cache: presentedRows,
        stamp,
      }),
    );

  router.get('/projections', allow('analyst'), async (_req, res) => {
    const statuses = await engine.projector.status();
    res.json({ projections: statuses.map(projectionJson) });
  });

  router.get('/read-models/:name', allow('analyst'), async (req, res) => {
    const model = modelNamed(String(req.params['name']));
    const format = negotiate(req, ['application/json', 'text/csv']);
    const request = readListRequest(req.query, model, today());
    const stamp = await readyPosition(model, request, res);
    const rows = await rowsOf(model, request, res, stamp);
    const page = pageOf(rows, request.sort, request.limit, request.after);
    const nextCursor =
      page.next === undefined
        ? null
        : encodeCursor({
            model: model.name,
            sort: sortText(request.sort),
            asOf: request.asOf,
            after: page.next,
          });
    if (nextCursor !== null) res.set('Link', `<${nextPageUrl(req, nextCursor)}>; rel="next"`);
    const items = page.items.map(({ row }) => inFieldOrder(model, row));
    if (format === 'text/csv') {
      res.type(CSV_CONTENT_TYPE).send(
        toCsv(
          model.fields.map((f) => f.name),
          items,
        ),
      );
      return;
    }
    res.json({ items, nextCursor, position: stamp.position.toString() });
  });

  router.get('/read-models/:name/:part', allow('analyst'), async (req, res) => {
    const model = modelNamed(String(req.params['name']));
    const part = String(req.params['part']);
    const report = model.reports.find((r) => r.name === part);
    if (report !== undefined) {
      negotiate(req, ['application/json']);
      const request = readRowsRequest(req.query, model, today(), true);
      const stamp = await readyPosition(model, request, res);
      const rows = await rowsOf(model, request, res, stamp);
      res.json(
        report.run(
          rows.map(({ row }) => row),
          { asOf: request.asOf, policy: engine.policy },
        ),
      );
      return;
    }
    const keyName = ROW_ROUTES[model.name];
    if (keyName === undefined)
      throw new ProblemError(
        problem(404, 'UNKNOWN_REPORT', `The read model ${model.name} has no report ${part}`, {
          reports: model.reports.map((r) => r.name),
        }),
      );
    const format = negotiate(req, ['application/json', 'text/csv']);
    const request = readRowsRequest(req.query, model, today(), false);
    await readyPosition(model, request, res);
    const found = await readingRows(res, () =>
      engine.readModels.get<never>(served.get(model.name)!.table, part),
    );
    if (found === undefined)
      throw new ProblemError(
        problem(404, 'NOT_FOUND', `${model.name} has no row for ${keyName} ${part}`, { [keyName]: part }),
      );
    const row = inFieldOrder(model, model.present(found.doc, { asOf: request.asOf, policy: engine.policy }));
    if (format === 'text/csv') {
      res.type(CSV_CONTENT_TYPE).send(
        toCsv(
          model.fields.map((f) => f.name),
          [row],
        ),
      );
      return;
    }
    res.json(row);
  });

  return router;
};
