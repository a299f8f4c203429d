// The auditors' endpoints: an account's timeline across its streams, an aggregate's state as of a
// revision or a moment, one stream's events, and its hash-chain verification. All under the role
// auditor (and admin). What the audit could not answer is a typed result, mapped to a precise
// problem (problem.ts): 404 NOT_FOUND (no such account or stream), 404 REVISION_BEYOND_END (the
// stream ends before the revision asked for), 404 BEFORE_FIRST_EVENT (nothing was recorded by then).
// A state answers with its revision as ETag, as a command does. A read of a stream whose hash chain
// is known broken (a verification found it, or its head is behind its anchored head) is served
// with `Warning: 199 - "hash chain of <stream> broken at revision N"`.
import type { Router } from 'express';
import * as t from 'io-ts';
import { Id, IsoDateTime, oneOf, refine, type AggregateKind } from '../../domain/kernel/index.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type AsOf, type AuditTrail } from '../../src/audit/index.js';
import { AGGREGATES } from '../../src/commands/aggregates.js';
import type { Engine } from '../../src/engine.js';
import { AuditEventJson, auditEventJson } from './audit-event-json.js';
import { AGGREGATE_PATHS } from './command-routes.js';
import { DecimalString } from '../../src/position.js';
import { described } from '../../domain/kernel/index.js';
import { endpoint, type Endpoint } from './endpoint.js';
import { pathsOf, type PathItem } from './endpoint-openapi.js';
import { routerOf } from './endpoint-router.js';
import { ETAG, etagOf } from './etag.js';
import { JsonObjectCodec as JsonObject } from '../../src/json-object.js';
import { problem, ProblemError, stateProblem } from './problem.js';
import { Position, single, wholeNumber } from './query-values.js';
import { param, paramsOf } from './route-params.js';

export type AuditEngine = Pick<Engine, 'audit'>;

const audited = endpoint<AuditEngine>({ tag: 'Audit (auditor)', roles: ['auditor'] });

/** Later than any event: "as of" it is the current state. */
const END_OF_TIME = '9999-12-31T23:59:59.999Z';

const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;
const StreamId = refine(
  t.string,
  (s) => STREAM_ID.test(s),
  'StreamId',
  'must be a stream id such as account-<id>',
  { pattern: STREAM_ID.source },
);

const ID = paramsOf({ id: param('The aggregate’s id', Id) });
const STREAM = paramsOf({ streamId: param('A stream id: `<category>-<id>`, e.g. account-acme', StreamId) });
const LIMIT = param('Events per page', single(wholeNumber(1, MAX_PAGE_SIZE)), DEFAULT_PAGE_SIZE);

const BAD_REQUEST =
  'A malformed id or parameter, or a parameter the route does not take (INVALID_REQUEST, errors at path.<name> or query.<name>)';
const STREAM_NOT_FOUND = 'The stream has no events (NOT_FOUND)';

const page = <P extends t.Props>(extra: P, next: string) =>
  t.type({
    ...extra,
    events: t.array(AuditEventJson),
    next: t.union([described(DecimalString, next), t.null]),
  });

const WARNING = {
  description:
    'When a stream read here has a broken hash chain: `199 - "hash chain of <stream> broken at revision N"`',
  schema: { type: 'string' },
};

/** The Warning header for the streams of a read whose chains are known broken (none when all hold). */
const chainWarning = async (
  audit: AuditTrail,
  streamIds: readonly string[],
): Promise<Record<string, string>> => {
  const breaks = await audit.chainBreaks(streamIds);
  if (breaks.length === 0) return {};
  return {
    Warning: breaks
      .map((b) => `199 - "hash chain of ${b.streamId} broken at revision ${b.brokenAt.toString()}"`)
      .join(', '),
  };
};

const notFound = (what: string, extensions: Record<string, unknown>): ProblemError =>
  new ProblemError(problem(404, 'NOT_FOUND', `${what} has no events`, extensions));

const HISTORY = audited({
  method: 'get',
  path: '/accounts/{id}/history',
  operationId: 'accountHistory',
  summary: 'The account’s timeline: its own, its agreements’ and its commitments’ events',
  description: 'In global-position order, a page at a time, each event with who, when and why.',
  params: paramsOf({ id: param('The account id', Id) }),
  query: paramsOf({
    after: param('Events strictly after this global position (a page’s `next`)', single(Position)),
    limit: LIMIT,
  }),
  answers: {
    '200': {
      description: 'A page of the timeline',
      headers: { Warning: WARNING },
      json: page(
        { accountId: t.string, streams: t.array(t.string) },
        'The `after` of the next page; null on the last',
      ),
    },
  },
  problems: { '400': BAD_REQUEST, '404': 'No such account (NOT_FOUND)' },
  handle: async ({ params: { id: accountId }, query: { after, limit } }, { audit }) => {
    const timeline = await audit.timeline(accountId, {
      ...(after === undefined ? {} : { after }),
      ...(limit === undefined ? {} : { limit }),
    });
    if (timeline.kind === 'account_not_found') throw notFound(`The account ${accountId}`, { accountId });
    const { streams, events, next } = timeline;
    return {
      headers: await chainWarning(audit, streams),
      json: { accountId, streams, events: events.map(auditEventJson), next: next ?? null },
    };
  },
});

