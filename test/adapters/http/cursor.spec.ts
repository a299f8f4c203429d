import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, type PageCursor } from '../../../adapters/http/cursor.js';

const cursor: PageCursor = {
  model: 'tier-status',
  sort: '-t12mAmount',
  asOf: '2026-06-15',
  after: { value: 720000000, key: 'acme' },
};

describe('page cursors', () => {
  it('round-trips every kind of sort value as base64url text', () => {
    for (const value of [720000000, 'Acme, "Q" Ltd', true, null, -1.5, '']) {
      const text = encodeCursor({ ...cursor, after: { value, key: 'k/ü' } });
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(text)).toEqual({ ...cursor, after: { value, key: 'k/ü' } });
    }
  });

  it('refuses any altered byte', () => {
    const bytes = Buffer.from(encodeCursor(cursor), 'base64url');
    for (let i = 0; i < bytes.length; i += 1) {
      const altered = Buffer.from(bytes);
      altered[i] = altered[i]! ^ 0x01;
      expect(decodeCursor(altered.toString('base64url')), `byte ${i}`).toBeUndefined();
    }
  });

  it('refuses text that is not a cursor', () => {
    for (const text of ['', 'abc', '!!', 'a'.repeat(5000), Buffer.from('[1,"x"]').toString('base64url')])
      expect(decodeCursor(text)).toBeUndefined();
  });
});
