// What integrators read: the log as Server-Sent Events (history, then live, resumable with
// Last-Event-ID), the same CloudEvents as JSON pages for pollers, and the JSON Schema of every
// event's data. A bad query is INVALID_QUERY naming the parameter, never a silently ignored filter.
import { isLeft } from 'fp-ts/lib/Either.js';
import type { Router } from 'express';
import * as t from 'io-ts';
import { EVENT_TYPES } from '../../domain/index.js';
import { describedAs, Integer } from '../../domain/kernel/index.js';
import { AGGREGATES } from '../../src/commands/aggregates.js';
import { toCloudEvent, type CloudEvent } from '../../src/cloud-events.js';
import { matchesFilter, streamCategory, type EventFilter, type EventStore } from '../../src/ports.js';
import { CloudEventJson } from './cloud-event-json.js';
import { component } from './documented-codec.js';
import { described } from '../../domain/kernel/index.js';
import { DecimalString } from '../../src/position.js';
import { endpoint, type Endpoint } from './endpoint.js';
import { routerOf } from './endpoint-router.js';
import type { EventFanout } from './event-fanout.js';
import { eventDefinition, eventSchema, eventSchemaSummaries } from './event-schemas.js';
import { streamEvents, type OpenStreams } from './event-stream.js';
import { problem, ProblemError } from './problem.js';
import { nameFrom, Position, repeated, single, wholeNumber } from './query-values.js';
import { param, paramsOf } from './route-params.js';

export interface IntegratorRoutesOptions {
  readonly store: EventStore;
  /** The live part of every stream: one store subscription shared by all clients. */
  readonly fanout: EventFanout;
  readonly streams: OpenStreams;
  /** The comment heartbeat on an event stream (default 15 s). */
  readonly heartbeatMs?: number;
  readonly onStreamError?: (error: unknown) => void;
}

export const HEARTBEAT_MS = 15_000;
export const MAX_EVENT_PAGE = 1000;
/** How far a filtered page may scan: a poll stays bounded however rare the matching events. */
const MAX_SCAN = 10 * MAX_EVENT_PAGE;

/** The stream categories integrators may filter on: one per aggregate (`account`, `agreement`, `supply`). */
export const EVENT_CATEGORIES: readonly string[] = Object.values(AGGREGATES).map((aggregate) =>
  streamCategory(aggregate.streamId('x')),
);
export const EVENT_TYPE_NAMES: readonly string[] = EVENT_TYPES.map((definition) => definition.type);

const integrated = endpoint<IntegratorRoutesOptions>({ tag: 'integrators', roles: ['integrator'] });

const FILTERS = {
  category: param(
    'Stream categories, repeated or comma-separated',
    repeated(nameFrom(EVENT_CATEGORIES), { commas: true }),
  ),
  type: param(
    'Event types, repeated or comma-separated',
    repeated(nameFrom(EVENT_TYPE_NAMES), { commas: true }),
  ),
};
const FROM = param('Deliver the events strictly after this global position', single(Position));

const filterOf = (query: { category?: readonly string[]; type?: readonly string[] }): EventFilter => ({
  ...(query.category === undefined ? {} : { categories: [...query.category] }),
  ...(query.type === undefined ? {} : { types: [...query.type] }),
});

/** `Last-Event-ID`: where a reconnecting client resumes; it wins over `from`. */
const lastEventId = (value: string | undefined): bigint | undefined => {
  if (value === undefined) return undefined;
  const decoded = Position.decode(value.trim());
  if (!isLeft(decoded)) return decoded.right;
  const detail = 'Last-Event-ID must be a global position: a decimal integer ≥ 0';
  throw new ProblemError(
    problem(400, 'INVALID_QUERY', detail, { errors: [{ path: 'Last-Event-ID', message: detail }] }),
  );
};

