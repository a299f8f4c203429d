// apply is deterministic and touches only what it handles: the same events give the same rows
// on every replay (the projector rebuilds by replaying), and an event type outside `handles`
// changes nothing, even when apply is called with it directly.
import { describe, expect, it } from 'vitest';
import type { ProjectedEvent, ProjectionContext } from '../../../projections/projection.js';
import { projection } from '../../../projections/stock-coverage/index.js';
import { runProjection } from '../../support/projection-harness.js';
import { scenario, revenueRecorded, supply } from './scenario.js';
import { portfolio } from './portfolio.js';

const allRows = (events: readonly ProjectedEvent[]) => {
  const run = runProjection(projection, events);
  return Object.fromEntries(Object.keys(projection.collections).map((name) => [name, run.rows(name)]));
};

describe('determinism', () => {
  it('replaying the same events twice gives the same rows in every collection', () => {
    const events = portfolio().add(
      supply().allocated(100, 60, 6000, '2026-03-23'),
      supply().closed(1000, 0, '2026-03-24'),
    ).events;
    const first = allRows(events);
    expect(first['stock_coverage']).toHaveLength(3);
    expect(first['stock_coverage_daily']?.length).toBeGreaterThan(0);
    expect(allRows(events)).toEqual(first);
  });

  it('handles exactly the events it reads', () => {
    expect([...projection.handles].sort()).toEqual(
      [
        'AccountRegistered',
        'AccountActivated',
        'AccountFlaggedAtRisk',
        'AccountLost',
        'AccountReactivated',
        'TierChanged',
        'TierOverridden',
        'TierOverrideExpired',
        'AgreementDrafted',
        'CommitmentCreated',
        'CommittedQtyAdjusted',
        'BatchScheduled',
        'BatchShipped',
        'BatchDelivered',
        'StockPositionReported',
        'SupplyAllocated',
        'CommitmentClosed',
      ].sort(),
    );
  });

  it('an event type not handled changes nothing', () => {
    const unhandled = scenario().add(revenueRecorded('2026-03-23')).events[0] as ProjectedEvent;
    expect(projection.handles).not.toContain(unhandled.type);

    const events = portfolio().events;
    const withIt = [...events.slice(0, 10), { ...unhandled, globalPosition: 1000n }, ...events.slice(10)];
    expect(allRows(withIt)).toEqual(allRows(events));

    const writes: string[] = [];
    const recording: ProjectionContext = {
      get: () => undefined,
      put: (collection, key) => void writes.push(`${collection}/${key}`),
      delete: (collection, key) => void writes.push(`${collection}/${key}`),
    };
    projection.apply(unhandled, recording);
    expect(writes).toEqual([]);
  });
});
