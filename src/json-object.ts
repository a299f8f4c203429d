// A JSON object whose shape another schema gives (an event's data, an aggregate's state): the
// codec that lets it through as such, for the API's responses and an imported book's lines.
import * as t from 'io-ts';
import { describedAs } from '../domain/kernel/index.js';

const isObject = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

export const JsonObjectCodec = describedAs(
  new t.Type<Readonly<Record<string, unknown>>, unknown, unknown>(
    'JsonObject',
    isObject,
    (u, c) => (isObject(u) ? t.success(u) : t.failure(u, c, 'must be a JSON object')),
    t.identity,
  ),
  { type: 'object' },
);
