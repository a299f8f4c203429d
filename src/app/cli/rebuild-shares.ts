// How `kare rebuild` spreads the projections it rebuilds over worker threads: the costliest
// first, each to the thread with the least work so far, so the threads finish together.

/**
 * What rebuilding each projection costs beyond reading the log, in CPU seconds over a
 * 3,000-account demo book (595,197 events), measured alone (`kare rebuild <name>`, less the
 * ~3.5 s every rebuild spends opening the engine and reading the log). Only the proportions
 * matter; a projection not listed counts as the mean.
 */
export const REBUILD_COST: Readonly<Record<string, number>> = {
  'stock-coverage': 9.4,
  'account-risk': 7.0,
  'account-plan': 5.0,
  'manager-scorecard': 4.5,
  'tier-status': 4.0,
  'promotion-history': 2.4,
  group: 0.6,
  'stream-index': 0.6,
};

const MEAN_COST =
  Object.values(REBUILD_COST).reduce((sum, cost) => sum + cost, 0) / Object.keys(REBUILD_COST).length;

const costOf = (name: string): number => REBUILD_COST[name] ?? MEAN_COST;

/** The projections in at most `threads` shares of about equal cost, none empty. */
export const rebuildShares = (names: readonly string[], threads: number): string[][] => {
  const shares = Array.from({ length: Math.max(1, Math.min(threads, names.length)) }, () => ({
    names: [] as string[],
    cost: 0,
  }));
  const costliestFirst = [...names].sort((a, b) => costOf(b) - costOf(a) || a.localeCompare(b));
  for (const name of costliestFirst) {
    const least = shares.reduce((low, share) => (share.cost < low.cost ? share : low));
    least.names.push(name);
    least.cost += costOf(name);
  }
  return shares.map((share) => share.names);
};
