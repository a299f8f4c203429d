// ADS needs at least 7 days of sales data: with fewer the row says INSUFFICIENT_DATA, shows no
// rate, DOS or cover, and raises none of the flags that need a rate.
import { describe, expect, it } from 'vitest';
import { projection } from '../../../projections/stock-coverage/index.js';
import { runProjection } from '../../support/projection-harness.js';
import { baseScenario, supply } from './scenario.js';
import { serve } from './serve.js';

const c1 = supply();

describe('INSUFFICIENT_DATA', () => {
  it('is the ADS status with 6 days of data, even when the stock would be below safety', () => {
    const run = runProjection(
      projection,
      baseScenario().add(c1.reported('2026-03-16', 100, 0), c1.reported('2026-03-22', 40, 60)).events,
    );
    expect(serve(run, 'stock-coverage', '2026-03-22')).toMatchObject([
      {
        onHand: 40,
        adsStatus: 'INSUFFICIENT_DATA',
        insufficientData: true,
        ads: null,
        adsDays: 6,
        dos: null,
        weeksOfCover: null,
        safetyStock: null,
        projectedAtLeadTime: null,
        flags: [],
      },
    ]);
    expect(run.rows('stock_coverage')).toMatchObject([
      { ads_status: 'INSUFFICIENT_DATA', insufficient_data: 1, ads: null, ads_days: 6, dos: null },
    ]);
  });

  it('is OK from 7 days of data', () => {
    const run = runProjection(
      projection,
      baseScenario().add(c1.reported('2026-03-15', 100, 0), c1.reported('2026-03-22', 30, 70)).events,
    );
    expect(serve(run, 'stock-coverage', '2026-03-22')).toMatchObject([
      {
        adsStatus: 'OK',
        insufficientData: false,
        ads: 10,
        adsDays: 7,
        dos: 3,
        flags: ['BELOW_SAFETY', 'STOCKOUT_RISK'],
      },
    ]);
  });

  it('counts only the 28 days before the latest report', () => {
    const run = runProjection(
      projection,
      baseScenario().add(
        c1.reported('2026-03-01', 2000, 0),
        // 700 sold over 14 days, 7 of them inside the 28 days to 5 April: 350 count.
        c1.reported('2026-03-15', 1300, 700),
        c1.reported('2026-04-05', 1090, 210),
      ).events,
    );
    expect(serve(run, 'stock-coverage', '2026-04-05')).toMatchObject([{ adsDays: 28, ads: 560 / 28 }]);
  });
});
