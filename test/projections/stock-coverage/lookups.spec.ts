// The internal lookups supply what an event does not carry: the SKU of a commitment (later
// supply events name only the commitment), the lead time of an agreement, the industry, tier
// and rows of an account. None of them is served to analysts.
import { describe, expect, it } from 'vitest';
import type { Collection } from '../../../projections/projection.js';
import { projection } from '../../../projections/stock-coverage/index.js';
import { runProjection } from '../../support/projection-harness.js';
import {
  agreementDrafted,
  baseScenario,
  scenario,
  commitmentCreated,
  registered,
  supply,
  tierOverridden,
} from './scenario.js';

describe('internal lookups', () => {
  it('hold the account, agreement and commitment facts a row needs', () => {
    const run = runProjection(
      projection,
      baseScenario().add(
        commitmentCreated({ commitmentId: 'c-2', sku: 'SKU-2' }),
        tierOverridden('B', '2026-06-30', '2026-03-03'),
      ).events,
    );
    expect(run.rows('stock_coverage_accounts')).toEqual([
      {
        account_id: 'acc-1',
        industry: 'RETAIL',
        tier: 'A',
        override_tier: 'B',
        override_expires_on: '2026-06-30',
        skus: '["SKU-1","SKU-2"]',
      },
    ]);
    expect(run.rows('stock_coverage_agreements')).toEqual([
      { agreement_id: 'agr-1', account_id: 'acc-1', lead_time_days: 5 },
    ]);
    expect(run.rows('stock_coverage_commitments')).toEqual([
      { commitment_id: 'c-1', account_id: 'acc-1', sku: 'SKU-1' },
      { commitment_id: 'c-2', account_id: 'acc-1', sku: 'SKU-2' },
    ]);
  });

  it('are internal; the rows and the snapshots are served', () => {
    const served = Object.entries(projection.collections)
      .filter(([, c]) => (c as unknown as Collection<unknown>).internal !== true)
      .map(([name]) => name);
    expect(served).toEqual(['stock_coverage', 'stock_coverage_daily']);
  });

  it('leave the lead time unknown when the agreement was never seen', () => {
    const run = runProjection(projection, scenario().add(registered(), commitmentCreated()).events);
    expect(run.rows('stock_coverage')).toMatchObject([{ lead_time_days: null }]);
  });

  it('let a supply event of an unknown commitment change nothing', () => {
    const known = baseScenario();
    const before = runProjection(projection, known.events);
    const after = runProjection(projection, known.add(supply('c-9').reported('2026-03-05', 100, 0)).events);
    for (const name of Object.keys(projection.collections))
      expect(after.rows(name)).toEqual(before.rows(name));
  });

  it('let a shipment of an unknown batch change nothing but the row’s day', () => {
    const run = runProjection(
      projection,
      baseScenario().add(supply().shipped('b-9', 10, '2026-03-04')).events,
    );
    expect(run.doc('stock_coverage', 'acc-1:SKU-1')).toMatchObject({
      updatedOn: '2026-03-04',
      commitments: [{ batches: [] }],
    });
  });

  it('key a row by the last colon, since an account id may contain one and a SKU may not', () => {
    const run = runProjection(
      projection,
      scenario().add(agreementDrafted(5, 'agr-1', 'grp:east'), commitmentCreated({ accountId: 'grp:east' }))
        .events,
    );
    expect(run.rows('stock_coverage')).toMatchObject([
      { id: 'grp:east:SKU-1', account_id: 'grp:east', sku: 'SKU-1' },
    ]);
  });
});
