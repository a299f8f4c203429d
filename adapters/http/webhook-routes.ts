// The webhook registry over HTTP, for admins: register a target (URL, the same category and type
// filters as the SSE subscription, a Standard Webhooks secret, made when not given and answered
// once), list, read, change (pause, resume, URL, filters), delete, the recent delivery attempts,
// and a replay from a position. A refusal of the registry is a problem with its code.
import type { Router } from 'express';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { described, Id, IsoDateTime, oneOf, refine, struct } from '../../domain/kernel/index.js';
import type { DeliveryPage } from '../../src/ports.js';
import { isWebhookSecret } from '../../src/consumers/webhooks/signature.js';
import type { WebhookView, Webhooks } from '../../src/consumers/webhooks/webhooks.js';
import { DecimalString } from '../../src/position.js';
import { endpoint, type Endpoint } from './endpoint.js';
import { routerOf } from './endpoint-router.js';
import { EVENT_CATEGORIES, EVENT_TYPE_NAMES } from './integrator-routes.js';
import { domainProblem, problem, ProblemError } from './problem.js';
import { Position, single, wholeNumber } from './query-values.js';
import { param, paramsOf } from './route-params.js';

export interface WebhookRoutesOptions {
  readonly webhooks: Webhooks;
}

const administered = endpoint<WebhookRoutesOptions>({ tag: 'webhooks', roles: ['admin'] });

const MAX_URL = 2000;

/** An absolute http(s) URL without credentials in it (they would show in every listing). */
export const WebhookUrl = refine(
  t.string,
  (s) => {
    if (s.length > MAX_URL || !URL.canParse(s)) return false;
    const url = new URL(s);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === ''
    );
  },
  'WebhookUrl',
  `must be an absolute http or https URL of at most ${MAX_URL} characters, without user or password`,
  { format: 'uri', pattern: '^https?://', maxLength: MAX_URL },
);

const WebhookSecret = refine(
  t.string,
  isWebhookSecret,
  'WebhookSecret',
  'must be whsec_ and the base64 of a key of 24 to 64 bytes (Standard Webhooks), e.g. whsec_$(openssl rand -base64 32)',
  { pattern: '^whsec_[A-Za-z0-9+/]+={0,2}$' },
);

const Categories = described(
  t.array(oneOf('EventCategory', EVENT_CATEGORIES as [string, ...string[]])),
  'Stream categories to send (none or empty: every category)',
);
const Types = described(
  t.array(oneOf('EventType', EVENT_TYPE_NAMES as [string, ...string[]])),
  'Event types to send (none or empty: every type)',
);

export const WebhookRegistration = struct(
  'WebhookRegistration',
  { url: WebhookUrl },
  { categories: Categories, types: Types, secret: WebhookSecret },
);

export const WebhookPatch = struct(
  'WebhookPatch',
  {},
  {
    url: WebhookUrl,
    categories: Categories,
    types: Types,
    state: described(
      oneOf('WebhookTargetState', ['active', 'paused']),
      '`paused` stops deliveries, `active` resumes them (a disabled webhook too)',
    ),
  },
);

const WEBHOOK_FIELDS = {
  id: t.string,
  url: t.string,
  categories: t.array(t.string),
  types: t.array(t.string),
  state: described(
    t.keyof({ active: null, paused: null, disabled: null }),
    '`disabled`: a delivery failed for the whole retry window; see disabledReason',
  ),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  position: described(DecimalString, 'The global position of the last event delivered or skipped'),
  lag: described(DecimalString, 'The events after the position up to the head, counted up to 10 000'),
};

const WebhookJson = t.intersection([
  t.type(WEBHOOK_FIELDS),
  t.partial({
    disabledReason: t.string,
    lagCapped: described(t.literal(true), 'The lag count stopped at its cap: at least `lag` events behind'),
  }),
]);
const RegisteredWebhookJson = t.intersection([
  WebhookJson,
  t.type({ secret: described(t.string, 'The signing secret: answered this once, keep it') }),
]);

