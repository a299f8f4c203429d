// Each of the eight flags (DELIVERY_LATE in delivery-punctuality.spec.ts), raised by one case and not by a near neighbour. The account sells
// 10 a day (weekly reports, 1–22 March), keeps 14 safety days (safety stock 140) and is
// delivered 5 days after ordering; the flags are those presented as of 22 March.
import { describe, expect, it } from 'vitest';
import { projection } from '../../../projections/stock-coverage/index.js';
import { runProjection } from '../../support/projection-harness.js';
import { baseScenario, peak, steadyReports, supply, tierChanged, type Scenario } from './scenario.js';
import { serve } from './serve.js';

const c1 = supply();
const TODAY = '2026-03-22';

const flagsOn = (scenario: Scenario, asOf = TODAY) => {
  const run = runProjection(projection, scenario.events);
  const [row] = serve(run, 'stock-coverage', asOf);
  return row?.['flags'];
};

describe('BELOW_SAFETY: DOS under the safety days', () => {
  it('is raised with 10 days of supply against 14 safety days', () => {
    expect(flagsOn(baseScenario().add(...steadyReports(100)))).toContain('BELOW_SAFETY');
  });

  it('is not raised with 39 days of supply', () => {
    expect(flagsOn(baseScenario().add(...steadyReports(390)))).toEqual([]);
  });
});

describe('STOCKOUT_RISK: projected stock at today + lead time under the safety stock', () => {
  it('is raised when 150 on hand fall to 100 in the 5 days of lead time', () => {
    // DOS 15 is above the 14 safety days: only the projection sees the risk.
    expect(flagsOn(baseScenario().add(...steadyReports(150)))).toEqual(['STOCKOUT_RISK']);
  });

  it('is not raised when a batch due within the lead time brings it back to 200', () => {
    const withBatch = baseScenario().add(c1.scheduled('b-1', '2026-03-25', 100), ...steadyReports(150));
    expect(flagsOn(withBatch)).toEqual([]);
  });
});

describe('PEAK_UNDERCOVERED: a peak within lead time + 30 days that the stock does not last', () => {
  const april = peak('2026-04-01', '2026-04-30');

  it('is raised when 390 on hand meet 540 of demand to the end of an April peak', () => {
    // 9 ordinary days × 10 + 30 peak days × 15 = 540: projected −150 < 140 × 1.5.
    expect(flagsOn(baseScenario({ peak: april }).add(...steadyReports(390)))).toEqual(['PEAK_UNDERCOVERED']);
  });

  it('is not raised when a 400 batch before the peak’s end leaves 250', () => {
    const covered = baseScenario({ peak: april }).add(
      c1.scheduled('b-1', '2026-04-15', 400),
      ...steadyReports(390),
    );
    expect(flagsOn(covered)).toEqual([]);
  });

  it('is not raised for a peak starting beyond lead time + 30 days', () => {
    const june = peak('2026-06-01', '2026-06-30');
    expect(flagsOn(baseScenario({ peak: june }).add(...steadyReports(390)))).toEqual([]);
  });
});

describe('COMMITMENT_GAP: even all committed supply falls short of demand to peak end + safety stock', () => {
  const april = peak('2026-04-01', '2026-04-30');

  it('is raised when 390 on hand + 200 committed < 540 demand + 140 safety stock', () => {
    const short = baseScenario({ peak: april, committedQty: 200 }).add(...steadyReports(390));
    expect(flagsOn(short)).toEqual(['PEAK_UNDERCOVERED', 'COMMITMENT_GAP']);
  });

  it('is not raised when 1000 are committed', () => {
    expect(flagsOn(baseScenario({ peak: april }).add(...steadyReports(390)))).not.toContain('COMMITMENT_GAP');
  });
});

describe('OVERSTOCK: more than 60 days of supply', () => {
  it('is raised with 70 days of supply', () => {
    expect(flagsOn(baseScenario().add(...steadyReports(700)))).toEqual(['OVERSTOCK']);
  });

  it('is not raised with 60 days of supply', () => {
    expect(flagsOn(baseScenario().add(...steadyReports(600)))).toEqual([]);
  });
});

describe('STALE_DATA: the last report older than the tier allows', () => {
  it('is raised for tier A 8 days after the last report, not 7 days after', () => {
    const scenario = baseScenario().add(...steadyReports(390));
    expect(flagsOn(scenario, '2026-03-30')).toEqual(['STALE_DATA']);
    expect(flagsOn(scenario, '2026-03-29')).toEqual([]);
  });

  it('is raised for tier B only after 14 days', () => {
    const scenario = baseScenario().add(tierChanged('A', 'B', '2026-03-10'), ...steadyReports(390));
    expect(flagsOn(scenario, '2026-03-30')).toEqual([]);
    expect(flagsOn(scenario, '2026-04-05')).toEqual([]);
    expect(flagsOn(scenario, '2026-04-06')).toEqual(['STALE_DATA']);
  });
});

describe('STALE_DATA for tier C', () => {
  it('is raised only after 14 days, as for B', () => {
    const scenario = baseScenario().add(tierChanged('A', 'C', '2026-03-10'), ...steadyReports(390));
    expect(flagsOn(scenario, '2026-04-05')).toEqual([]);
    expect(flagsOn(scenario, '2026-04-06')).toEqual(['STALE_DATA']);
  });
});

describe('ALLOCATION_CUT: the last shortage allocation filled less than asked', () => {
  it('is raised by a 75 % fill', () => {
    const cut = baseScenario().add(...steadyReports(390), c1.allocated(200, 150, 7500, '2026-03-21'));
    expect(flagsOn(cut)).toEqual(['ALLOCATION_CUT']);
  });

  it('is not raised by a full fill, which also clears an earlier cut', () => {
    const filled = baseScenario().add(
      c1.allocated(200, 150, 7500, '2026-03-10'),
      ...steadyReports(390),
      c1.allocated(100, 100, 10_000, '2026-03-21'),
    );
    expect(flagsOn(filled)).toEqual([]);
  });
});

describe('flags in SQL', () => {
  it('are stored as a JSON array as of the row’s latest event, in the order of the domain’s flags', () => {
    const run = runProjection(projection, baseScenario().add(...steadyReports(100)).events);
    // 10 days of supply: below the 14 safety days, and 50 left after the lead time.
    expect(run.rows('stock_coverage')).toMatchObject([{ flags: '["BELOW_SAFETY","STOCKOUT_RISK"]' }]);
  });
});
