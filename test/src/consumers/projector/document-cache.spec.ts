// The committed documents a build keeps between batches stay within their bytes, reckoned from
// each document's JSON; the least recently used go first, and a known absence is kept too.
import { describe, expect, it } from 'vitest';
import {
  DocumentCache,
  documentBytes,
  NOT_CACHED,
} from '../../../../src/consumers/projector/document-cache.js';

describe('the committed documents cache', () => {
  it('keeps documents within its bytes, the least recently used out first', () => {
    const one = documentBytes('k1', 1000);
    const cache = new DocumentCache(3 * one);
    for (const key of ['k1', 'k2', 'k3']) cache.remember('tier', key, { key }, 1000);
    expect(cache.lookup('tier', 'k1')).toEqual({ key: 'k1' }); // k1 is now the most recent
    cache.remember('tier', 'k4', { key: 'k4' }, 1000);
    expect(cache.lookup('tier', 'k2')).toBe(NOT_CACHED);
    expect(cache.lookup('tier', 'k1')).toEqual({ key: 'k1' });
    expect(cache.lookup('tier', 'k3')).toEqual({ key: 'k3' });
    expect(cache.lookup('tier', 'k4')).toEqual({ key: 'k4' });
  });

  it('counts a big document for its size: it pushes out several small ones, and one bigger than all is not kept', () => {
    const small = documentBytes('s0', 100);
    const cache = new DocumentCache(10 * small);
    for (let i = 0; i < 10; i += 1) cache.remember('c', `s${i}`, i, 100);
    cache.remember('c', 'big', 'big', 400);
    const left = Array.from({ length: 10 }, (_, i) => cache.lookup('c', `s${i}`)).filter(
      (d) => d !== NOT_CACHED,
    );
    expect(left.length).toBeLessThanOrEqual(6);
    expect(cache.lookup('c', 'big')).toBe('big');
    cache.remember('c', 'huge', 'huge', 100_000);
    expect(cache.lookup('c', 'huge')).toBe(NOT_CACHED);
  });

  it('keeps collections apart, remembers an absence, replaces a document without counting it twice', () => {
    const cache = new DocumentCache(2 * documentBytes('k', 10) + 1);
    cache.remember('a', 'k', undefined, undefined);
    cache.remember('b', 'k', 'in b', 10);
    expect(cache.lookup('a', 'k')).toBeUndefined();
    expect(cache.lookup('b', 'k')).toBe('in b');
    for (let i = 0; i < 5; i += 1) cache.remember('b', 'k', `in b ${i}`, 10);
    expect(cache.lookup('a', 'k')).toBeUndefined();
    expect(cache.lookup('b', 'k')).toBe('in b 4');
    cache.clear();
    expect(cache.lookup('b', 'k')).toBe(NOT_CACHED);
    expect(new DocumentCache(0).lookup('a', 'k')).toBe(NOT_CACHED);
  });
});
