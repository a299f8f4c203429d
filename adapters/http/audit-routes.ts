// The auditors' routes: an account's timeline across its streams, an aggregate's state as of a
// revision or a moment, one stream's events, and its hash-chain verification. All under the role
// auditor (and admin). What the audit could not answer is a typed result, mapped to a precise
// problem here: 404 NOT_FOUND (no such account or stream), 404 REVISION_BEYOND_END (the stream
// ends before the revision asked for), 404 BEFORE_FIRST_EVENT (nothing was recorded by then).
import { Router, type Request, type Response } from 'express';
import { Id, type AggregateKind } from '../../domain/kernel/index.js';
import { MAX_PAGE_SIZE } from '../../src/audit/index.js';
import type { AsOf, StateAsOf } from '../../src/audit/index.js';
import type { Engine } from '../../src/engine.js';
import { allow } from './auth.js';
import { auditEventJson } from './audit-event-json.js';
import { AGGREGATE_PATHS } from './command-routes.js';
import { bigintsAsStrings, problem, ProblemError, validationProblem, type Problem } from './problem.js';
import { QueryReader } from './query-params.js';

export { auditPaths } from './audit-openapi.js';

export type AuditEngine = Pick<Engine, 'audit'>;

/** A stream id: a category, `-`, and an id (letters, digits, `_ . : -`). */
const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;
/** Later than any event: "as of" it is the current state. */
const END_OF_TIME = '9999-12-31T23:59:59.999Z';

const pathParam = (
  req: Request,
  name: string,
  valid: (value: string) => boolean,
  message: string,
): string => {
  const value = String(req.params[name]);
  if (!valid(value))
    throw new ProblemError(validationProblem([{ path: `path.${name}`, message }], 'The path'));
  return value;
};

const idParam = (req: Request): string =>
  pathParam(
    req,
    'id',
    (v) => Id.is(v),
    'must be 1–100 letters, digits, _ . : or -, starting with a letter or digit',
  );

const streamIdParam = (req: Request): string =>
  pathParam(req, 'streamId', (v) => STREAM_ID.test(v), 'must be a stream id such as account-<id>');

const notFound = (what: string, extensions: Record<string, unknown>): ProblemError =>
  new ProblemError(problem(404, 'NOT_FOUND', `${what} has no events`, extensions));

const sendJson = (res: Response, body: unknown): void => {
  res.type('application/json').send(JSON.stringify(body, bigintsAsStrings));
};

/** The query of a state request: a revision, a moment, or neither (the current state). */
const asOfOf = (req: Request): AsOf => {
  const reader = new QueryReader(req.query);
  reader.onlyThese(['asOf', 'revision']);
  const moment = reader.dateTime('asOf');
  const revision = reader.decimal('revision');
  if (moment !== undefined && revision !== undefined)
    reader.error('revision', 'cannot be combined with asOf: ask for one revision or one moment');
  reader.done();
  if (revision !== undefined) return { revision };
  return { recordedAt: moment ?? END_OF_TIME };
};

const stateProblem = (result: Exclude<StateAsOf, { kind: 'state' }>): Problem => {
  switch (result.kind) {
    case 'stream_not_found':
      return problem(404, 'NOT_FOUND', `${result.streamId} has no events`, { streamId: result.streamId });
    case 'revision_beyond_end':
      return problem(
        404,
        'REVISION_BEYOND_END',
        `${result.streamId} ends at revision ${result.lastRevision.toString()}; there is no revision ${result.requested.toString()}`,
        { streamId: result.streamId, requested: result.requested, lastRevision: result.lastRevision },
      );
    case 'before_first_event':
      return problem(
        404,
        'BEFORE_FIRST_EVENT',
        `${result.streamId} had no events at ${result.requested}; its first was recorded at ${result.firstRecordedAt}`,
        { streamId: result.streamId, requested: result.requested, firstRecordedAt: result.firstRecordedAt },
      );
    case 'invalid_revision':
      return validationProblem([{ path: 'query.revision', message: 'must be ≥ 0' }], 'The query');
    case 'invalid_timestamp':
      return validationProblem([{ path: 'query.asOf', message: 'must be a valid timestamp' }], 'The query');
  }
};

export const auditRoutes = (engine: AuditEngine): Router => {
  const router = Router();
  const { audit } = engine;

  router.get('/accounts/:id/history', allow('auditor'), async (req, res) => {
    const accountId = idParam(req);
    const reader = new QueryReader(req.query);
    reader.onlyThese(['after', 'limit']);
    const after = reader.decimal('after');
    const limit = reader.integer('limit', 1, MAX_PAGE_SIZE);
    reader.done();
    const timeline = await audit.timeline(accountId, {
      ...(after === undefined ? {} : { after }),
      ...(limit === undefined ? {} : { limit }),
    });
    if (timeline.kind === 'account_not_found') throw notFound(`The account ${accountId}`, { accountId });
    sendJson(res, {
      accountId,
      streams: timeline.streams,
      events: timeline.events.map(auditEventJson),
      next: timeline.next ?? null,
    });
  });

  for (const [kind, base] of Object.entries(AGGREGATE_PATHS) as [AggregateKind, string][]) {
    router.get(`${base}/:id/state`, allow('auditor'), async (req, res) => {
      const id = idParam(req);
      const result = await audit.stateAsOf(kind, id, asOfOf(req));
      if (result.kind !== 'state') throw new ProblemError(stateProblem(result));
      sendJson(res, { state: result.state, revision: result.revision, recordedAt: result.recordedAt });
    });
  }

  router.get('/streams/:streamId/events', allow('auditor'), async (req, res) => {
    const streamId = streamIdParam(req);
    const reader = new QueryReader(req.query);
    reader.onlyThese(['from', 'limit', 'direction']);
    const from = reader.decimal('from');
    const limit = reader.integer('limit', 1, MAX_PAGE_SIZE);
    const direction = reader.oneOf('direction', ['forwards', 'backwards'] as const);
    reader.done();
    const history = await audit.history(streamId, {
      ...(from === undefined ? {} : { from }),
      ...(limit === undefined ? {} : { limit }),
      ...(direction === undefined ? {} : { direction }),
    });
    if (history.kind === 'stream_not_found') throw notFound(streamId, { streamId });
    sendJson(res, {
      streamId,
      direction: history.direction,
      events: history.events.map(auditEventJson),
      next: history.next ?? null,
    });
  });

  router.get('/streams/:streamId/verify', allow('auditor'), async (req, res) => {
    const streamId = streamIdParam(req);
    const reader = new QueryReader(req.query);
    reader.onlyThese([]);
    reader.done();
    const verification = await audit.verify(streamId);
    if (verification.kind === 'stream_not_found') throw notFound(streamId, { streamId });
    const { result } = verification;
    // A broken chain is an answer, not an error: 200 with ok false.
    sendJson(
      res,
      result.ok
        ? { ok: true, events: result.events, headHash: result.headHash }
        : { ok: false, brokenAt: result.brokenAt, reason: result.reason },
    );
  });

  return router;
};
