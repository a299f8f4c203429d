// The analysts' endpoints, generated from the read models' definitions: every read model as pages
// of presented rows (JSON or CSV), one tier-status row by account, each read model's reports over
// its filtered rows, and the projections' status. All under the role analyst (and admin).
//
// Paging: rows are sorted as presented (values as of asOf), then by key (in SQL, a page at a time,
// when the sort field is a plain column); the opaque cursor holds
// the last row's (sort value, key), so rows written between two pages never shift a page. A CSV
// page gives its next page as `Link: <url>; rel="next"` (the body has no room for it), and every
// answer tells the position the read model had applied in `X-Projection-Position`.
import type { Request, Response, Router } from 'express';
import * as t from 'io-ts';
import { dateOf } from '../../domain/kernel/index.js';
import type { Projection } from '../../projections/projection.js';
import type { ReadModel, Report } from '../../projections/read-model.js';
import { PROJECTIONS, READ_MODELS } from '../../projections/index.js';
import type { Engine } from '../../src/engine.js';
import { InvalidReadModelQuery } from '../../src/ports.js';
import { encodeCursor, ephemeralCursorKey, type CursorKey } from './cursor.js';
import { DecimalString } from '../../src/position.js';
import { described } from '../../domain/kernel/index.js';
import { endpoint, type Endpoint, type HeaderDoc } from './endpoint.js';
import { pathsOf, type PathItem } from './endpoint-openapi.js';
import { dispatch, routerOf } from './endpoint-router.js';
import { sortText, type KeyedRow } from './presented-order.js';
import { csvOf, inFieldOrder, rowCodec } from './presented-row.js';
import { problem, ProblemError } from './problem.js';
import { ProjectionStatusJson, ReactorStatusJson } from './projection-status-json.js';
import { param, paramsOf } from './route-params.js';
import {
  listQuery,
  listRequest,
  rowsQuery,
  rowsRequest,
  type ListRequest,
  type RowsRequest,
} from './read-model-query.js';
import { pageRows, PresentedRowsCache, selectRows, type DataStamp } from './read-model-rows.js';
import { awaitPosition, DEFAULT_WAIT_MS } from './read-your-writes.js';
import { ROW_ROUTES } from './row-routes.js';
import { servedCollections, type Served } from './served-collections.js';

export const POSITION_HEADER = 'X-Projection-Position';

export type ReadModelEngine = Pick<Engine, 'readModels' | 'projector' | 'clock' | 'policy'> &
  Partial<Pick<Engine, 'processes'>>;

export interface ReadModelRoutesOptions {
  readonly models?: readonly ReadModel[];
  /** Which projection keeps each read model's collection (for its position and minPosition). */
  readonly projections?: readonly Projection[];
  /** How long `minPosition` waits before a 503 (default 2 s). */
  readonly minPositionWaitMs?: number;
  /** The budget of the presented-rows cache in bytes of JSON (default 32 MiB). */
  readonly presentedRowsBytes?: number;
  /** The presented-rows cache itself (a test reads its byte accounting); default one of presentedRowsBytes. */
  readonly presentedRows?: PresentedRowsCache;
  /** The secret cursors are signed with (default: one of this router's own, lost with it). */
  readonly cursorKey?: CursorKey;
}

/** What the analysts' endpoints are served with. */
interface Reading {
  readonly engine: ReadModelEngine;
  readonly served: ReadonlyMap<string, Served>;
  readonly waitMs: number;
  readonly presentedRows: PresentedRowsCache;
  readonly cursorKey: CursorKey;
}

const analysed = endpoint<Reading>({ tag: 'Read models (analyst)', roles: ['analyst'] });

