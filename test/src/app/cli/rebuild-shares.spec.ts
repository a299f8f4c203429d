// How `kare rebuild` spreads projections over threads: the costliest first, each to the least
// loaded thread, no thread without work.
import { describe, expect, it } from 'vitest';
import { REBUILD_COST, rebuildShares } from '../../../../src/app/cli/rebuild-shares.js';
import { PROJECTIONS } from '../../../../projections/index.js';

const costOf = (names: readonly string[]): number =>
  names.reduce((sum, name) => sum + (REBUILD_COST[name] ?? 0), 0);

describe('rebuildShares', () => {
  const all = PROJECTIONS.map((p) => p.name);

  it('knows what rebuilding every projection costs', () => {
    expect(Object.keys(REBUILD_COST).sort()).toEqual([...all].sort());
  });

  it('spreads all eight over two threads at about equal cost', () => {
    const shares = rebuildShares(all, 2);
    expect(shares).toHaveLength(2);
    expect(shares.flat().sort()).toEqual([...all].sort());
    const [a, b] = shares.map(costOf) as [number, number];
    // The two costliest go apart, and neither thread has a fifth more than the other.
    expect(shares.map((share) => share[0])).toEqual(['stock-coverage', 'account-risk']);
    expect(Math.max(a, b) / Math.min(a, b)).toBeLessThan(1.2);
  });

  it('gives each projection a thread of its own when there are threads enough, never an empty one', () => {
    expect(rebuildShares(['tier-status', 'group'], 8)).toEqual([['tier-status'], ['group']]);
    expect(rebuildShares(['tier-status'], 1)).toEqual([['tier-status']]);
  });

  it('keeps all in one share on one thread', () => {
    expect(rebuildShares(all, 1)).toEqual([
      [
        'stock-coverage',
        'account-risk',
        'account-plan',
        'manager-scorecard',
        'tier-status',
        'promotion-history',
        'group',
        'stream-index',
      ],
    ]);
  });

  it('counts a projection it has no cost for as the mean', () => {
    // The mean, about 4.2, goes to the thread with less: account-risk's 7.0 against 9.4.
    expect(rebuildShares(['stock-coverage', 'account-risk', 'newcomer'], 2)).toEqual([
      ['stock-coverage'],
      ['account-risk', 'newcomer'],
    ]);
  });
});
