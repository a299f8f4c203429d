// One HTTP endpoint as data: the route (method, path, roles), what it takes (path, query and
// body codecs), what it answers (response codecs, the problems it may answer) and how it is
// served. The express route, the access check, the 400s and the OpenAPI entry are generated
// from it (endpoint-router.ts, endpoint-openapi.ts), so nothing about a route is written twice.
import type { Request, Response } from 'express';
import type * as t from 'io-ts';
import type { JsonSchema } from '../../domain/kernel/index.js';
import type { Role } from './auth.js';
import type { Decoded, Params, ParamsCodec } from './route-params.js';

export interface HeaderDoc {
  readonly description: string;
  readonly schema: JsonSchema;
}

/** A request header the route reads, for the document (the route parses it: each has its own problem). */
export interface RequestHeader extends HeaderDoc {
  readonly name: string;
}

/** A success (or health) answer: its JSON codec and any other representations. */
export interface Answer {
  readonly description: string;
  /** Encodes what the handler returns, is the body's schema, and checks real responses in tests. */
  readonly json?: t.Mixed;
  /** Other representations by media type: CSV, an event stream, a JSON Schema … */
  readonly other?: Readonly<Record<string, JsonSchema>>;
  readonly headers?: Readonly<Record<string, HeaderDoc>>;
}

/** A problem the route may answer: what it means (and its codes), and headers that come with it. */
export type ProblemDoc =
  string | { readonly description: string; readonly headers: Record<string, HeaderDoc> };

export interface Body<B, D> {
  readonly codec: t.Decoder<unknown, B>;
  /** The schema the document shows, when it is not the codec's own (a command's `$ref`). */
  readonly schema?: JsonSchema;
  readonly required: boolean;
  /** Fills in what the route defaults before decoding (`at`, a new id); may refuse the raw body. */
  readonly prepare?: (raw: unknown, deps: D) => unknown;
}

export interface Input<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** The negotiated media type (application/json unless the route negotiates). */
  readonly format: string;
  readonly req: Request;
  readonly res: Response;
}

/** What a handler answers: JSON (encoded by the answer's codec) or text of a type; nothing when it streamed. */
export type Reply = {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
} & ({ readonly json: unknown } | { readonly type: string; readonly text: string });

interface Declaration<D, P extends Params, Q extends Params, B> {
  readonly method: 'get' | 'post' | 'patch' | 'delete';
  /** In the document's form, `/accounts/{id}/history`; the express route is derived from it. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  /** Who may call it besides admin; `public` needs no key. */
  readonly roles: readonly Role[] | 'public';
  readonly params?: ParamsCodec<P>;
  /** Absent: the route reads no query (and ignores one). */
  readonly query?: ParamsCodec<Q>;
  /** A bad query is INVALID_REQUEST at `query.<param>`, or (the integrators' routes) INVALID_QUERY at `<param>`. */
  readonly badQuery?: 'INVALID_QUERY';
  readonly headers?: readonly RequestHeader[];
  readonly body?: Body<B, D>;
  /** The success answer's representations are negotiated from Accept (406 when none fits). */
  readonly negotiated?: boolean;
  /** By status; the first is what a reply without a status gets. */
  readonly answers: Readonly<Record<string, Answer>>;
  /** The problems this route answers besides 401/403 (and 406, 413, 415 that follow from the above). */
  readonly problems?: Readonly<Record<string, ProblemDoc>>;
  readonly handle: (
    // A path parameter is always there: express routes no request without it.
    input: Input<Required<Decoded<P>>, Decoded<Q>, B>,
    deps: D,
  ) => Promise<Reply | undefined> | Reply | undefined;
}

/** An endpoint whose codecs' types are erased, so a table can hold them all. */
export type Endpoint<D> = Declaration<D, Params, Params, unknown>;

/** What a group of endpoints shares: its tag in the document and who may call it. */
export type Group = Pick<Endpoint<never>, 'tag' | 'roles'>;

/** Declares the endpoints of a group served with `D`: each handler's input is typed by its codecs. */
export const endpoint =
  <D>(group: Group) =>
  <P extends Params = Params, Q extends Params = Params, B = unknown>(
    declaration: Omit<Declaration<D, P, Q, B>, keyof Group>,
  ): Endpoint<D> =>
    ({ ...group, ...declaration }) as unknown as Endpoint<D>;