const DeliveryJson = t.intersection([
  t.type({
    seq: DecimalString,
    eventId: t.string,
    eventType: t.string,
    position: DecimalString,
    attempt: t.number,
    at: IsoDateTime,
    ok: t.boolean,
    durationMs: t.number,
  }),
  t.partial({ status: t.number, error: t.string }),
]);
const DeliveryPageJson = t.intersection([
  t.type({ items: t.array(DeliveryJson) }),
  t.partial({ next: described(DecimalString, 'Pass as `before` for older attempts') }),
]);

type WebhookJsonOut = t.TypeOf<typeof WebhookJson>;

/** A webhook as the API shows it: its filter spelled out, never its secret. */
const shown = (webhook: WebhookView): WebhookJsonOut => ({
  id: webhook.id,
  url: webhook.url,
  categories: [...(webhook.filter.categories ?? [])],
  types: [...(webhook.filter.types ?? [])],
  state: webhook.state,
  createdAt: webhook.createdAt,
  updatedAt: webhook.updatedAt,
  position: webhook.position,
  lag: webhook.lag,
  ...(webhook.lagCapped === undefined ? {} : { lagCapped: true }),
  ...(webhook.disabledReason === undefined ? {} : { disabledReason: webhook.disabledReason }),
});

const ID = { id: param('The webhook’s id', Id) };

const NOT_FOUND = { '404': 'No such webhook (NOT_FOUND)' };
const TARGET_PROBLEMS = {
  '400': 'A body that is not valid, with every bad field (INVALID_REQUEST, MALFORMED_JSON)',
  '422':
    'A target on a loopback, private or reserved address (WEBHOOK_TARGET_NOT_ALLOWED), or a host that does not resolve (WEBHOOK_TARGET_UNRESOLVED)',
};

const answered = <A>(result: E.Either<Parameters<typeof domainProblem>[0], A>): A => {
  if (E.isLeft(result)) throw new ProblemError(domainProblem(result.left));
  return result.right;
};

const found = <A>(id: string, value: A | undefined): A => {
  if (value === undefined)
    throw new ProblemError(problem(404, 'NOT_FOUND', `No webhook ${id}`, { facts: { kind: 'webhook', id } }));
  return value;
};

const REGISTER = administered({
  method: 'post',
  path: '/webhooks',
  operationId: 'registerWebhook',
  summary: 'Register a webhook: the events of some categories and types, POSTed to a URL as they happen',
  description:
    'Each delivery is one CloudEvent (JSON), signed as Standard Webhooks says (`webhook-id` = the event id, ' +
    '`webhook-timestamp`, `webhook-signature: v1,…`). Deliveries start with the events after the current head ' +
    '(replay from a position for older ones), in the log’s order, at least once, retried with backoff for up to ' +
    '24 hours; then the webhook is disabled with the reason. Without `secret` one is made; either way it is ' +
    'answered this once.',
  body: { codec: WebhookRegistration, required: true },
  answers: { '201': { description: 'The webhook, with its secret', json: RegisteredWebhookJson } },
  problems: TARGET_PROBLEMS,
  handle: async ({ body }, { webhooks }) => {
    const webhook = answered(await webhooks.register(body));
    return {
      status: 201,
      headers: { Location: `/webhooks/${webhook.id}` },
      json: { ...shown(webhook), secret: webhook.secret },
    };
  },
});

const LIST = administered({
  method: 'get',
  path: '/webhooks',
  operationId: 'listWebhooks',
  summary: 'Every webhook, its state and where its deliveries have got to',
  answers: { '200': { description: 'The webhooks', json: t.type({ items: t.array(WebhookJson) }) } },
  handle: async (_input, { webhooks }) => ({ json: { items: (await webhooks.list()).map(shown) } }),
});

const GET = administered({
  method: 'get',
  path: '/webhooks/{id}',
  operationId: 'getWebhook',
  summary: 'A webhook, its state and where its deliveries have got to',
  params: paramsOf(ID),
  answers: { '200': { description: 'The webhook', json: WebhookJson } },
  problems: NOT_FOUND,
  handle: async ({ params: { id } }, { webhooks }) => ({ json: shown(found(id, await webhooks.get(id))) }),
});

