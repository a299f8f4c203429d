// Ratios and averages are served to 2 decimals, quantities in whole units; the flags are
// decided on the exact figures (issue #9). acc-1 sells 75 a week: ADS 10.714…
import { describe, expect, it } from 'vitest';
import { projection } from '../../../projections/stock-coverage/index.js';
import { runProjection } from '../../support/projection-harness.js';
import { baseScenario, supply } from './scenario.js';
import { serve } from './serve.js';

const c1 = supply();
const events = () =>
  baseScenario().add(
    c1.reported('2026-03-01', 325, 0),
    c1.reported('2026-03-08', 250, 75),
    c1.reported('2026-03-15', 175, 75),
    c1.reported('2026-03-22', 100, 75),
  ).events;

describe('served figures', () => {
  it('round ADS, DOS and weeks of cover to 2 decimals and projected quantities to whole units', () => {
    const [row] = serve(runProjection(projection, events()), 'stock-coverage', '2026-03-23');
    expect(row).toMatchObject({
      ads: 10.71,
      // 100 − 10.714… = 89.29 on hand.
      estimatedOnHand: 89,
      // 89.29 ÷ 10.714… = 8.33.
      dos: 8.33,
      weeksOfCover: 1.19,
      // 14 × 10.714… = 150.
      safetyStock: 150,
      // 89.29 − 5 × 10.714… = 35.71.
      projectedAtLeadTime: 36,
    });
  });

  it('round the plain columns and the daily snapshots the same way', () => {
    const run = runProjection(projection, events());
    expect(run.rows('stock_coverage')).toMatchObject([
      { ads: 10.71, dos: 9.33, weeks_of_cover: 1.33, safety_stock: 150 },
    ]);
    expect(run.rows('stock_coverage_daily').at(-1)).toMatchObject({
      ads: 10.71,
      dos: 9.33,
      projected_at_lead_time: 46,
    });
  });
});