const SUBSCRIBE = integrated({
  method: 'get',
  path: '/subscriptions/events',
  operationId: 'subscribeToEvents',
  summary: 'The log as Server-Sent Events: history first, then live',
  description:
    'Each message: `id:` the global position, `event:` the event type, `data:` one CloudEvent 1.0 (JSON). ' +
    'Reconnect with `Last-Event-ID` to resume right after it (it wins over `from`). A comment line every 15 s keeps the stream open.',
  headers: [
    {
      name: 'Last-Event-ID',
      description: 'The id of the last message received: resume right after it',
      schema: { type: 'string', pattern: '^[0-9]+$' },
    },
  ],
  query: paramsOf({ ...FILTERS, from: FROM }, { others: 'ignored' }),
  badQuery: 'INVALID_QUERY',
  answers: {
    '200': { description: 'An endless stream of events', other: { 'text/event-stream': { type: 'string' } } },
  },
  problems: {
    '400':
      'An unknown category or type, or a malformed position (INVALID_QUERY); a position this store never issued, e.g. past its head (UNKNOWN_POSITION)',
  },
  handle: async ({ req, res, query }, options) => {
    const fromPosition = lastEventId(req.get('last-event-id')) ?? query.from;
    // Before the stream opens: a position this store never issued (past its head, another
    // store's) is a 400 UNKNOWN_POSITION, not a 200 that stays silent.
    if (fromPosition !== undefined && fromPosition > 0n)
      for await (const _ of options.store.readAll({ fromPosition, maxCount: 1 })) break;
    await streamEvents(req, res, {
      store: options.store,
      fanout: options.fanout,
      streams: options.streams,
      heartbeatMs: options.heartbeatMs ?? HEARTBEAT_MS,
      ...(fromPosition === undefined ? {} : { fromPosition }),
      filter: filterOf(query),
      ...(options.onStreamError === undefined ? {} : { onError: options.onStreamError }),
    });
    return undefined;
  },
});

export const EventPageJson = component(
  'EventPage',
  t.type({
    items: t.array(CloudEventJson),
    next: described(DecimalString, 'Pass as `from` for the next page'),
  }),
);

// A page of the log for pollers; `next` is where the page stopped reading, so a poller passes
// it back as `from` and never misses or repeats an event, filtered or not.
const EVENTS = integrated({
  method: 'get',
  path: '/events',
  operationId: 'listEvents',
  summary: 'A page of the log as CloudEvents, for pollers',
  description: 'Pass `next` back as `from` for the following page; it moves past filtered-out events too.',
  query: paramsOf(
    { from: FROM, limit: param('Events per page', single(wholeNumber(1, MAX_EVENT_PAGE)), 100), ...FILTERS },
    { others: 'ignored' },
  ),
  badQuery: 'INVALID_QUERY',
  answers: { '200': { description: 'The page', json: EventPageJson } },
  problems: {
    '400':
      'A malformed position or limit, an unknown category or type (INVALID_QUERY); a `from` beyond the store’s head (UNKNOWN_POSITION)',
  },
  handle: async ({ query }, { store }) => {
    const from = query.from ?? 0n;
    const limit = query.limit ?? 100;
    const filter = filterOf(query);
    const filtered = filter.categories !== undefined || filter.types !== undefined;
    const items: CloudEvent[] = [];
    let next = from;
    for await (const event of store.readAll({ fromPosition: from, maxCount: filtered ? MAX_SCAN : limit })) {
      next = event.globalPosition;
      if (!matchesFilter(event, filter)) continue;
      items.push(toCloudEvent(event));
      if (items.length === limit) break;
    }
    return { json: { items, next } };
  },
});

export const EventSchemaListJson = component(
  'EventSchemaList',
  t.type({
    items: t.array(t.type({ type: t.string, schemaVersion: Integer, aggregate: t.string, $id: t.string })),
  }),
);

const SCHEMAS = integrated({
  method: 'get',
  path: '/schemas',
  operationId: 'listEventSchemas',
  summary: 'Every event type with its schema version',
  answers: { '200': { description: 'The event types', json: EventSchemaListJson } },
  handle: () => ({ json: { items: eventSchemaSummaries() } }),
});

/** Any name reaches the route (an unknown one is a 404 naming the known); the document lists them. */
const EventTypeName = describedAs(new t.Type('EventTypeName', t.string.is, t.string.validate, t.identity), {
  type: 'string',
  enum: [...EVENT_TYPE_NAMES],
});

const SCHEMA = integrated({
  method: 'get',
  path: '/schemas/{type}',
  operationId: 'getEventSchema',
  summary: 'The JSON Schema (2020-12) of an event type’s data',
  params: paramsOf({ type: param('The event type, e.g. AccountRegistered', EventTypeName) }),
  answers: { '200': { description: 'The schema', other: { 'application/schema+json': { type: 'object' } } } },
  problems: { '404': 'No such event type (UNKNOWN_EVENT_TYPE)' },
  handle: ({ params: { type } }) => {
    const definition = eventDefinition(type);
    if (definition === undefined)
      throw new ProblemError(
        problem(404, 'UNKNOWN_EVENT_TYPE', `No event type ${type}`, { types: EVENT_TYPE_NAMES }),
      );
    return { type: 'application/schema+json', text: JSON.stringify(eventSchema(definition)) };
  },
});

export const INTEGRATOR_ENDPOINTS: readonly Endpoint<IntegratorRoutesOptions>[] = [
  SUBSCRIBE,
  EVENTS,
  SCHEMAS,
  SCHEMA,
];

export const integratorRoutes = (options: IntegratorRoutesOptions): Router =>
  routerOf(INTEGRATOR_ENDPOINTS, options);
