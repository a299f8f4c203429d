import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareTiers, type Tier } from '../../../domain/kernel/index.js';
import { allocateShortage, SHORTAGE_RULE, type ShortageRequest } from '../../../domain/supply/index.js';

const request = (commitmentId: string, tier: Tier, requested: number): ShortageRequest => ({
  commitmentId,
  tier,
  requested,
});

const allocatedOf = (available: number, requests: readonly ShortageRequest[]) =>
  Object.fromEntries(allocateShortage(available, requests).map((a) => [a.commitmentId, a.allocated]));

describe('allocateShortage', () => {
  it('names its rule', () => {
    expect(SHORTAGE_RULE).toBe('TIER_PRIORITY_V1');
  });

  it('fills everyone when there is enough', () => {
    expect(
      allocateShortage(1000, [request('a', 'A', 300), request('b', 'B', 200), request('c', 'C', 100)]),
    ).toEqual([
      { commitmentId: 'a', requested: 300, allocated: 300 },
      { commitmentId: 'b', requested: 200, allocated: 200 },
      { commitmentId: 'c', requested: 100, allocated: 100 },
    ]);
  });

  it('fills A requests fully before B gets anything, then B pro rata', () => {
    expect(
      allocatedOf(500, [
        request('c1', 'C', 100),
        request('b1', 'B', 300),
        request('a1', 'A', 200),
        request('b2', 'B', 100),
      ]),
    ).toEqual({ c1: 0, b1: 225, a1: 200, b2: 75 });
  });

  it('fills B fully before C, then C pro rata, then NONE', () => {
    expect(
      allocatedOf(700, [
        request('a1', 'A', 100),
        request('b1', 'B', 200),
        request('c1', 'C', 300),
        request('c2', 'C', 100),
        request('n1', 'NONE', 50),
      ]),
    ).toEqual({ a1: 100, b1: 200, c1: 300, c2: 100, n1: 0 });
    expect(allocatedOf(800, [request('c1', 'C', 300), request('n1', 'NONE', 500)])).toEqual({
      c1: 300,
      n1: 500,
    });
    expect(allocatedOf(500, [request('c1', 'C', 300), request('n1', 'NONE', 500)])).toEqual({
      c1: 300,
      n1: 200,
    });
  });

  it('shares among A pro rata when even A cannot be filled', () => {
    expect(
      allocatedOf(300, [request('a1', 'A', 400), request('a2', 'A', 200), request('b1', 'B', 100)]),
    ).toEqual({
      a1: 200,
      a2: 100,
      b1: 0,
    });
  });

  it('rounds by largest remainder so the quantities add up exactly', () => {
    // exact shares 3.33 / 3.33 / 3.33 of 10: the leftover unit goes to the smallest id
    expect(allocatedOf(10, [request('x', 'B', 10), request('y', 'B', 10), request('w', 'B', 10)])).toEqual({
      w: 4,
      x: 3,
      y: 3,
    });
    // exact shares 6.67 / 3.33 of 10: the larger remainder wins
    expect(allocatedOf(10, [request('a', 'C', 20), request('b', 'C', 10)])).toEqual({ a: 7, b: 3 });
    // remainders 0.5 / 0.5 / 0 of 2: ties go to the smaller id
    expect(allocatedOf(2, [request('q', 'A', 1), request('p', 'A', 1), request('r', 'A', 2)])).toEqual({
      p: 1,
      q: 0,
      r: 1,
    });
  });

  it('breaks ties of one commitment listed twice by position', () => {
    expect(allocateShortage(1, [request('d', 'A', 1), request('d', 'A', 1)])).toEqual([
      { commitmentId: 'd', requested: 1, allocated: 1 },
      { commitmentId: 'd', requested: 1, allocated: 0 },
    ]);
  });

  it('gives nothing when nothing is available, and treats a negative availability as none', () => {
    expect(allocatedOf(0, [request('a', 'A', 10), request('b', 'B', 10)])).toEqual({ a: 0, b: 0 });
    expect(allocatedOf(-5, [request('a', 'A', 10)])).toEqual({ a: 0 });
  });

  it('handles zero requests and no requests', () => {
    expect(allocatedOf(10, [request('a', 'A', 0), request('b', 'B', 30), request('c', 'B', 0)])).toEqual({
      a: 0,
      b: 10,
      c: 0,
    });
    expect(allocateShortage(10, [])).toEqual([]);
  });

  it('stays exact for quantities beyond float precision of their products', () => {
    const big = 2 ** 40;
    const result = allocateShortage(big, [
      request('a', 'A', big),
      request('b', 'A', big + 1),
      request('c', 'A', 7),
    ]);
    expect(result.reduce((sum, a) => sum + a.allocated, 0)).toBe(big);
  });
});

