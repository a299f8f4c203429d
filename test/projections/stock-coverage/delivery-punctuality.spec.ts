// DELIVERY_LATE (a batch of the row delivered after its ETA, or past it undelivered, in the
// last 90 days) and the account's on-time-in-full rate over 12 months, on every row of the
// account (issue #9). acc-1 sells 390 / 10 a day as of 22 March: no other flag.
import { describe, expect, it } from 'vitest';
import { projection } from '../../../projections/stock-coverage/index.js';
import { runProjection } from '../../support/projection-harness.js';
import { baseScenario, commitmentCreated, steadyReports, supply, type Scenario } from './scenario.js';
import { serve } from './serve.js';

const c1 = supply();
const c2 = supply('c-2');
const TODAY = '2026-03-22';

const rowsOn = (scenario: Scenario, asOf = TODAY) =>
  serve(runProjection(projection, scenario.events), 'stock-coverage', asOf);

describe('DELIVERY_LATE', () => {
  it('given a batch delivered two days after its ETA, then the row raises it for 90 days', () => {
    const late = baseScenario().add(
      c1.scheduled('b-1', '2026-03-10', 100),
      c1.shipped('b-1', 100, '2026-03-09'),
      c1.delivered('b-1', 100, '2026-03-12'),
      ...steadyReports(390),
    );
    expect(rowsOn(late)[0]?.['flags']).toEqual(['DELIVERY_LATE']);
    expect(rowsOn(late, '2026-03-11')[0]?.['flags']).toContain('DELIVERY_LATE');
    expect(rowsOn(late, '2026-03-10')[0]?.['flags']).not.toContain('DELIVERY_LATE');
    // The last 90 days, today included: 89 days after the delivery it is in, 90 days after it is not.
    expect(rowsOn(late, '2026-06-09')[0]?.['flags']).toContain('DELIVERY_LATE');
    expect(rowsOn(late, '2026-06-10')[0]?.['flags']).not.toContain('DELIVERY_LATE');
  });

  it('given a batch past its ETA and not fully delivered, then the row raises it', () => {
    const overdue = baseScenario().add(c1.scheduled('b-1', '2026-03-20', 100), ...steadyReports(390));
    expect(rowsOn(overdue)[0]?.['flags']).toEqual(['DELIVERY_LATE']);
    expect(rowsOn(overdue, '2026-03-20')[0]?.['flags']).toEqual([]);
  });

  it('given batches delivered on time, then it is not raised', () => {
    const onTime = baseScenario().add(
      c1.scheduled('b-1', '2026-03-10', 100),
      c1.shipped('b-1', 100, '2026-03-09'),
      c1.delivered('b-1', 100, '2026-03-10'),
      ...steadyReports(390),
    );
    expect(rowsOn(onTime)[0]?.['flags']).toEqual([]);
  });
});

describe('accountOtifBp', () => {
  it('is the share of the account’s batches due in 12 months delivered in full by their ETA, on every row', () => {
    const book = baseScenario().add(
      commitmentCreated({ commitmentId: 'c-2', sku: 'SKU-2' }),
      c1.scheduled('b-1', '2026-03-05', 100),
      c1.shipped('b-1', 100, '2026-03-04'),
      c1.delivered('b-1', 100, '2026-03-05'),
      // Delivered in full, but late.
      c2.scheduled('b-1', '2026-03-10', 100),
      c2.shipped('b-1', 100, '2026-03-09'),
      c2.delivered('b-1', 100, '2026-03-12'),
      // Not due yet.
      c2.scheduled('b-2', '2026-04-10', 100),
      ...steadyReports(390),
    );
    const rows = rowsOn(book);
    expect(rows.map((r) => [r['sku'], r['accountOtifBp'], r['accountBatchesDue']])).toEqual([
      ['SKU-1', 5000, 2],
      ['SKU-2', 5000, 2],
    ]);
    expect(rowsOn(book, '2026-03-07').map((r) => r['accountOtifBp'])).toEqual([10_000, 10_000]);
    expect(runProjection(projection, book.events).rows('stock_coverage')).toMatchObject([
      { account_otif_bp: 5000, account_batches_due: 2 },
      { account_otif_bp: 5000, account_batches_due: 2 },
    ]);
  });

  it('is null when no batch of the account was due in the 12 months', () => {
    expect(rowsOn(baseScenario().add(...steadyReports(390)))[0]).toMatchObject({
      accountOtifBp: null,
      accountBatchesDue: 0,
    });
  });
});

describe('the account’s record of batches', () => {
  it('keeps two OTIF windows: a batch due more than 24 months before a newly scheduled one is dropped', () => {
    const run = runProjection(
      projection,
      baseScenario({ window: { from: '2024-01-01', to: '2026-12-31' } }).add(
        c1.scheduled('old', '2024-03-01', 10, '2024-02-01'),
        c1.scheduled('kept', '2024-04-01', 10, '2024-02-01'),
        c1.scheduled('new', '2026-03-15', 10, '2026-03-10'),
      ).events,
    );
    const doc = run.doc('stock_coverage', 'acc-1:SKU-1') as { account: { batches: { batchId: string }[] } };
    expect(doc.account.batches.map((b) => b.batchId)).toEqual(['kept', 'new']);
  });
});
