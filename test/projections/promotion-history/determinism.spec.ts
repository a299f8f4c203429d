// The projector may rebuild at any time: the same events must give the same documents and rows,
// and events the projection does not handle must leave every table as it was.
import { describe, expect, it } from 'vitest';
import type { RevenueRecorded } from '../../../domain/account/index.js';
import { money } from '../../../domain/kernel/index.js';
import type { BatchScheduled } from '../../../domain/supply/index.js';
import { projection } from '../../../projections/promotion-history/index.js';
import type { ProjectionContext } from '../../../projections/projection.js';
import type { ProjectionRun } from '../../support/projection-harness.js';
import { portfolio } from './portfolio.js';
import { ACCOUNT, agreementDrafted, at, projectedEvents, run } from './scenario.js';

const everyTable = (result: ProjectionRun) =>
  Object.fromEntries(Object.keys(projection.collections).map((name) => [name, result.rows(name)]));
const everyDoc = (result: ProjectionRun) =>
  Object.fromEntries(
    Object.keys(projection.collections).map((name) => [name, [...result.docs(name).entries()]]),
  );

const revenueRecorded: RevenueRecorded = {
  type: 'RevenueRecorded',
  data: {
    accountId: ACCOUNT,
    period: '2026-04',
    amount: money(30_000_000),
    sourceRef: 'ERP-2026-04',
    at: at('2026-05-02'),
  },
};
const batchScheduled: BatchScheduled = {
  type: 'BatchScheduled',
  data: {
    commitmentId: 'c-1',
    accountId: ACCOUNT,
    batchId: 'b-1',
    eta: '2026-05-10',
    qty: 500,
    policyVersion: 'v1',
    at: at('2026-04-01'),
  },
};

describe('replay', () => {
  it('gives the same rows and documents when the same events are replayed', () => {
    const first = run(portfolio);
    const second = run(portfolio);
    expect(everyTable(second)).toEqual(everyTable(first));
    expect(everyDoc(second)).toEqual(everyDoc(first));
    // Not vacuous: the portfolio fills every table.
    for (const rows of Object.values(everyTable(first))) expect(rows.length).toBeGreaterThan(0);
  });

  it('ignores event types it does not handle', () => {
    const unhandled = [agreementDrafted(), revenueRecorded, batchScheduled];
    for (const event of unhandled) expect(projection.handles).not.toContain(event.type);
    expect(everyTable(run([...unhandled, ...portfolio, ...unhandled]))).toEqual(everyTable(run(portfolio)));
  });

  it('writes nothing even when apply itself is handed an unhandled event', () => {
    const writes: string[] = [];
    const context: ProjectionContext = {
      get: () => undefined,
      put: (collection, key) => void writes.push(`${collection}/${key}`),
      delete: (collection, key) => void writes.push(`${collection}/${key}`),
    };
    for (const event of projectedEvents([agreementDrafted(), revenueRecorded, batchScheduled])) {
      projection.apply(event, context);
    }
    expect(writes).toEqual([]);
  });
});
