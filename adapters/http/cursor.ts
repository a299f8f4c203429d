// The opaque `cursor` of a read-model page: base64url of a MAC and the JSON of where the page
// ended (sort value and key) with the read model, sort and asOf it belongs to. The MAC turns any
// edit into a 400 instead of a silently different page. Its key is the server's secret: from
// configuration (KARE_CURSOR_KEY) or generated once per data directory and kept there, so cursors
// survive restarts and work on every instance sharing it, and nobody outside can mint one. What a
// cursor carries is still checked as the query parameters it stands for (read-model-query.ts).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Keyset, SortValue } from './presented-order.js';

const VERSION = 1;
const MAC_BYTES = 16;
/** Longer than any cursor this API gives out (keys are ≤ a few hundred characters). */
const MAX_LENGTH = 4096;

export interface PageCursor {
  readonly model: string;
  /** The `sort` parameter the pages are in, e.g. `-t12mAmount`. */
  readonly sort: string;
  /** The day the rows were presented for: every page of a walk uses the first page's. */
  readonly asOf: string;
  readonly after: Keyset;
}

/** The secret cursors are signed with (at least 16 bytes). */
export type CursorKey = string | Buffer;

/** A key for a process that was given none: its cursors end with it. */
export const ephemeralCursorKey = (): Buffer => randomBytes(32);

const mac = (key: CursorKey, body: Buffer): Buffer =>
  createHmac('sha256', key).update(body).digest().subarray(0, MAC_BYTES);

export const encodeCursor = (key: CursorKey, cursor: PageCursor): string => {
  const body = Buffer.from(
    JSON.stringify([VERSION, cursor.model, cursor.sort, cursor.asOf, cursor.after.value, cursor.after.key]),
    'utf8',
  );
  return Buffer.concat([mac(key, body), body]).toString('base64url');
};

const isSortValue = (value: unknown): value is SortValue =>
  value === null ||
  typeof value === 'string' ||
  typeof value === 'boolean' ||
  (typeof value === 'number' && Number.isFinite(value));

/** The cursor, or undefined when the text is not one this API gave out unchanged. */
export const decodeCursor = (secret: CursorKey, text: string): PageCursor | undefined => {
  if (text.length > MAX_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.length <= MAC_BYTES) return undefined;
  const body = bytes.subarray(MAC_BYTES);
  if (!timingSafeEqual(bytes.subarray(0, MAC_BYTES), mac(secret, body))) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 6) return undefined;
  const [version, model, sort, asOf, value, key] = parsed as unknown[];
  if (version !== VERSION || typeof model !== 'string' || typeof sort !== 'string') return undefined;
  if (typeof asOf !== 'string' || typeof key !== 'string' || !isSortValue(value)) return undefined;
  return { model, sort, asOf, after: { value, key } };
};
