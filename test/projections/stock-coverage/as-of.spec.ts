// A past asOf sees the batches, deliveries and allocations of that day, not today's (issue #9):
// the row keeps the day of each schedule, shipment, delivery, allocation and closing.
import { describe, expect, it } from 'vitest';
import { projection } from '../../../projections/stock-coverage/index.js';
import { runProjection } from '../../support/projection-harness.js';
import { at, baseScenario, commitmentCreated, steadyReports, supply } from './scenario.js';
import { serve } from './serve.js';

const c1 = supply();

/** 390 on hand on 22 March; then b-1 (300, due 20 March) delivered late on 24 March,
 * b-2 (200, due 10 April) scheduled on 25 March, a 75 % allocation on 26 March. */
const book = () =>
  baseScenario().add(
    c1.scheduled('b-1', '2026-03-20', 300),
    ...steadyReports(390),
    c1.shipped('b-1', 300, '2026-03-23'),
    c1.delivered('b-1', 300, '2026-03-24'),
    c1.scheduled('b-2', '2026-04-10', 200, '2026-03-25'),
    c1.allocated(200, 150, 7500, '2026-03-26'),
  );
const events = () => book().events;

const on = (asOf: string) => serve(runProjection(projection, events()), 'stock-coverage', asOf)[0];

describe('a past asOf', () => {
  it('given a delivery after the day, then the batch is still in the pipeline and not delivered', () => {
    expect(on('2026-03-22')).toMatchObject({ pipeline: 300, deliveredQty: 0, remainingCommitted: 1000 });
    expect(on('2026-03-24')).toMatchObject({ pipeline: 0, deliveredQty: 300, estimatedOnHand: 370 + 300 });
  });

  it('given a batch scheduled after the day, then it is not seen', () => {
    expect(on('2026-03-24')).toMatchObject({ nextBatchId: null });
    expect(on('2026-03-25')).toMatchObject({ nextBatchId: 'b-2', pipeline: 200 });
  });

  it('given an allocation after the day, then its fill ratio is not the day’s', () => {
    expect(on('2026-03-25')).toMatchObject({ lastFillRatioBp: null });
    expect(on('2026-03-25')?.['flags']).not.toContain('ALLOCATION_CUT');
    expect(on('2026-03-26')).toMatchObject({ lastFillRatioBp: 7500 });
    expect(on('2026-03-26')?.['flags']).toContain('ALLOCATION_CUT');
  });

  it('given a commitment closed after the day, then it was open on the day', () => {
    const run = runProjection(projection, book().add(c1.closed(1000, 300, '2026-03-28')).events);
    expect(serve(run, 'stock-coverage', '2026-03-27')[0]).toMatchObject({
      openCommitmentIds: ['c-1'],
      pipeline: 200,
    });
    expect(serve(run, 'stock-coverage', '2026-03-28')[0]).toMatchObject({
      openCommitmentIds: [],
      pipeline: 0,
      flags: [],
    });
  });

  it('given the committed quantity adjusted after the day, then the day’s quantity counts', () => {
    const run = runProjection(projection, book().add(c1.adjusted(1000, 800, '2026-03-27')).events);
    expect(serve(run, 'stock-coverage', '2026-03-26')[0]).toMatchObject({
      committedQty: 1000,
      remainingCommitted: 700,
    });
    expect(serve(run, 'stock-coverage', '2026-03-27')[0]).toMatchObject({
      committedQty: 800,
      remainingCommitted: 500,
    });
  });

  it('given a commitment created after the day, then it is not part of the row yet', () => {
    const run = runProjection(
      projection,
      book().add(commitmentCreated({ commitmentId: 'c-2', committedQty: 400, at: at('2026-03-25') })).events,
    );
    expect(serve(run, 'stock-coverage', '2026-03-24')[0]).toMatchObject({
      commitmentIds: ['c-1'],
      committedQty: 1000,
    });
    expect(serve(run, 'stock-coverage', '2026-03-25')[0]).toMatchObject({
      commitmentIds: ['c-1', 'c-2'],
      committedQty: 1400,
    });
  });

  it('freezes daily snapshots with the batches of the report’s day', () => {
    const run = runProjection(projection, events());
    expect(run.rows('stock_coverage_daily').at(-1)).toMatchObject({
      report_date: '2026-03-22',
      pipeline: 300,
    });
  });
});