const pascal = (name: string): string =>
  name
    .split(/[-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

const POSITION: Record<string, HeaderDoc> = {
  [POSITION_HEADER]: {
    description: 'The global position the read model had applied when the rows were read',
    schema: { type: 'string', pattern: '^[0-9]+$' },
  },
};

const PROBLEMS = {
  '400':
    'A parameter the route does not take, or a value of the wrong type or outside the filter’s values, a tampered cursor (INVALID_REQUEST, errors at query.<param>)',
  '503': {
    description:
      'The read model did not reach minPosition within 2 s (PROJECTION_BEHIND), or is not built yet (READ_MODEL_UNAVAILABLE)',
    headers: {
      'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } },
    },
  },
};

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

/** Waits for minPosition, then gives the version and position the projection has applied (before the read). */
const readyPosition = async (
  { engine, served, waitMs }: Reading,
  model: ReadModel,
  request: RowsRequest,
  res: Response,
): Promise<DataStamp> => {
  const { projection } = served.get(model.name)!;
  await awaitPosition(engine.projector, projection, request.minPosition, waitMs, res);
  // Taken before the rows: they reflect at least this position, never less.
  const status = (await engine.projector.status()).find((s) => s.name === projection);
  const stamp = { version: status?.version ?? 0, position: status?.position ?? 0n };
  res.set(POSITION_HEADER, stamp.position.toString());
  return stamp;
};

/** The filtered, presented rows as of the request's day, after minPosition (for a report). */
const rowsOf = async (reading: Reading, model: ReadModel, request: RowsRequest, res: Response) => {
  const stamp = await readyPosition(reading, model, request, res);
  const { engine, served, presentedRows } = reading;
  const rows: KeyedRow[] = await readingRows(res, () =>
    selectRows(engine.readModels, served.get(model.name)!, model, request, engine.policy, {
      cache: presentedRows,
      stamp,
    }),
  );
  return { rows, stamp };
};

/** One page of the filtered rows as of the request's day, after minPosition. */
const pageFor = async (reading: Reading, model: ReadModel, request: ListRequest, res: Response) => {
  const stamp = await readyPosition(reading, model, request, res);
  const { engine, served, presentedRows } = reading;
  const page = await readingRows(res, () =>
    pageRows(engine.readModels, served.get(model.name)!, model, request, engine.policy, {
      cache: presentedRows,
      stamp,
      today: today(reading),
    }),
  );
  return { page, stamp };
};

const today = ({ engine }: Reading): string => dateOf(engine.clock.now());

const listOf = (model: ReadModel, cursorKey: CursorKey) =>
  analysed({
    method: 'get',
    path: `/read-models/${model.name}`,
    operationId: `list${pascal(model.name)}`,
    summary: `Rows of ${model.name}: filtered, sorted, a page at a time`,
    description:
      'Rows are presented as of `asOf`, sorted by `sort` then by key; pages are keyset pages, stable when rows are ' +
      'added between them. `Accept: text/csv` gives the same rows as CSV (RFC 4180, a header line with the field ' +
      'names, lists joined by `|`, a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return written ' +
      'with a single quote first so no spreadsheet runs it); a CSV page links its next page in the `Link` header (`rel="next"`).',
    negotiated: true,
    query: listQuery(model, cursorKey),
    answers: {
      '200': {
        description: 'A page of rows',
        headers: {
          ...POSITION,
          Link: { description: '`<url>; rel="next"` when a next page exists', schema: { type: 'string' } },
        },
        json: t.type({
          items: t.array(rowCodec(model)),
          nextCursor: described(t.union([t.string, t.null]), 'null on the last page'),
          position: described(DecimalString, 'The position the read model had applied'),
        }),
        other: { 'text/csv': { type: 'string' } },
      },
    },
    problems: PROBLEMS,
    handle: async ({ req, res, query, format }, reading) => {
      const request = listRequest(model, query, today(reading));
      const { page, stamp } = await pageFor(reading, model, request, res);
      const nextCursor =
        page.next === undefined
          ? null
          : encodeCursor(reading.cursorKey, {
              model: model.name,
              sort: sortText(request.sort),
              asOf: request.asOf,
              after: page.next,
            });
      if (nextCursor !== null) res.set('Link', `<${nextPageUrl(req, nextCursor)}>; rel="next"`);
      const items = page.items.map(({ row }) => inFieldOrder(model, row));
      return format === 'text/csv'
        ? csvOf(model, items)
        : { json: { items, nextCursor, position: stamp.position } };
    },
  });

const reportOf = (model: ReadModel, report: Report) =>
  analysed({
    method: 'get',
    path: `/read-models/${model.name}/${report.name}`,
    operationId: `report${pascal(model.name)}${pascal(report.name)}`,
    summary: `${model.name}: ${report.name}`,
    description: `${report.description}. Over the rows the filters select, as of asOf.`,
    negotiated: true,
    query: rowsQuery(model, true),
    // A report's shape is its own (a matrix, a list of groups): the document says no more.
    answers: {
      '200': {
        description: report.description,
        headers: POSITION,
        json: described(t.unknown, report.description),
      },
    },
    problems: PROBLEMS,
    handle: async ({ res, query }, reading) => {
      const request = rowsRequest(model, query, today(reading));
      const { rows } = await rowsOf(reading, model, request, res);
      const context = { asOf: request.asOf, policy: reading.engine.policy };
      return {
        json: report.run(
          rows.map(({ row }) => row),
          context,
        ),
      };
    },
  });

const rowOf = (model: ReadModel, keyName: string) =>
  analysed({
    method: 'get',
    path: `/read-models/${model.name}/{${keyName}}`,
    operationId: `get${pascal(model.name)}Row`,
    summary: `One row of ${model.name}`,
    description: `The row of one ${keyName}, as of asOf. A report of the same name wins over a ${keyName}.`,
    negotiated: true,
    params: paramsOf({ [keyName]: param(`The ${keyName}`, t.string) }),
    query: rowsQuery(model, false),
    answers: {
      '200': {
        description: 'The presented row',
        headers: POSITION,
        json: rowCodec(model),
        other: { 'text/csv': { type: 'string' } },
      },
    },
    problems: { ...PROBLEMS, '404': `No row for that ${keyName} (NOT_FOUND)` },
    handle: async ({ res, params, query, format }, reading) => {
      const key = params[keyName]!;
      const request = rowsRequest(model, query, today(reading));
      await readyPosition(reading, model, request, res);
      const { engine, served } = reading;
      const found = await readingRows(res, () =>
        engine.readModels.get<never>(served.get(model.name)!.table, key),
      );
      if (found === undefined)
        throw new ProblemError(
          problem(404, 'NOT_FOUND', `${model.name} has no row for ${keyName} ${key}`, { [keyName]: key }),
        );
      const row = inFieldOrder(
        model,
        model.present(found.doc, { asOf: request.asOf, policy: engine.policy }),
      );
      return format === 'text/csv' ? csvOf(model, [row]) : { json: row };
    },
  });

const PROJECTIONS_ENDPOINT = analysed({
  method: 'get',
  path: '/projections',
  operationId: 'listProjections',
  summary: 'Each projection’s and reactor’s version, position, head, lag (in events), state and connection',
  answers: {
    '200': {
      description: 'The projections, and the reactors (process managers) that follow the log beside them',
      json: t.type({ projections: t.array(ProjectionStatusJson), reactors: t.array(ReactorStatusJson) }),
    },
  },
  handle: async (_input, { engine }) => {
    const [projections, reactors] = await Promise.all([
      engine.projector.status(),
      engine.processes?.status() ?? [],
    ]);
    return { json: { projections, reactors } };
  },
});

/** Each read model's endpoints: its list, its reports, and its row route (a report's name wins over a key). */
const endpointsOf = (model: ReadModel, cursorKey: CursorKey) => {
  const keyName = ROW_ROUTES[model.name];
  return {
    list: listOf(model, cursorKey),
    parts: [
      ...model.reports.map((report) => reportOf(model, report)),
      ...(keyName === undefined ? [] : [rowOf(model, keyName)]),
    ],
  };
};

/** Every analyst endpoint: `/projections`, and per read model its list, reports and row route. */
export const readModelEndpoints = (
  models: readonly ReadModel[] = READ_MODELS,
  cursorKey: CursorKey = ephemeralCursorKey(),
): Endpoint<Reading>[] => [
  PROJECTIONS_ENDPOINT,
  ...models.flatMap((model) => {
    const { list, parts } = endpointsOf(model, cursorKey);
    return [list, ...parts];
  }),
];

export const readModelRoutes = (engine: ReadModelEngine, options: ReadModelRoutesOptions = {}): Router => {
  const models = options.models ?? READ_MODELS;
  const cursorKey = options.cursorKey ?? ephemeralCursorKey();
  const reading: Reading = {
    cursorKey,
    engine,
    served: servedCollections(models, options.projections ?? PROJECTIONS),
    waitMs: options.minPositionWaitMs ?? DEFAULT_WAIT_MS,
    presentedRows: options.presentedRows ?? new PresentedRowsCache(options.presentedRowsBytes),
  };
  const served = new Map(models.map((model) => [model.name, { model, ...endpointsOf(model, cursorKey) }]));
  const named = (req: Request) => {
    const found = served.get(String(req.params['name']));
    if (found !== undefined) return found;
    const readModels = models.map((m) => m.name);
    throw new ProblemError(
      problem(404, 'UNKNOWN_READ_MODEL', `There is no read model ${String(req.params['name'])}`, {
        readModels,
      }),
    );
  };
  const part = (req: Request) => {
    const { model, parts } = named(req);
    const name = String(req.params['part']);
    const path = `/read-models/${model.name}/${name}`;
    const chosen = parts.find((e) => e.path === path) ?? parts.find((e) => e.path.endsWith('}'));
    if (chosen !== undefined) return chosen;
    const reports = model.reports.map((r) => r.name);
    throw new ProblemError(
      problem(404, 'UNKNOWN_REPORT', `The read model ${model.name} has no report ${name}`, { reports }),
    );
  };
  // One express route per shape (the metrics' route label): the read model's name picks the endpoint.
  const router = routerOf([PROJECTIONS_ENDPOINT], reading);
  const all = [...served.values()];
  dispatch(
    router,
    '/read-models/:name',
    all.map((e) => e.list),
    reading,
    (req) => named(req).list,
  );
  dispatch(
    router,
    '/read-models/:name/:part',
    all.flatMap((e) => e.parts),
    reading,
    part,
  );
  return router;
};

export const readModelPaths = (models: readonly ReadModel[] = READ_MODELS): Record<string, PathItem> =>
  pathsOf(readModelEndpoints(models));
