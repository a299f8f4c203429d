// The express routes of an endpoint table: the role check, then the path, the representation,
// the query and the body, each decoded by the endpoint's codecs (a 400 naming every bad field),
// then the handler, whose reply the answer's codec encodes.
import { isLeft } from 'fp-ts/lib/Either.js';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type * as t from 'io-ts';
import { describeErrors } from '../../domain/kernel/index.js';
import { allow } from './auth.js';
import { negotiate } from './content-negotiation.js';
import type { Endpoint, Reply } from './endpoint.js';
import { bigintsAsStrings, invalidRequest, problem, ProblemError, type Part } from './problem.js';

/** `/accounts/{id}/history` → `/accounts/:id/history`. */
const expressPath = (path: string): string => path.replace(/\{([^}]+)\}/g, ':$1');

/** The media types a negotiated answer offers, JSON first. */
export const offered = (endpoint: Endpoint<never>): [string, ...string[]] => {
  const { json, other } = Object.values(endpoint.answers)[0]!;
  const types = [...(json === undefined ? [] : ['application/json']), ...Object.keys(other ?? {})];
  return types as [string, ...string[]];
};

/** The value as the codec reads it, or the 400 naming every bad field of that part of the request. */
const decode = <A>(codec: t.Decoder<unknown, A>, value: unknown, part: Part, code?: 'INVALID_QUERY'): A => {
  const decoded = codec.decode(value);
  if (isLeft(decoded)) throw new ProblemError(invalidRequest(part, describeErrors(decoded.left), code));
  return decoded.right;
};

/** The body as JSON: none (or an empty one) reads as `{}`, so the 400 names the missing fields. */
const jsonBody = (req: Request): unknown => {
  const json = req.is('application/json');
  if (json === null || req.get('content-length') === '0') return {};
  if (json === false)
    throw new ProblemError(problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json'));
  return req.body;
};

const send = (res: Response, endpoint: Endpoint<never>, reply: Reply): void => {
  const status = reply.status ?? Number(Object.keys(endpoint.answers)[0]);
  res.status(status);
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.set(name, value);
  if ('text' in reply) {
    res.type(reply.type).send(reply.text);
    return;
  }
  const codec = endpoint.answers[String(status)]?.json;
  const body = codec === undefined ? reply.json : codec.encode(reply.json);
  res.type('application/json').send(JSON.stringify(body, bigintsAsStrings));
};

/** The body as the endpoint's codec is to read it: JSON, with what the route fills in. */
const bodyOf = <D>(req: Request, body: NonNullable<Endpoint<D>['body']>, deps: D): unknown => {
  const raw = jsonBody(req);
  return body.prepare === undefined ? raw : body.prepare(raw, deps);
};

/** Serves a request with the endpoint: path, representation, query, body (in this order), handler, reply. */
export const serve =
  <D>(endpoint: Endpoint<D>, deps: D): RequestHandler =>
  async (req, res) => {
    const { params, query, body } = endpoint;
    const input = {
      params: params === undefined ? {} : decode(params, req.params, 'path'),
      format: endpoint.negotiated ? negotiate(req, offered(endpoint)) : 'application/json',
      query: query === undefined ? {} : decode(query, req.query, 'query', endpoint.badQuery),
      body: body === undefined ? undefined : decode(body.codec, bodyOf(req, body, deps), 'body'),
    };
    const reply = await endpoint.handle({ ...input, req, res }, deps);
    if (reply !== undefined) send(res, endpoint, reply);
  };

/** The access check of an endpoint: none for a public one. */
export const guard = (endpoint: Endpoint<never>): RequestHandler[] =>
  endpoint.roles === 'public' ? [] : [allow(...endpoint.roles)];

/** The express routes of the endpoints, one each, in their order. */
export const routerOf = <D>(endpoints: readonly Endpoint<D>[], deps: D, router = Router()): Router => {
  for (const endpoint of endpoints)
    router[endpoint.method](expressPath(endpoint.path), ...guard(endpoint), serve(endpoint, deps));
  return router;
};

/**
 * One express route serving a family of endpoints (`/accounts/:id/:command`): the family's access
 * check, then the endpoint `pick` names, or the problem it throws for a name that has none. One
 * route keeps the metrics' route label and the family's own 404 (UNKNOWN_COMMAND …).
 */
export const dispatch = <D>(
  router: Router,
  route: string,
  family: readonly Endpoint<D>[],
  deps: D,
  pick: (req: Request) => Endpoint<D>,
): void => {
  const first = family[0];
  if (first === undefined) return;
  const served = new Map(family.map((endpoint) => [endpoint, serve(endpoint, deps)]));
  router[first.method](route, ...guard(first), (req, res, next) => {
    const chosen = pick(req);
    req.params = paramsIn(chosen.path, route, req.params as Record<string, string>);
    return served.get(chosen)!(req, res, next);
  });
};

/** The endpoint's own path parameters, read from where its path has them in the family's route. */
const paramsIn = (path: string, route: string, given: Record<string, string>): Record<string, string> => {
  const segments = route.split('/');
  return Object.fromEntries(
    path.split('/').flatMap((part, i) => {
      const name = /^\{(.+)\}$/.exec(part)?.[1];
      const from = segments[i];
      return name === undefined || !from?.startsWith(':') ? [] : [[name, given[from.slice(1)]!]];
    }),
  );
};