const STATE_QUERY = paramsOf(
  {
    asOf: param(
      'The state from the events recorded at or before this moment (ISO 8601 with a zone)',
      single(IsoDateTime),
    ),
    revision: param('The state after this revision (not with asOf)', single(Position)),
  },
  {
    check: ({ asOf, revision }) =>
      asOf !== undefined && revision !== undefined
        ? [{ param: 'revision', message: 'cannot be combined with asOf: ask for one revision or one moment' }]
        : [],
  },
);

const statePath = (kind: AggregateKind, base: string): Endpoint<AuditEngine> =>
  audited({
    method: 'get',
    path: `${base}/{id}/state`,
    operationId: `${kind}State`,
    summary: `The ${kind}’s state: current, as of a revision, or as of a moment`,
    params: ID,
    query: STATE_QUERY,
    answers: {
      '200': {
        description: 'The state',
        headers: { ETag: ETAG, Warning: WARNING },
        json: t.type({
          state: described(JsonObject, `The ${kind}’s state as its decider folds it`),
          revision: described(DecimalString, 'The revision of the last event folded in'),
          recordedAt: IsoDateTime,
        }),
      },
    },
    problems: {
      '400': 'A malformed id, revision or moment, or both asOf and revision (INVALID_REQUEST)',
      '404':
        'NOT_FOUND: no such stream; REVISION_BEYOND_END: the stream ends before that revision (lastRevision ' +
        'says where); BEFORE_FIRST_EVENT: nothing was recorded by that moment (firstRecordedAt says when)',
    },
    handle: async ({ params: { id }, query: { asOf, revision } }, { audit }) => {
      const at: AsOf = revision !== undefined ? { revision } : { recordedAt: asOf ?? END_OF_TIME };
      const result = await audit.stateAsOf(kind, id, at);
      if (result.kind !== 'state') throw new ProblemError(stateProblem(result));
      const { state, revision: reached, recordedAt } = result;
      const warning = await chainWarning(audit, [AGGREGATES[kind].streamId(id)]);
      return {
        headers: { ETag: etagOf(reached), ...warning },
        json: { state, revision: reached, recordedAt },
      };
    },
  });

const Direction = oneOf('Direction', ['forwards', 'backwards']);

const EVENTS = audited({
  method: 'get',
  path: '/streams/{streamId}/events',
  operationId: 'streamEvents',
  summary: 'One stream’s events, a page at a time',
  params: STREAM,
  query: paramsOf({
    from: param(
      'The first revision of the page (default: the start, or the end backwards)',
      single(Position),
    ),
    limit: LIMIT,
    direction: param('Reading direction', single(Direction), 'forwards'),
  }),
  answers: {
    '200': {
      description: 'A page of events',
      headers: { Warning: WARNING },
      json: page(
        { streamId: t.string, direction: Direction },
        'The `from` of the next page in the same direction; null on the last',
      ),
    },
  },
  problems: { '400': BAD_REQUEST, '404': STREAM_NOT_FOUND },
  handle: async ({ params: { streamId }, query: { from, limit, direction } }, { audit }) => {
    const history = await audit.history(streamId, {
      ...(from === undefined ? {} : { from }),
      ...(limit === undefined ? {} : { limit }),
      ...(direction === undefined ? {} : { direction }),
    });
    if (history.kind === 'stream_not_found') throw notFound(streamId, { streamId });
    const { events, next } = history;
    return {
      headers: await chainWarning(audit, [streamId]),
      json: {
        streamId,
        direction: history.direction,
        events: events.map(auditEventJson),
        next: next ?? null,
      },
    };
  },
});

const VERIFY = audited({
  method: 'get',
  path: '/streams/{streamId}/verify',
  operationId: 'verifyStream',
  summary: 'Walks the stream’s hash chain',
  description:
    'A broken chain is an answer, not an error: 200 with ok false and the first broken revision. The head ' +
    'the latest anchor recorded must still be there: a stream whose last events were deleted is broken at ' +
    'the first missing revision, and a dropped stream that was anchored is broken at 0.',
  params: STREAM,
  query: paramsOf({}),
  answers: {
    '200': {
      description: 'The verification',
      headers: { Warning: WARNING },
      json: t.union([
        t.type({
          ok: t.literal(true),
          events: described(DecimalString, 'Events verified'),
          headHash: t.string,
        }),
        t.type({
          ok: t.literal(false),
          brokenAt: described(DecimalString, 'The first revision whose hash does not fit'),
          reason: t.string,
        }),
      ]),
    },
  },
  problems: { '400': BAD_REQUEST, '404': STREAM_NOT_FOUND },
  handle: async ({ params: { streamId } }, { audit }) => {
    const verification = await audit.verify(streamId);
    if (verification.kind === 'stream_not_found') throw notFound(streamId, { streamId });
    const { result } = verification;
    return {
      headers: await chainWarning(audit, [streamId]),
      json: result.ok
        ? { ok: true, events: result.events, headHash: result.headHash }
        : { ok: false, brokenAt: result.brokenAt, reason: result.reason },
    };
  },
});

/** Every auditor endpoint. */
export const AUDIT_ENDPOINTS: readonly Endpoint<AuditEngine>[] = [
  HISTORY,
  ...(Object.entries(AGGREGATE_PATHS) as [AggregateKind, string][]).map(([kind, base]) =>
    statePath(kind, base),
  ),
  EVENTS,
  VERIFY,
];

export const auditRoutes = (engine: AuditEngine): Router => routerOf(AUDIT_ENDPOINTS, engine);

export const auditPaths = (): Record<string, PathItem> => pathsOf(AUDIT_ENDPOINTS);
