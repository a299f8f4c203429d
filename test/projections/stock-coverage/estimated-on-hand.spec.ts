// Units delivered after the last stock report are on the shelf (issue #9): the row estimates
// today's stock as max(0, reported − demand since the report) + delivered since, and the days
// of supply, weeks of cover and projections start from it. acc-1 sells 10 a day (tier A, 14
// safety days, lead time 5).
import { describe, expect, it } from 'vitest';
import { projection } from '../../../projections/stock-coverage/index.js';
import { runProjection } from '../../support/projection-harness.js';
import { baseScenario, steadyReports, supply } from './scenario.js';
import { serve } from './serve.js';

const c1 = supply();

/** 100 on hand on 22 March; 500 delivered on 23 March, on their ETA. */
const resupplied = () =>
  baseScenario().add(
    c1.scheduled('b-1', '2026-03-23', 500),
    ...steadyReports(100),
    c1.shipped('b-1', 500, '2026-03-21'),
    c1.delivered('b-1', 500, '2026-03-23'),
  );

describe('estimated on hand', () => {
  it('given a delivery the day after the report, when served three days after it, then it counts', () => {
    const run = runProjection(projection, resupplied().events);
    const [row] = serve(run, 'stock-coverage', '2026-03-25');
    expect(row).toMatchObject({
      onHand: 100,
      deliveredSinceReport: 500,
      // 100 − 3 × 10 + 500.
      estimatedOnHand: 570,
      dos: 57,
      weeksOfCover: 8.14,
      // 570 − 5 × 10.
      projectedAtLeadTime: 520,
      pipeline: 0,
      flags: [],
    });
  });

  it('is in the plain columns as of the row’s latest event', () => {
    const run = runProjection(projection, resupplied().events);
    expect(run.rows('stock_coverage')).toMatchObject([
      { as_of: '2026-03-23', on_hand: 100, delivered_since_report: 500, estimated_on_hand: 590, dos: 59 },
    ]);
  });

  it('is the reported stock on the report’s day, with the delivery still in the pipeline', () => {
    const run = runProjection(projection, resupplied().events);
    const [row] = serve(run, 'stock-coverage', '2026-03-22');
    expect(row).toMatchObject({
      estimatedOnHand: 100,
      pipeline: 500,
      // 100 − 50 + 500 arriving on the 23rd.
      projectedAtLeadTime: 550,
      flags: ['BELOW_SAFETY'],
    });
  });
});
