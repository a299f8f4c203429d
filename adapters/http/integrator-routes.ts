// What integrators read: the log as Server-Sent Events (history, then live, resumable with
// Last-Event-ID), the same CloudEvents as JSON pages for pollers, and the JSON Schema of every
// event's data.
import { Router } from 'express';
import { toCloudEvent, type CloudEvent } from '../../src/cloud-events.js';
import { matchesFilter, type EventStore } from '../../src/ports.js';
import { allow } from './auth.js';
import { eventDefinition, eventSchema, eventSchemaSummaries } from './event-schemas.js';
import type { EventFanout } from './event-fanout.js';
import { streamEvents, type OpenStreams } from './event-stream.js';
import {
  EVENT_CATEGORIES,
  EVENT_TYPE_NAMES,
  eventFilter,
  MAX_EVENT_PAGE,
  pageLimit,
  startPosition,
} from './integrator-query.js';
import {
  ACCESS_PROBLEMS,
  DECIMAL_STRING,
  jsonResponse,
  pathParameter,
  problemResponse,
  queryParameter,
  type Parameter,
  type PathItem,
} from './openapi-fragment.js';
import { problem, ProblemError } from './problem.js';

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

/** How far a filtered page may scan: a poll stays bounded however rare the matching events. */
const MAX_SCAN = 10 * MAX_EVENT_PAGE;

export const integratorRoutes = (options: IntegratorRoutesOptions): Router => {
  const router = Router();
  const { store } = options;

  router.get('/subscriptions/events', allow('integrator'), async (req, res) => {
    const fromPosition = startPosition(req, { resumable: true });
    const filter = eventFilter(req);
    await streamEvents(req, res, {
      store,
      fanout: options.fanout,
      streams: options.streams,
      heartbeatMs: options.heartbeatMs ?? HEARTBEAT_MS,
      ...(fromPosition === undefined ? {} : { fromPosition }),
      filter,
      ...(options.onStreamError === undefined ? {} : { onError: options.onStreamError }),
    });
  });

  // A page of the log for pollers; `next` is where the page stopped reading, so a poller passes
  // it back as `from` and never misses or repeats an event, filtered or not.
  router.get('/events', allow('integrator'), async (req, res) => {
    const from = startPosition(req, { resumable: false }) ?? 0n;
    const filter = eventFilter(req);
    const limit = pageLimit(req);
    const filtered = filter.categories !== undefined || filter.types !== undefined;
    const items: CloudEvent[] = [];
    let next = from;
    for await (const event of store.readAll({ fromPosition: from, maxCount: filtered ? MAX_SCAN : limit })) {
      next = event.globalPosition;
      if (!matchesFilter(event, filter)) continue;
      items.push(toCloudEvent(event));
      if (items.length === limit) break;
    }
    res.json({ items, next: next.toString() });
  });

  router.get('/schemas', allow('integrator'), (_req, res) => {
    res.json({ items: eventSchemaSummaries() });
  });

  router.get('/schemas/:type', allow('integrator'), (req, res) => {
    const definition = eventDefinition(String(req.params['type']));
    if (definition === undefined) {
      throw new ProblemError(
        problem(404, 'UNKNOWN_EVENT_TYPE', `No event type ${String(req.params['type'])}`, {
          types: eventSchemaSummaries().map((summary) => summary.type),
        }),
      );
    }
    res.type('application/schema+json').send(JSON.stringify(eventSchema(definition)));
  });

  return router;
};

const FILTER_PARAMETERS = [
  {
    ...queryParameter('category', 'Stream categories, repeated or comma-separated', {
      type: 'array',
      items: { type: 'string', enum: [...EVENT_CATEGORIES] },
    }),
    style: 'form',
    explode: true,
  },
  {
    ...queryParameter('type', 'Event types, repeated or comma-separated', {
      type: 'array',
      items: { type: 'string', enum: [...EVENT_TYPE_NAMES] },
    }),
    style: 'form',
    explode: true,
  },
] satisfies Parameter[];

const FROM = queryParameter('from', 'Deliver the events strictly after this global position', DECIMAL_STRING);

/** The integrators' routes in the OpenAPI document. */
export const integratorPaths = (): Record<string, PathItem> => ({
  '/subscriptions/events': {
    get: {
      operationId: 'subscribeToEvents',
      summary: 'The log as Server-Sent Events: history first, then live',
      description:
        'Each message: `id:` the global position, `event:` the event type, `data:` one CloudEvent 1.0 (JSON). ' +
        'Reconnect with `Last-Event-ID` to resume right after it (it wins over `from`). A comment line every 15 s keeps the stream open.',
      tags: ['integrators'],
      'x-roles': ['integrator'],
      parameters: [
        ...FILTER_PARAMETERS,
        FROM,
        {
          name: 'Last-Event-ID',
          in: 'header',
          description: 'The id of the last message received: resume right after it',
          schema: DECIMAL_STRING,
        },
      ],
      responses: {
        '200': {
          description: 'An endless stream of events',
          content: { 'text/event-stream': { schema: { type: 'string' } } },
        },
        '400': problemResponse('An unknown category or type, or a malformed position (INVALID_QUERY)', true),
        ...ACCESS_PROBLEMS,
      },
    },
  },
  '/events': {
    get: {
      operationId: 'listEvents',
      summary: 'A page of the log as CloudEvents, for pollers',
      description:
        'Pass `next` back as `from` for the following page; it moves past filtered-out events too.',
      tags: ['integrators'],
      'x-roles': ['integrator'],
      parameters: [
        FROM,
        queryParameter('limit', 'Events per page', {
          type: 'integer',
          minimum: 1,
          maximum: MAX_EVENT_PAGE,
          default: 100,
        }),
        ...FILTER_PARAMETERS,
      ],
      responses: {
        '200': jsonResponse('The page', { $ref: '#/components/schemas/EventPage' }),
        '400': problemResponse(
          'A malformed position or limit, an unknown category or type (INVALID_QUERY)',
          true,
        ),
        ...ACCESS_PROBLEMS,
      },
    },
  },
  '/schemas': {
    get: {
      operationId: 'listEventSchemas',
      summary: 'Every event type with its schema version',
      tags: ['integrators'],
      'x-roles': ['integrator'],
      responses: {
        '200': jsonResponse('The event types', { $ref: '#/components/schemas/EventSchemaList' }),
        ...ACCESS_PROBLEMS,
      },
    },
  },
  '/schemas/{type}': {
    get: {
      operationId: 'getEventSchema',
      summary: 'The JSON Schema (2020-12) of an event type’s data',
      tags: ['integrators'],
      'x-roles': ['integrator'],
      parameters: [
        pathParameter('type', 'The event type, e.g. AccountRegistered', {
          type: 'string',
          enum: [...EVENT_TYPE_NAMES],
        }),
      ],
      responses: {
        '200': {
          description: 'The schema',
          content: { 'application/schema+json': { schema: { type: 'object' } } },
        },
        '404': problemResponse('No such event type (UNKNOWN_EVENT_TYPE)'),
        ...ACCESS_PROBLEMS,
      },
    },
  },
});
