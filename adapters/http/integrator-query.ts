// The query of an integrator's read of the log: where to start (a global position), which
// categories and types, how many. Positions are decimal strings of bigints; anything else is a
// 400 naming the parameter, never a silently ignored filter.
import type { Request } from 'express';
import { EVENT_TYPES } from '../../domain/index.js';
import { AGGREGATES } from '../../src/commands/aggregates.js';
import { streamCategory, type EventFilter } from '../../src/ports.js';
import { problem, ProblemError } from './problem.js';

/** The stream categories integrators may filter on: one per aggregate (`account`, `agreement`, `supply`). */
export const EVENT_CATEGORIES: readonly string[] = Object.values(AGGREGATES).map((aggregate) =>
  streamCategory(aggregate.streamId('x')),
);

export const EVENT_TYPE_NAMES: readonly string[] = EVENT_TYPES.map((definition) => definition.type);

const POSITION = /^\d{1,20}$/;

const badParameter = (param: string, detail: string): ProblemError =>
  new ProblemError(problem(400, 'INVALID_QUERY', detail, { errors: [{ path: param, message: detail }] }));

/** A global position as a client sends it (query or `Last-Event-ID`): a decimal string. */
export const parsePosition = (value: unknown, param: string): bigint => {
  if (typeof value !== 'string' || !POSITION.test(value.trim()))
    throw badParameter(param, `${param} must be a global position: a decimal integer ≥ 0`);
  return BigInt(value.trim());
};

/** Where to start: right after `Last-Event-ID` when the client resumes (it wins), else after `from`. */
export const startPosition = (req: Request, { resumable }: { resumable: boolean }): bigint | undefined => {
  const lastEventId = resumable ? req.get('last-event-id') : undefined;
  if (lastEventId !== undefined) return parsePosition(lastEventId, 'Last-Event-ID');
  const from = req.query['from'];
  return from === undefined ? undefined : parsePosition(from, 'from');
};

/** A parameter that may repeat (`?type=A&type=B`) or list values (`?type=A,B`). */
const listParameter = (value: unknown, param: string): string[] => {
  if (value === undefined) return [];
  const parts = Array.isArray(value) ? value : [value];
  if (!parts.every((part): part is string => typeof part === 'string'))
    throw badParameter(param, `${param} must be a name or a comma-separated list of names`);
  return parts
    .flatMap((part) => part.split(','))
    .map((name) => name.trim())
    .filter((name) => name !== '');
};

const knownValues = (values: string[], known: readonly string[], param: string): string[] => {
  const unknown = values.filter((value) => !known.includes(value));
  if (unknown.length > 0)
    throw badParameter(param, `Unknown ${param} ${unknown.join(', ')}: use one of ${known.join(', ')}`);
  return values;
};

/** `category` and `type`, each optional, repeated or comma-separated; unknown names are a 400. */
export const eventFilter = (req: Request): EventFilter => {
  const categories = knownValues(
    listParameter(req.query['category'], 'category'),
    EVENT_CATEGORIES,
    'category',
  );
  const types = knownValues(listParameter(req.query['type'], 'type'), EVENT_TYPE_NAMES, 'type');
  return {
    ...(categories.length === 0 ? {} : { categories }),
    ...(types.length === 0 ? {} : { types }),
  };
};

export const MAX_EVENT_PAGE = 1000;
export const DEFAULT_EVENT_PAGE = 100;

/** `limit`: 1–1000, default 100. */
export const pageLimit = (req: Request): number => {
  const value = req.query['limit'];
  if (value === undefined) return DEFAULT_EVENT_PAGE;
  const limit = typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (!(limit >= 1 && limit <= MAX_EVENT_PAGE))
    throw badParameter('limit', `limit must be an integer from 1 to ${MAX_EVENT_PAGE}`);
  return limit;
};