describe('allocateShortage properties', () => {
  const tierArb = fc.constantFrom<Tier>('A', 'B', 'C', 'NONE');
  const requestsArb = fc.uniqueArray(
    fc.record({
      commitmentId: fc.stringMatching(/^[a-z]{1,4}$/),
      tier: tierArb,
      requested: fc.nat({ max: 10_000 }),
    }),
    { selector: (r) => r.commitmentId, maxLength: 12 },
  );
  const availableArb = fc.nat({ max: 60_000 });

  it('allocates exactly min(available, total requested), nobody above their request', () => {
    fc.assert(
      fc.property(availableArb, requestsArb, (available, requests) => {
        const result = allocateShortage(available, requests);
        const total = requests.reduce((sum, r) => sum + r.requested, 0);
        expect(result.reduce((sum, a) => sum + a.allocated, 0)).toBe(Math.min(available, total));
        result.forEach((a, i) => {
          expect(a.commitmentId).toBe(requests[i]?.commitmentId);
          expect(a.requested).toBe(requests[i]?.requested);
          expect(Number.isInteger(a.allocated)).toBe(true);
          expect(a.allocated).toBeGreaterThanOrEqual(0);
          expect(a.allocated).toBeLessThanOrEqual(a.requested);
        });
      }),
    );
  });

  it('serves a lower tier only once every higher tier is filled', () => {
    fc.assert(
      fc.property(availableArb, requestsArb, (available, requests) => {
        const result = allocateShortage(available, requests);
        requests.forEach((low, i) => {
          if ((result[i]?.allocated ?? 0) === 0) return;
          requests.forEach((high, j) => {
            if (compareTiers(high.tier, low.tier) > 0) expect(result[j]?.allocated).toBe(high.requested);
          });
        });
      }),
    );
  });

  it('shares a partly filled tier within one unit of the exact pro-rata share', () => {
    fc.assert(
      fc.property(availableArb, requestsArb, (available, requests) => {
        const result = allocateShortage(available, requests);
        for (const tier of ['A', 'B', 'C', 'NONE'] as const) {
          const members = requests.flatMap((r, i) =>
            r.tier === tier ? [{ r, a: result[i]?.allocated ?? 0 }] : [],
          );
          const asked = members.reduce((sum, m) => sum + m.r.requested, 0);
          const given = members.reduce((sum, m) => sum + m.a, 0);
          if (asked === 0 || given === asked) continue;
          for (const { r, a } of members) expect(Math.abs(a - (given * r.requested) / asked)).toBeLessThan(1);
        }
      }),
    );
  });

  it('is deterministic and does not depend on the order of the requests', () => {
    fc.assert(
      fc.property(
        availableArb,
        requestsArb.chain((requests) =>
          fc.tuple(fc.constant(requests), fc.shuffledSubarray(requests, { minLength: requests.length })),
        ),
        (available, [requests, shuffled]) => {
          expect(allocateShortage(available, requests)).toEqual(allocateShortage(available, requests));
          expect(allocatedOf(available, shuffled)).toEqual(allocatedOf(available, requests));
        },
      ),
    );
  });
});
