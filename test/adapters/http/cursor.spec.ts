import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, type PageCursor } from '../../../adapters/http/cursor.js';

const KEY = 'a test key of the cursors, 32 bytes';

const cursor: PageCursor = {
  model: 'tier-status',
  sort: '-t12mAmount',
  asOf: '2026-06-15',
  after: { value: 720000000, key: 'acme' },
};

describe('page cursors', () => {
  it('round-trips every kind of sort value as base64url text', () => {
    for (const value of [720000000, 'Acme, "Q" Ltd', true, null, -1.5, '']) {
      const text = encodeCursor(KEY, { ...cursor, after: { value, key: 'k/ü' } });
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(KEY, text)).toEqual({ ...cursor, after: { value, key: 'k/ü' } });
    }
  });

  it('refuses any altered byte', () => {
    const bytes = Buffer.from(encodeCursor(KEY, cursor), 'base64url');
    for (let i = 0; i < bytes.length; i += 1) {
      const altered = Buffer.from(bytes);
      altered[i] = altered[i]! ^ 0x01;
      expect(decodeCursor(KEY, altered.toString('base64url')), `byte ${i}`).toBeUndefined();
    }
  });

  it('refuses a cursor signed with another key', () => {
    const text = encodeCursor('another key, nobody else has it', cursor);
    expect(decodeCursor(KEY, text)).toBeUndefined();
    expect(decodeCursor('another key, nobody else has it', text)).toEqual(cursor);
  });

  it('refuses text that is not a cursor', () => {
    for (const text of ['', 'abc', '!!', 'a'.repeat(5000), Buffer.from('[1,"x"]').toString('base64url')])
      expect(decodeCursor(KEY, text)).toBeUndefined();
  });
});
