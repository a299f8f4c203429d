// The peak's uplift is applied once (issue #9): the row's ADS is the base rate (sales on peak
// days ÷ the uplift), and a day's demand is that base × the day's uplift. acc-1 sells 15 a day
// inside a March–April peak of × 1.5: 10 a day at base.
import { describe, expect, it } from 'vitest';
import { projection } from '../../../projections/stock-coverage/index.js';
import { runProjection } from '../../support/projection-harness.js';
import { baseScenario, peak, supply } from './scenario.js';
import { serve } from './serve.js';

const c1 = supply();
const inPeak = () =>
  baseScenario({ peak: peak('2026-03-01', '2026-04-30') }).add(
    c1.reported('2026-03-01', 615, 0),
    c1.reported('2026-03-08', 510, 105),
    c1.reported('2026-03-15', 405, 105),
    c1.reported('2026-03-22', 300, 105),
  ).events;

describe('ADS in a peak', () => {
  it('given sales measured inside the peak, then ADS is the base rate and demand is uplifted once', () => {
    const [row] = serve(runProjection(projection, inPeak()), 'stock-coverage', '2026-03-22');
    expect(row).toMatchObject({
      ads: 10,
      // 300 ÷ (10 × 1.5).
      dos: 20,
      safetyStock: 14 * 15,
      // 300 − 5 days × 15.
      projectedAtLeadTime: 225,
    });
  });

  it('given a day after the peak, then demand is the base rate', () => {
    const [row] = serve(runProjection(projection, inPeak()), 'stock-coverage', '2026-05-01');
    // 300 − 15 × 40 days is below 0: nothing left, and 10 a day from May on.
    expect(row).toMatchObject({ ads: 10, estimatedOnHand: 0, dos: 0, safetyStock: 140 });
  });
});
