// The one way the workbench talks to KARE: same origin, the tab's API key as a bearer token,
// problem details (RFC 7807) turned into an ApiError the pages can show field by field.
import { forgetKey, storedKey } from './session.js';

export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export interface Problem {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors?: readonly FieldError[];
  readonly [fact: string]: unknown;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(readonly problem: Problem) {
    super(`${problem.status} ${problem.code}: ${problem.detail}`);
  }
}

/** Query values: a list is sent as repeated parameters; undefined and '' are left out. */
export type Query = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

export const queryString = (query: Query = {}): string => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) for (const item of value as readonly string[]) params.append(name, item);
    else params.append(name, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
};

/**
 * The day the read models are shown as of (undefined: the server's today). One choice for the
 * whole workbench, set by the header's picker; the pages are drawn anew when it changes.
 */
let readModelsAsOf: string | undefined;
export const showReadModelsAsOf = (day: string | undefined): void => {
  readModelsAsOf = day;
};
export const currentAsOf = (): string | undefined => readModelsAsOf;

/** A read model's query with the chosen day, unless it names its own. */
const withAsOf = (path: string, query: Query = {}): Query =>
  path.startsWith('/read-models/') && query['asOf'] === undefined && readModelsAsOf !== undefined
    ? { ...query, asOf: readModelsAsOf }
    : query;

/** Told when the server asks for a key (401), so the app can show the sign-in. */
let onUnauthenticated: () => void = () => undefined;
export const whenUnauthenticated = (listener: () => void): void => {
  onUnauthenticated = listener;
};

const headersWith = (extra: Record<string, string>): Headers => {
  const headers = new Headers(extra);
  const key = storedKey();
  if (key !== undefined) headers.set('Authorization', `Bearer ${key}`);
  return headers;
};

const problemOf = async (response: Response): Promise<Problem> => {
  try {
    const body = (await response.json()) as Partial<Problem>;
    return {
      ...body,
      status: response.status,
      code: body.code ?? `HTTP_${response.status}`,
      title: body.title ?? response.statusText,
      detail: body.detail ?? response.statusText,
    };
  } catch {
    return {
      status: response.status,
      code: `HTTP_${response.status}`,
      title: response.statusText,
      detail: response.statusText,
    };
  }
};

export const request = async (
  method: string,
  path: string,
  options: { query?: Query; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Response> => {
  const headers = headersWith({ Accept: 'application/json', ...options.headers });
  if (options.body !== undefined) headers.set('Content-Type', 'application/json');
  const response = await fetch(`${path}${queryString(withAsOf(path, options.query))}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  if (response.status === 401) {
    forgetKey();
    onUnauthenticated();
  }
  if (!response.ok) throw new ApiError(await problemOf(response));
  return response;
};

export const getJson = async <T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> =>
  (await (await request('GET', path, { query, signal })).json()) as T;

export interface Page<Row> {
  readonly items: readonly Row[];
  readonly nextCursor: string | null;
  readonly position?: string;
}

/** The `rel="next"` URL of a Link header. */
const nextLink = (link: string | null): string | undefined =>
  link === null ? undefined : /<([^>]+)>\s*;\s*rel="?next"?/.exec(link)?.[1];

/**
 * A read model's rows as CSV, every page of the walk (up to `maxPages`), one header line: what a
 * person means by "download this table".
 */
export const csvOf = async (path: string, query: Query, maxPages = 100): Promise<string> => {
  let url: string | undefined =
    `${path}${queryString(withAsOf(path, { ...query, cursor: undefined, limit: 500 }))}`;
  const parts: string[] = [];
  for (let pageNo = 0; url !== undefined && pageNo < maxPages; pageNo++) {
    const response: Response = await fetch(url, { headers: headersWith({ Accept: 'text/csv' }) });
    if (!response.ok) throw new ApiError(await problemOf(response));
    const body = await response.text();
    parts.push(
      pageNo === 0 ? body.replace(/\r?\n$/, '') : body.replace(/^[^\n]*\n/, '').replace(/\r?\n$/, ''),
    );
    const next = nextLink(response.headers.get('Link'));
    url = next === undefined ? undefined : new URL(next, location.href).toString();
  }
  return `${parts.filter((part) => part !== '').join('\r\n')}\r\n`;
};

/** Hands `content` to the browser as a file download. */
export const saveFile = (name: string, content: string, type: string): void => {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};
