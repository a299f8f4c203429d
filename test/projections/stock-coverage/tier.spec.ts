// The tier and industry of a row come from the account's own events, kept in the internal
// accounts lookup and copied into every row of the account; the tier is effective as of the
// query's day, so an override counts through its last day even before TierOverrideExpired.
import { describe, expect, it } from 'vitest';
import { projection } from '../../../projections/stock-coverage/index.js';
import { runProjection } from '../../support/projection-harness.js';
import {
  agreementDrafted,
  scenario,
  commitmentCreated,
  registered,
  steadyReports,
  tierChanged,
  tierOverridden,
  tierOverrideExpired,
} from './scenario.js';
import { serve } from './serve.js';

const tierOn = (events: Parameters<typeof runProjection>[1], asOf: string) => {
  const [row] = serve(runProjection(projection, events), 'stock-coverage', asOf);
  return { tier: row?.['tier'], staleAfterDays: row?.['staleAfterDays'], flags: row?.['flags'] };
};

describe('tier', () => {
  it('is the tier the account has, whatever the commitment recorded when it was made', () => {
    const events = scenario().add(
      registered('LOGISTICS'),
      tierChanged('NONE', 'B'),
      agreementDrafted(),
      commitmentCreated({ tier: 'B', safetyDays: 10 }),
      tierChanged('B', 'A', '2026-03-05'),
    ).events;
    const run = runProjection(projection, events);
    expect(run.rows('stock_coverage')).toMatchObject([
      { tier: 'A', industry: 'LOGISTICS', as_of: '2026-03-05' },
    ]);
    expect(tierOn(events, '2026-03-06')).toMatchObject({ tier: 'A', staleAfterDays: 7 });
  });

  it('changes every row of the account, and no other account’s', () => {
    const events = scenario().add(
      registered(),
      registered('FINANCE', 'acc-2'),
      agreementDrafted(),
      agreementDrafted(5, 'agr-2', 'acc-2'),
      commitmentCreated(),
      commitmentCreated({ commitmentId: 'c-2', sku: 'SKU-2' }),
      commitmentCreated({ commitmentId: 'c-3', accountId: 'acc-2', agreementId: 'agr-2' }),
      tierChanged('NONE', 'C', '2026-03-05'),
    ).events;
    expect(runProjection(projection, events).rows('stock_coverage')).toMatchObject([
      { id: 'acc-1:SKU-1', tier: 'C', industry: 'RETAIL' },
      { id: 'acc-1:SKU-2', tier: 'C', industry: 'RETAIL' },
      { id: 'acc-2:SKU-1', tier: 'NONE', industry: 'FINANCE' },
    ]);
  });

  it('follows an override through its last day, and the evaluated tier after it', () => {
    const events = scenario().add(
      registered(),
      tierChanged('NONE', 'B'),
      agreementDrafted(),
      commitmentCreated({ tier: 'B' }),
      tierOverridden('A', '2026-03-31', '2026-03-02'),
      ...steadyReports(390),
    ).events;
    // 8 days after the last report: stale for A (7 days), not for B (14 days).
    expect(tierOn(events, '2026-03-30')).toEqual({ tier: 'A', staleAfterDays: 7, flags: ['STALE_DATA'] });
    expect(tierOn(events, '2026-04-01')).toEqual({ tier: 'B', staleAfterDays: 14, flags: [] });
  });

  it('drops the override when it expires', () => {
    const events = scenario().add(
      registered(),
      tierChanged('NONE', 'B'),
      agreementDrafted(),
      commitmentCreated({ tier: 'B' }),
      tierOverridden('A', '2026-03-31', '2026-03-02'),
      tierOverrideExpired('A', '2026-03-31', '2026-04-01'),
    ).events;
    const run = runProjection(projection, events);
    expect(run.rows('stock_coverage')).toMatchObject([{ tier: 'B', as_of: '2026-04-01' }]);
    expect(run.rows('stock_coverage_accounts')).toMatchObject([
      { override_tier: null, override_expires_on: null },
    ]);
  });

  it('falls back to the commitment’s tier for an account whose stream was never seen', () => {
    const events = scenario().add(agreementDrafted(), commitmentCreated({ tier: 'B' })).events;
    expect(runProjection(projection, events).rows('stock_coverage')).toMatchObject([
      { tier: 'B', industry: null },
    ]);
  });
});