const PATCH = administered({
  method: 'patch',
  path: '/webhooks/{id}',
  operationId: 'changeWebhook',
  summary: 'Pause, resume, or change a webhook’s URL or filters',
  description: 'Only the fields given change. Resuming a disabled webhook retries the event it gave up on.',
  params: paramsOf(ID),
  body: { codec: WebhookPatch, required: true },
  answers: { '200': { description: 'The webhook after the change', json: WebhookJson } },
  problems: { ...TARGET_PROBLEMS, ...NOT_FOUND },
  handle: async ({ params: { id }, body }, { webhooks }) => ({
    json: shown(answered(await webhooks.change(id, body))),
  }),
});

const DELETE = administered({
  method: 'delete',
  path: '/webhooks/{id}',
  operationId: 'deleteWebhook',
  summary: 'Delete a webhook: its deliveries stop, its delivery log goes',
  params: paramsOf(ID),
  answers: { '204': { description: 'Deleted' } },
  problems: NOT_FOUND,
  handle: async ({ params: { id } }, { webhooks }) => {
    found(id, (await webhooks.remove(id)) ? true : undefined);
    return { status: 204, type: 'text/plain', text: '' };
  },
});

const MAX_DELIVERY_PAGE = 200;

const DELIVERIES = administered({
  method: 'get',
  path: '/webhooks/{id}/deliveries',
  operationId: 'listWebhookDeliveries',
  summary: 'The recent delivery attempts of a webhook, newest first',
  description: 'The last 1000 attempts of each webhook are kept. Pass `next` as `before` for older ones.',
  params: paramsOf(ID),
  query: paramsOf({
    limit: param('Attempts per page', single(wholeNumber(1, MAX_DELIVERY_PAGE)), 50),
    before: param('Attempts older than this `seq`', single(Position)),
  }),
  answers: { '200': { description: 'The page', json: DeliveryPageJson } },
  problems: { '400': 'A malformed limit or cursor (INVALID_REQUEST)', ...NOT_FOUND },
  handle: async ({ params: { id }, query }, { webhooks }) => {
    const page: DeliveryPage = found(
      id,
      await webhooks.deliveries(id, {
        limit: query.limit ?? 50,
        ...(query.before === undefined ? {} : { before: query.before }),
      }),
    );
    return { json: page };
  },
});

const REPLAY = administered({
  method: 'post',
  path: '/webhooks/{id}/replay',
  operationId: 'replayWebhook',
  summary: 'Deliver again every event after a position',
  description:
    'Moves the webhook’s checkpoint to `from`: it sends every matching event after it again, in order ' +
    '(0: the whole log). A paused or disabled webhook starts there when resumed.',
  params: paramsOf(ID),
  query: paramsOf({
    from: param('Deliver the events strictly after this global position', single(Position)),
  }),
  answers: { '200': { description: 'The webhook, its position moved', json: WebhookJson } },
  problems: {
    '400':
      'No or a malformed `from` (INVALID_REQUEST); a position this store never issued (UNKNOWN_POSITION)',
    ...NOT_FOUND,
  },
  handle: async ({ params: { id }, query }, { webhooks }) => {
    if (query.from === undefined)
      throw new ProblemError(
        problem(400, 'INVALID_REQUEST', 'The query is not valid: query.from is required', {
          errors: [{ path: 'query.from', message: 'is required' }],
        }),
      );
    return { json: shown(answered(await webhooks.replay(id, query.from))) };
  },
});

export const WEBHOOK_ENDPOINTS: readonly Endpoint<WebhookRoutesOptions>[] = [
  REGISTER,
  LIST,
  GET,
  PATCH,
  DELETE,
  DELIVERIES,
  REPLAY,
];

export const webhookRoutes = (options: WebhookRoutesOptions): Router => routerOf(WEBHOOK_ENDPOINTS, options);
