import { describe, expect, it } from 'vitest';
import {
  AggregateCache,
  REMEASURE_AFTER,
  type CachedAggregate,
} from '../../../src/commands/aggregate-cache.js';

const entry = (state: unknown, revision = 0n): CachedAggregate<unknown> => ({
  state,
  revision,
  position: revision + 1n,
  recent: new Map(),
});

/** A state whose JSON is exactly `n` characters long. */
const stateOf = (n: number) => ({ s: 'x'.repeat(n - 8) });

describe('AggregateCache', () => {
  it('holds entries up to its budget in bytes of JSON and evicts the least recently used first', () => {
    const cache = new AggregateCache<unknown>({ maxBytes: 3000 });
    cache.set('a', entry(stateOf(1000)));
    cache.set('b', entry(stateOf(1000)));
    cache.set('c', entry(stateOf(1000)));
    expect(cache.bytes).toBe(3000);
    cache.get('a'); // a is now the most recently used: b goes first
    cache.set('d', entry(stateOf(1000)));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.get('d')).toBeDefined();
    expect(cache.bytes).toBe(3000);
  });

  it('keeps many small states where it would keep few large ones', () => {
    const cache = new AggregateCache<unknown>({ maxBytes: 100_000 });
    for (let i = 0; i < 5000; i += 1) cache.set(`s-${i}`, entry(stateOf(20)));
    expect(cache.size).toBe(5000);
    for (let i = 0; i < 5000; i += 1) cache.set(`l-${i}`, entry(stateOf(1000)));
    expect(cache.size).toBe(100);
    expect(cache.bytes).toBeLessThanOrEqual(100_000);
  });

  it('does not keep a state larger than the whole budget', () => {
    const cache = new AggregateCache<unknown>({ maxBytes: 500 });
    cache.set('small', entry(stateOf(100)));
    cache.set('huge', entry(stateOf(1000)));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('small')).toBeDefined();
    expect(cache.bytes).toBe(100);
  });

  it('measures a growing state again once its stream has grown REMEASURE_AFTER revisions', () => {
    const cache = new AggregateCache<unknown>({ maxBytes: 1_000_000 });
    cache.set('a', entry(stateOf(100), 0n));
    cache.set('a', entry(stateOf(5000), REMEASURE_AFTER - 1n));
    expect(cache.bytes).toBe(100);
    cache.set('a', entry(stateOf(5000), REMEASURE_AFTER));
    expect(cache.bytes).toBe(5000);
  });

  it('counts the recent event ids beside the state, and forgets a deleted entry’s bytes', () => {
    const cache = new AggregateCache<unknown>({ maxBytes: 1_000_000 });
    cache.set('a', { ...entry(stateOf(100)), recent: new Map([['e1', 0n]]) });
    expect(cache.bytes).toBeGreaterThan(100);
    cache.delete('a');
    expect(cache.bytes).toBe(0);
    expect(cache.size).toBe(0);
  });

  it('takes a number as a limit of entries', () => {
    const cache = new AggregateCache<unknown>(2);
    cache.set('a', entry(1));
    cache.set('b', entry(2));
    cache.set('c', entry(3));
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBeUndefined();
  });
});
