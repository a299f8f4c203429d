// The express app: a request id on every response and log line, API-key access, then JSON bodies
// up to 1 MB (a body is read only once its request is authenticated), the routers, and one error
// handler that turns everything into problem details. A client's mistake is a 4xx; only our own
// fault is a 500, logged with the request id. Without API keys every caller is admin and the
// server listens on loopback only; the Host header must then name loopback too, so a web page
// whose name was rebound to 127.0.0.1 (DNS rebinding) cannot reach it from a browser. The built
// workbench (adapters/web) is served at `/`.
import express, { type ErrorRequestHandler, type Router } from 'express';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { authenticate, type ApiKey } from './auth.js';
import { problem, ProblemError, sendProblem, storeProblem, STORE_RETRY_AFTER_SECONDS } from './problem.js';

export interface AppOptions {
  readonly apiKeys: readonly ApiKey[];
  readonly logger: Logger;
  /** Routes anyone may call (health, metrics, the OpenAPI document). */
  readonly publicRoutes?: readonly Router[];
  /** Routes behind an API key; each checks its own roles. */
  readonly routes: readonly Router[];
  /** The built workbench (index.html and assets/) served at `/`; default: {@link builtWorkbench}. */
  readonly webRoot?: string;
  /** Told each finished request (for metrics). */
  readonly onRequest?: (info: { method: string; route: string; status: number; seconds: number }) => void;
}

interface BodyParserError {
  readonly type?: string;
  readonly status?: number;
  readonly expose?: boolean;
}

/** `localhost`, `127.x.x.x` or `[::1]`, with an optional port: the names of loopback. */
const LOOPBACK_HOST =
  /^(localhost|127\.(25[0-5]|2[0-4]\d|1?\d?\d)\.(25[0-5]|2[0-4]\d|1?\d?\d)\.(25[0-5]|2[0-4]\d|1?\d?\d)|\[::1\])(:\d{1,5})?$/i;

export const isLoopbackHost = (host: string | undefined): boolean =>
  host !== undefined && LOOPBACK_HOST.test(host);

/**
 * Where `npm run build` put the workbench (adapters/web → dist/web): beside the compiled server
 * (dist/adapters/http → dist/web), or under dist/ when the server runs from its sources.
 */
export const builtWorkbench = (): string | undefined =>
  ['../../web/', '../../dist/web/']
    .map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
    .find((dir) => existsSync(join(dir, 'index.html')));

/**
 * The workbench's files: public (they hold no data; the API behind them asks for keys), never
 * framed, scripts only from here. Hashed assets are cached for good, index.html never.
 */
const workbench = (root: string | undefined): Router => {
  const router = express.Router();
  if (root === undefined || !existsSync(join(root, 'index.html'))) {
    // Middleware, like the static files it stands in for: the workbench is never an API route.
    router.use((request, _response, next) => {
      if (request.method !== 'GET' || request.path !== '/') return next();
      throw new ProblemError(
        problem(404, 'WORKBENCH_NOT_BUILT', 'The workbench is not built: run npm run build'),
      );
    });
    return router;
  }
  router.use(
    express.static(root, {
      index: 'index.html',
      redirect: false,
      setHeaders: (res, path) => {
        res.set('X-Content-Type-Options', 'nosniff');
        if (path.endsWith('.html')) {
          res.set('Cache-Control', 'no-cache');
          res.set(
            'Content-Security-Policy',
            "default-src 'self'; img-src 'self' data: blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
          );
        } else res.set('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  return router;
};

/** A client that went away before its body arrived: nothing to answer, nothing of ours to log as an error. */
const isAborted = (error: BodyParserError): boolean => error.type === 'request.aborted';

const bodyParserProblem = (error: BodyParserError) => {
  switch (error.type) {
    case 'entity.too.large':
      return problem(413, 'PAYLOAD_TOO_LARGE', 'The body is larger than 1 MB');
    case 'entity.parse.failed':
      return problem(400, 'MALFORMED_JSON', 'The body is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send UTF-8 JSON');
    default:
      return undefined;
  }
};

export const createApp = (options: AppOptions): express.Express => {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'extended');

  app.use((req, res, next) => {
    const requestId = req.get('x-request-id') ?? randomUUID();
    const started = process.hrtime.bigint();
    res.set('X-Request-Id', requestId);
    res.locals['requestId'] = requestId;
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // The matched route pattern, not the URL: ids don't explode the metrics' label space.
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      options.onRequest?.({
        method: req.method,
        route: `${req.baseUrl}${route}`,
        status: res.statusCode,
        seconds,
      });
      options.logger.info(
        {
          requestId,
          method: req.method,
          url: req.originalUrl,
          status: res.statusCode,
          ms: Math.round(seconds * 1000),
        },
        'request',
      );
    });
    next();
  });

  if (options.apiKeys.length === 0)
    app.use((req, _res, next) => {
      if (isLoopbackHost(req.headers.host)) return next();
      throw new ProblemError(
        problem(
          421,
          'HOST_NOT_ALLOWED',
          'Without API keys this server answers only requests addressed to localhost, 127.0.0.1 or [::1]',
        ),
      );
    });
  for (const router of options.publicRoutes ?? []) app.use(router);
  // After the API's public routes, before the keyed ones: only GET and HEAD of files that exist
  // are answered here, so no route of the API is shadowed.
  app.use(workbench(options.webRoot ?? builtWorkbench()));
  app.use(authenticate(options.apiKeys));
  app.use(express.json({ limit: '1mb', strict: false }));
  for (const router of options.routes) app.use(router);

  app.use((req) => {
    throw new ProblemError(problem(404, 'NOT_FOUND', `No route ${req.method} ${req.path}`));
  });

  const errors: ErrorRequestHandler = (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    // Refused before its body was read (no key, a foreign Host): the connection ends with the
    // answer, so the rest of the body is never taken in.
    if (!req.complete) res.set('Connection', 'close');
    if (error instanceof ProblemError) return sendProblem(res, error.problem);
    // A path whose %-escapes don't decode fails in the router, before any handler.
    if (error instanceof URIError)
      return sendProblem(res, problem(400, 'MALFORMED_PATH', 'The path has a malformed %-escape'));
    if (isAborted(error as BodyParserError)) {
      options.logger.info(
        { requestId: res.locals['requestId'] },
        'the client closed the request before its body arrived',
      );
      return sendProblem(res, problem(400, 'REQUEST_ABORTED', 'The request body ended before its length'));
    }
    const fromParser = bodyParserProblem(error as BodyParserError);
    if (fromParser !== undefined) return sendProblem(res, fromParser);
    const fromStore = storeProblem(error);
    if (fromStore !== undefined) {
      if (fromStore.status === 503) res.set('Retry-After', String(STORE_RETRY_AFTER_SECONDS));
      options.logger.warn({ err: error, requestId: res.locals['requestId'] }, fromStore.detail);
      return sendProblem(res, fromStore);
    }
    options.logger.error({ err: error, requestId: res.locals['requestId'] }, 'unexpected error');
    sendProblem(
      res,
      problem(
        500,
        'INTERNAL',
        `Something went wrong on our side (request ${String(res.locals['requestId'])})`,
      ),
    );
  };
  app.use(errors);
  return app;
};
