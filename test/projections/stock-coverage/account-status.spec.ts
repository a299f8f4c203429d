// Rows of LOST accounts and of closed commitments keep their figures but raise no flags, and
// every row carries the account's status on the day so a filter can hide them (issue #9).
// acc-1 holds 100 on 22 March, 10 days of supply: BELOW_SAFETY and STOCKOUT_RISK when in service.
import { describe, expect, it } from 'vitest';
import { projection } from '../../../projections/stock-coverage/index.js';
import { runProjection } from '../../support/projection-harness.js';
import {
  activated,
  baseScenario,
  commitmentCreated,
  flaggedAtRisk,
  lost,
  reactivated,
  registered,
  steadyReports,
  supply,
} from './scenario.js';
import { keysOf, serve } from './serve.js';

const TODAY = '2026-03-22';
const short = () => baseScenario().add(activated('2026-03-01'), ...steadyReports(100));
const rowOn = (events: Parameters<typeof runProjection>[1], asOf = TODAY) =>
  serve(runProjection(projection, events), 'stock-coverage', asOf)[0];

describe('account status on a row', () => {
  it('follows the account’s events, as of the day', () => {
    const events = short().add(
      flaggedAtRisk('2026-03-23'),
      lost('2026-03-25'),
      reactivated('2026-03-27'),
    ).events;
    expect(rowOn(baseScenario().events, '2026-03-01')).toMatchObject({ accountStatus: 'PROSPECT' });
    expect(rowOn(events, '2026-03-22')).toMatchObject({ accountStatus: 'ACTIVE', inService: true });
    expect(rowOn(events, '2026-03-23')).toMatchObject({ accountStatus: 'AT_RISK', inService: true });
    expect(rowOn(events, '2026-03-25')).toMatchObject({ accountStatus: 'LOST', inService: false });
    expect(rowOn(events, '2026-03-27')).toMatchObject({ accountStatus: 'ACTIVE', inService: true });
  });

  it('given the account is LOST, then the figures stand and no flag is raised', () => {
    const events = short().add(lost('2026-03-22')).events;
    expect(rowOn(events)).toMatchObject({ accountStatus: 'LOST', onHand: 100, dos: 10, flags: [] });
    // The day before, it was not lost yet.
    expect(rowOn(events, '2026-03-21')?.['flags']).toContain('BELOW_SAFETY');
    expect(runProjection(projection, events).rows('stock_coverage')).toMatchObject([
      { account_status: 'LOST', in_service: 0, flags: '[]' },
    ]);
  });

  it('given every commitment of the row is closed, then no flag is raised', () => {
    const events = short().add(supply().closed(1000, 0, '2026-03-22')).events;
    expect(rowOn(events)).toMatchObject({
      accountStatus: 'ACTIVE',
      inService: false,
      onHand: 100,
      flags: [],
    });
  });

  it('filters by status and by being in service', () => {
    const run = runProjection(
      projection,
      short().add(
        registered('FINANCE', 'acc-2'),
        commitmentCreated({ commitmentId: 'c-2', accountId: 'acc-2' }),
        ...steadyReports(100, TODAY, 'c-2', 'acc-2'),
        lost('2026-03-20', 'acc-2'),
      ).events,
    );
    expect(keysOf(serve(run, 'stock-coverage', TODAY, { accountStatus: 'LOST' }))).toEqual(['acc-2:SKU-1']);
    expect(keysOf(serve(run, 'stock-coverage', TODAY, { accountStatus: 'ACTIVE' }))).toEqual(['acc-1:SKU-1']);
    expect(keysOf(serve(run, 'stock-coverage', TODAY, { inService: 'true' }))).toEqual(['acc-1:SKU-1']);
    expect(keysOf(serve(run, 'stock-coverage', TODAY, { inService: 'false' }))).toEqual(['acc-2:SKU-1']);
  });
});
