// The auditors' routes in OpenAPI 3.1: history, state as of a revision or moment, a stream's
// events and its hash-chain verification, with every problem each can answer.
import { MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE } from '../../src/audit/index.js';
import { AGGREGATE_PATHS } from './command-routes.js';
import {
  ACCESS_PROBLEMS,
  DECIMAL_STRING,
  jsonResponse,
  pathParameter,
  problemResponse,
  queryParameter,
  type JsonSchema,
  type PathItem,
} from './openapi-fragment.js';

const TAG = 'Audit (auditor)';
const ROLES = ['auditor'] as const;

const nullableString: JsonSchema = { type: ['string', 'null'] };

export const AUDIT_EVENT_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    position: { ...DECIMAL_STRING, description: 'Global position' },
    streamId: { type: 'string' },
    revision: { ...DECIMAL_STRING, description: 'Revision in its stream, from 0' },
    eventId: { type: 'string', format: 'uuid' },
    type: { type: 'string' },
    recordedAt: { type: 'string', format: 'date-time' },
    actor: { ...nullableString, description: 'Who sent the command' },
    commandId: nullableString,
    correlationId: nullableString,
    causationId: nullableString,
    policyVersion: { ...nullableString, description: 'The policy that decided the event, where one did' },
    schemaVersion: { type: 'integer' },
    hash: { type: 'string', description: 'sha256 chaining the event to its predecessor, hex' },
    data: { type: 'object' },
  },
  required: [
    'position',
    'streamId',
    'revision',
    'eventId',
    'type',
    'recordedAt',
    'actor',
    'commandId',
    'correlationId',
    'causationId',
    'policyVersion',
    'schemaVersion',
    'hash',
    'data',
  ],
};

const LIMIT = queryParameter('limit', 'Events per page', {
  type: 'integer',
  minimum: 1,
  maximum: MAX_PAGE_SIZE,
  default: DEFAULT_PAGE_SIZE,
});
const BAD_REQUEST = problemResponse(
  'A malformed id or parameter, or a parameter the route does not take (INVALID_REQUEST, errors at path.<name> or query.<name>)',
  true,
);
const ID = pathParameter('id', 'The aggregate’s id', {
  type: 'string',
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$',
});
const STREAM_ID = pathParameter('streamId', 'A stream id: `<category>-<id>`, e.g. account-acme', {
  type: 'string',
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$',
});
const STREAM_NOT_FOUND = problemResponse('The stream has no events (NOT_FOUND)');

const page = (extra: Record<string, JsonSchema>, next: string): JsonSchema => ({
  type: 'object',
  properties: {
    ...extra,
    events: { type: 'array', items: AUDIT_EVENT_SCHEMA },
    next: { type: ['string', 'null'], pattern: '^[0-9]+$', description: next },
  },
  required: [...Object.keys(extra), 'events', 'next'],
});

const HISTORY: PathItem = {
  get: {
    operationId: 'accountHistory',
    summary: 'The account’s timeline: its own, its agreements’ and its commitments’ events',
    description: 'In global-position order, a page at a time, each event with who, when and why.',
    tags: [TAG],
    'x-roles': ROLES,
    parameters: [
      pathParameter('id', 'The account id', ID.schema),
      queryParameter('after', 'Events strictly after this global position (a page’s `next`)', DECIMAL_STRING),
      LIMIT,
    ],
    responses: {
      '200': jsonResponse(
        'A page of the timeline',
        page(
          { accountId: { type: 'string' }, streams: { type: 'array', items: { type: 'string' } } },
          'The `after` of the next page; null on the last',
        ),
      ),
      '400': BAD_REQUEST,
      ...ACCESS_PROBLEMS,
      '404': problemResponse('No such account (NOT_FOUND)'),
    },
  },
};

const statePath = (kind: string): PathItem => ({
  get: {
    operationId: `${kind}State`,
    summary: `The ${kind}’s state: current, as of a revision, or as of a moment`,
    tags: [TAG],
    'x-roles': ROLES,
    parameters: [
      ID,
      queryParameter(
        'asOf',
        'The state from the events recorded at or before this moment (ISO 8601 with a zone)',
        {
          type: 'string',
          format: 'date-time',
        },
      ),
      queryParameter('revision', 'The state after this revision (not with asOf)', DECIMAL_STRING),
    ],
    responses: {
      '200': jsonResponse('The state', {
        type: 'object',
        properties: {
          state: { type: 'object', description: `The ${kind}’s state as its decider folds it` },
          revision: { ...DECIMAL_STRING, description: 'The revision of the last event folded in' },
          recordedAt: { type: 'string', format: 'date-time', description: 'When that event was recorded' },
        },
        required: ['state', 'revision', 'recordedAt'],
      }),
      '400': problemResponse(
        'A malformed id, revision or moment, or both asOf and revision (INVALID_REQUEST)',
        true,
      ),
      ...ACCESS_PROBLEMS,
      '404': problemResponse(
        'NOT_FOUND: no such stream; REVISION_BEYOND_END: the stream ends before that revision (lastRevision ' +
          'says where); BEFORE_FIRST_EVENT: nothing was recorded by that moment (firstRecordedAt says when)',
      ),
    },
  },
});

const EVENTS: PathItem = {
  get: {
    operationId: 'streamEvents',
    summary: 'One stream’s events, a page at a time',
    tags: [TAG],
    'x-roles': ROLES,
    parameters: [
      STREAM_ID,
      queryParameter(
        'from',
        'The first revision of the page (default: the start, or the end backwards)',
        DECIMAL_STRING,
      ),
      LIMIT,
      queryParameter('direction', 'Reading direction', {
        type: 'string',
        enum: ['forwards', 'backwards'],
        default: 'forwards',
      }),
    ],
    responses: {
      '200': jsonResponse(
        'A page of events',
        page(
          { streamId: { type: 'string' }, direction: { type: 'string', enum: ['forwards', 'backwards'] } },
          'The `from` of the next page in the same direction; null on the last',
        ),
      ),
      '400': BAD_REQUEST,
      ...ACCESS_PROBLEMS,
      '404': STREAM_NOT_FOUND,
    },
  },
};

const VERIFY: PathItem = {
  get: {
    operationId: 'verifyStream',
    summary: 'Walks the stream’s hash chain',
    description:
      'A broken chain is an answer, not an error: 200 with ok false and the first broken revision.',
    tags: [TAG],
    'x-roles': ROLES,
    parameters: [STREAM_ID],
    responses: {
      '200': jsonResponse('The verification', {
        oneOf: [
          {
            type: 'object',
            properties: {
              ok: { const: true },
              events: { ...DECIMAL_STRING, description: 'Events verified' },
              headHash: { type: 'string' },
            },
            required: ['ok', 'events', 'headHash'],
          },
          {
            type: 'object',
            properties: {
              ok: { const: false },
              brokenAt: { ...DECIMAL_STRING, description: 'The first revision whose hash does not fit' },
              reason: { type: 'string' },
            },
            required: ['ok', 'brokenAt', 'reason'],
          },
        ],
      }),
      '400': BAD_REQUEST,
      ...ACCESS_PROBLEMS,
      '404': STREAM_NOT_FOUND,
    },
  },
};

/** Every auditor route. */
export const auditPaths = (): Record<string, PathItem> => ({
  '/accounts/{id}/history': HISTORY,
  ...Object.fromEntries(
    Object.entries(AGGREGATE_PATHS).map(([kind, base]) => [`${base}/{id}/state`, statePath(kind)]),
  ),
  '/streams/{streamId}/events': EVENTS,
  '/streams/{streamId}/verify': VERIFY,
});
