// One account with several commitments for the same SKU (windows of one year) has ONE row:
// committed and delivered summed, the batches of the open commitments in the pipeline, one
// stock series whichever commitment reported, the cautious terms, and the peak that matters.
import { describe, expect, it } from 'vitest';
import { projection } from '../../../projections/stock-coverage/index.js';
import { runProjection } from '../../support/projection-harness.js';
import {
  agreementDrafted,
  baseScenario,
  commitmentCreated,
  peak,
  steadyReports,
  supply,
} from './scenario.js';
import { serve } from './serve.js';

const c1 = supply('c-1');
const c2 = supply('c-2');

/**
 * c-1 covers March–May (600, peak in April, 14 safety days, agr-1: 5 days lead time); c-2
 * covers June–August (400, peak in July, 10 safety days, agr-2: 10 days lead time). Both name
 * their batch `b-1`: batch ids are only unique within a commitment.
 */
const twoWindows = () =>
  baseScenario({
    window: { from: '2026-03-01', to: '2026-05-31' },
    committedQty: 600,
    peak: peak('2026-04-01', '2026-04-30'),
  }).add(
    agreementDrafted(10, 'agr-2', 'acc-1', '2026-02-20'),
    commitmentCreated({
      commitmentId: 'c-2',
      agreementId: 'agr-2',
      window: { from: '2026-06-01', to: '2026-08-31' },
      committedQty: 400,
      peak: peak('2026-07-01', '2026-07-31', 12_000),
      safetyDays: 10,
      at: '2026-03-02T09:00:00.000Z',
    }),
    c1.scheduled('b-1', '2026-03-20', 300),
    c1.scheduled('b-2', '2026-04-15', 200),
    c2.scheduled('b-1', '2026-06-10', 400),
    c1.shipped('b-1', 300, '2026-03-18'),
    c1.delivered('b-1', 300, '2026-03-20'),
    ...steadyReports(390),
  );

describe('several commitments of one account × SKU', () => {
  it('make one row: sums, all open batches, the largest safety days and lead time', () => {
    const run = runProjection(projection, twoWindows().events);
    expect(run.rows('stock_coverage')).toHaveLength(1);
    expect(serve(run, 'stock-coverage', '2026-03-22')).toMatchObject([
      {
        commitmentIds: ['c-1', 'c-2'],
        openCommitmentIds: ['c-1', 'c-2'],
        committedQty: 1000,
        deliveredQty: 300,
        remainingCommitted: 700,
        // c-1's b-2 (200) and c-2's b-1 (400).
        pipeline: 600,
        nextBatchId: 'b-2',
        nextBatchEta: '2026-04-15',
        safetyDays: 14,
        leadTimeDays: 10,
        safetyStock: 140,
      },
    ]);
  });

  it('keep one stock series, whichever commitment reports', () => {
    const run = runProjection(projection, twoWindows().add(c2.reported('2026-03-29', 320, 70)).events);
    expect(run.doc('stock_coverage', 'acc-1:SKU-1')).toMatchObject({
      reports: [
        { asOf: '2026-03-01' },
        { asOf: '2026-03-08' },
        { asOf: '2026-03-15' },
        { asOf: '2026-03-22' },
        { asOf: '2026-03-29', onHand: 320 },
      ],
    });
    expect(serve(run, 'stock-coverage', '2026-03-29')).toMatchObject([{ onHand: 320, ads: 10, adsDays: 28 }]);
  });

  it('replace a report of the same day and put a late one in its place', () => {
    const run = runProjection(
      projection,
      twoWindows().add(c2.reported('2026-03-22', 380, 80), c2.reported('2026-03-18', 350, 30)).events,
    );
    expect(run.doc('stock_coverage', 'acc-1:SKU-1')).toMatchObject({
      reports: [
        { asOf: '2026-03-01' },
        { asOf: '2026-03-08' },
        { asOf: '2026-03-15' },
        { asOf: '2026-03-18', onHand: 350 },
        { asOf: '2026-03-22', onHand: 380, soldSinceLast: 80 },
      ],
    });
  });

  it('show the peak not yet over that starts first, else the one that ended last', () => {
    const run = runProjection(projection, twoWindows().events);
    const peakOn = (asOf: string) => {
      const [row] = serve(run, 'stock-coverage', asOf);
      return [row?.['peakFrom'], row?.['peakTo'], row?.['peakUpliftBp']];
    };
    expect(peakOn('2026-03-22')).toEqual(['2026-04-01', '2026-04-30', 15_000]);
    expect(peakOn('2026-04-30')).toEqual(['2026-04-01', '2026-04-30', 15_000]);
    expect(peakOn('2026-05-01')).toEqual(['2026-07-01', '2026-07-31', 12_000]);
    expect(peakOn('2026-09-01')).toEqual(['2026-07-01', '2026-07-31', 12_000]);
  });

  it('leave a closed commitment’s open batches and undelivered quantity out', () => {
    const run = runProjection(projection, twoWindows().add(c1.closed(600, 300, '2026-03-23')).events);
    expect(serve(run, 'stock-coverage', '2026-03-23')).toMatchObject([
      {
        commitmentIds: ['c-1', 'c-2'],
        openCommitmentIds: ['c-2'],
        committedQty: 1000,
        deliveredQty: 300,
        // Only c-2's 400 are still to come.
        remainingCommitted: 400,
        pipeline: 400,
        nextBatchId: 'b-1',
        nextBatchEta: '2026-06-10',
        // The terms of c-2 alone now.
        safetyDays: 10,
        leadTimeDays: 10,
      },
    ]);
    expect(run.rows('stock_coverage')).toMatchObject([
      { pipeline: 400, remaining_committed: 400, open_commitment_ids: '["c-2"]' },
    ]);
  });

  it('keep a row whose commitments are all closed, with nothing on the way', () => {
    const run = runProjection(
      projection,
      twoWindows().add(c1.closed(600, 300, '2026-03-23'), c2.closed(400, 0, '2026-03-24')).events,
    );
    expect(serve(run, 'stock-coverage', '2026-03-24')).toMatchObject([
      {
        openCommitmentIds: [],
        pipeline: 0,
        remainingCommitted: 0,
        nextBatchId: null,
        safetyDays: 14,
        leadTimeDays: 10,
      },
    ]);
  });

  it('take the last allocation of any of them', () => {
    const run = runProjection(
      projection,
      twoWindows().add(
        c1.allocated(200, 100, 5000, '2026-03-21'),
        c2.allocated(100, 100, 10_000, '2026-03-22'),
      ).events,
    );
    expect(serve(run, 'stock-coverage', '2026-03-22')).toMatchObject([{ lastFillRatioBp: 10_000 }]);
  });

  it('stay apart for different SKUs of the account', () => {
    const run = runProjection(
      projection,
      baseScenario().add(commitmentCreated({ commitmentId: 'c-2', sku: 'SKU-2', committedQty: 50 })).events,
    );
    expect(run.rows('stock_coverage')).toMatchObject([
      { id: 'acc-1:SKU-1', committed_qty: 1000, commitment_ids: '["c-1"]' },
      { id: 'acc-1:SKU-2', committed_qty: 50, commitment_ids: '["c-2"]' },
    ]);
  });
});
