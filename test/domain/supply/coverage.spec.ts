import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, POLICY_V1 } from '../../../domain/kernel/index.js';
import {
  averageDailySales,
  coverage,
  COVERAGE_FLAGS,
  demandBetween,
  onTimeInFull,
  type CoverageBatch,
  type CoverageInput,
  type CoverageStockReport,
} from '../../../domain/supply/index.js';

const TODAY = '2026-04-29';

/** Weekly reports over the 28 days to today, selling 10 a day; the last one has `onHand` on hand. */
const steadySales = (onHand: number): CoverageStockReport[] => [
  { asOf: '2026-04-01', onHand: 900, soldSinceLast: 0 },
  { asOf: '2026-04-08', onHand: 830, soldSinceLast: 70 },
  { asOf: '2026-04-15', onHand: 760, soldSinceLast: 70 },
  { asOf: '2026-04-22', onHand: 690, soldSinceLast: 70 },
  { asOf: TODAY, onHand, soldSinceLast: 70 },
];

const batch = (eta: string, qty: number, delivered = 0, batchId?: string): CoverageBatch => ({
  ...(batchId === undefined ? {} : { batchId }),
  eta,
  qty,
  shipped: delivered,
  delivered,
});

const input = (over: Partial<CoverageInput> = {}): CoverageInput => ({
  asOf: TODAY,
  reports: steadySales(200),
  batches: [],
  committedQty: 1000,
  deliveredQty: 0,
  peak: null,
  safetyDays: 14,
  leadTimeDays: 7,
  staleAfterDays: 7,
  lastFillRatioBp: null,
  policy: POLICY_V1,
  ...over,
});

const flagsOf = (over: Partial<CoverageInput>) => coverage(input(over)).flags;

describe('average daily sales (ADS)', () => {
  it('divides the units sold over the last 28 days of reports by the days they cover', () => {
    expect(averageDailySales(steadySales(200), POLICY_V1)).toEqual({ status: 'OK', ads: 10, days: 28 });
  });

  it('does not count the first report’s sales, whose span is unknown', () => {
    const reports = steadySales(200).map((r, i) => (i === 0 ? { ...r, soldSinceLast: 5000 } : r));
    expect(averageDailySales(reports, POLICY_V1).ads).toBe(10);
  });

  it('ignores sales before the window and counts a span crossing its start pro rata', () => {
    const reports = [
      { asOf: '2026-03-01', onHand: 5000, soldSinceLast: 0 },
      { asOf: '2026-03-25', onHand: 4000, soldSinceLast: 1000 }, // entirely before 2026-04-01
      { asOf: '2026-04-05', onHand: 3890, soldSinceLast: 110 }, // 11 days, 4 of them in the window
      { asOf: TODAY, onHand: 3650, soldSinceLast: 240 },
    ];
    const rate = averageDailySales(reports, POLICY_V1);
    expect(rate.days).toBe(28);
    expect(rate.ads).toBeCloseTo(10, 10);
  });

  it('is INSUFFICIENT_DATA with fewer than 7 days of data', () => {
    const reports = [
      { asOf: '2026-04-23', onHand: 100, soldSinceLast: 0 },
      { asOf: TODAY, onHand: 40, soldSinceLast: 60 },
    ];
    expect(averageDailySales(reports, POLICY_V1)).toEqual({
      status: 'INSUFFICIENT_DATA',
      ads: null,
      days: 6,
    });
    expect(averageDailySales([], POLICY_V1)).toEqual({ status: 'INSUFFICIENT_DATA', ads: null, days: 0 });
    expect(averageDailySales([{ asOf: TODAY, onHand: 1, soldSinceLast: 9 }], POLICY_V1).status).toBe(
      'INSUFFICIENT_DATA',
    );
  });

  it('is OK from exactly 7 days of data', () => {
    const reports = [
      { asOf: '2026-04-22', onHand: 100, soldSinceLast: 0 },
      { asOf: TODAY, onHand: 30, soldSinceLast: 70 },
    ];
    expect(averageDailySales(reports, POLICY_V1)).toEqual({ status: 'OK', ads: 10, days: 7 });
  });
});

describe('demand', () => {
  const peak = { from: '2026-05-10', to: '2026-05-19', upliftBp: 15_000 };

  it('is ADS per day outside a peak', () => {
    expect(demandBetween(10, '2026-05-01', '2026-05-08', null)).toBe(70);
    expect(demandBetween(10, '2026-05-01', '2026-05-08', peak)).toBe(70);
  });

  it('applies the peak uplift on the peak days only, start excluded, end included', () => {
    // (05-05, 05-12]: 7 days, 3 of them (10, 11, 12) in the peak at × 1.5
    expect(demandBetween(10, '2026-05-05', '2026-05-12', peak)).toBe(85);
    // the whole peak and more: 30 days, 10 at × 1.5
    expect(demandBetween(10, '2026-05-01', '2026-05-31', peak)).toBe(350);
  });

  it('weighs each day by one season, the first listed, when seasons overlap', () => {
    const later = { from: '2026-05-15', to: '2026-05-24', upliftBp: 30_000 };
    // (05-09, 05-24]: 5 days at × 1.5 (05-10…05-14), 5 at × 1.5 (05-15…05-19, the first wins), 5 at × 3.
    expect(demandBetween(10, '2026-05-09', '2026-05-24', [peak, later])).toBe(10 * (10 * 1.5 + 5 * 3));
  });

  it('lowers demand in an off-season (uplift below 100 %)', () => {
    expect(demandBetween(10, '2026-05-09', '2026-05-19', { ...peak, upliftBp: 5000 })).toBe(50);
  });
});

describe('coverage figures', () => {
  it('reports on hand, ADS, days of supply and weeks of cover', () => {
    const row = coverage(input());
    expect(row).toMatchObject({
      asOf: TODAY,
      lastReportAsOf: TODAY,
      onHand: 200,
      adsStatus: 'OK',
      ads: 10,
      adsDays: 28,
      dos: 20,
      safetyStock: 140,
    });
    expect(row.weeksOfCover).toBeCloseTo(20 / 7, 12);
  });

  it('ignores reports dated after the day asked for (a snapshot of an earlier day)', () => {
    const row = coverage(input({ asOf: '2026-04-22' }));
    expect(row.lastReportAsOf).toBe('2026-04-22');
    expect(row.onHand).toBe(690);
    expect(row.adsDays).toBe(21);
  });

  it('counts the pipeline as scheduled − delivered of the batches still open', () => {
    const batches = [batch('2026-04-10', 100, 100), batch('2026-04-20', 200, 50), batch('2026-05-20', 300)];
    expect(coverage(input({ batches })).pipeline).toBe(450);
  });

  it('gives the remaining committed quantity, never below zero', () => {
    expect(coverage(input({ committedQty: 1000, deliveredQty: 400 })).remainingCommitted).toBe(600);
    expect(coverage(input({ committedQty: 100, deliveredQty: 105 })).remainingCommitted).toBe(0);
  });

  it('names the next batch: the earliest due today or later that is not fully delivered', () => {
    const batches = [
      batch('2026-04-20', 100, 0, 'late'),
      batch('2026-05-01', 100, 100, 'arrived-early'),
      batch('2026-05-15', 100, 0, 'later'),
      batch('2026-05-06', 100, 40, 'next'),
      batch('2026-05-06', 100, 0, 'same-day'),
    ];
    expect(coverage(input({ batches })).nextBatch).toEqual({
      batchId: 'next',
      eta: '2026-05-06',
      qty: 100,
      shipped: 40,
      delivered: 40,
    });
    expect(coverage(input({ batches: [batch(TODAY, 10)] })).nextBatch).toEqual({
      batchId: null,
      eta: TODAY,
      qty: 10,
      shipped: 0,
      delivered: 0,
    });
    expect(coverage(input({ batches: [batch('2026-04-20', 100)] })).nextBatch).toBeNull();
  });

  it('projects stock at today + lead time with the batches arriving by then, late ones included', () => {
    const batches = [batch('2026-04-25', 30), batch('2026-05-06', 40), batch('2026-05-07', 500)];
    // 200 − 7 × 10 + 30 (late) + 40 (due 05-06 = today + 7)
    expect(coverage(input({ batches })).projectedAtLeadTime).toBe(200);
  });

  it('projects from the latest report, not from today', () => {
    const reports = steadySales(200).slice(0, 4); // latest 04-22, 690 on hand
    expect(coverage(input({ reports, staleAfterDays: 14 })).projectedAtLeadTime).toBe(690 - 14 * 10);
  });

  it('passes the peak through', () => {
    const peak = { from: '2026-07-01', to: '2026-07-31', upliftBp: 12_000 };
    expect(coverage(input({ peak })).peak).toEqual(peak);
    expect(coverage(input({ peak: undefined })).peak).toBeNull();
  });

  it('leaves the sales figures empty without a report', () => {
    expect(coverage(input({ reports: [] }))).toMatchObject({
      lastReportAsOf: null,
      onHand: null,
      adsStatus: 'INSUFFICIENT_DATA',
      ads: null,
      dos: null,
      weeksOfCover: null,
      safetyStock: null,
      projectedAtLeadTime: null,
      flags: ['STALE_DATA'],
    });
  });

  it('has no days of supply when nothing sells', () => {
    const reports = steadySales(300).map((r) => ({ ...r, soldSinceLast: 0 }));
    expect(coverage(input({ reports }))).toMatchObject({
      ads: 0,
      dos: null,
      weeksOfCover: null,
      safetyStock: 0,
    });
  });
});

describe('coverage flags', () => {
  it('raises BELOW_SAFETY when days of supply are below the safety days', () => {
    expect(flagsOf({ reports: steadySales(139) })).toContain('BELOW_SAFETY');
    expect(flagsOf({ reports: steadySales(140) })).not.toContain('BELOW_SAFETY');
  });

  it('raises STOCKOUT_RISK when stock at today + lead time falls below safety stock', () => {
    // 200 − 70 = 130 < 140
    expect(flagsOf({ reports: steadySales(200) })).toContain('STOCKOUT_RISK');
    // a batch due within the lead time lifts it to 230
    expect(flagsOf({ reports: steadySales(200), batches: [batch('2026-05-03', 100)] })).not.toContain(
      'STOCKOUT_RISK',
    );
    // one due after the lead time does not help
    expect(flagsOf({ reports: steadySales(200), batches: [batch('2026-05-07', 100)] })).toContain(
      'STOCKOUT_RISK',
    );
    expect(flagsOf({ reports: steadySales(210) })).not.toContain('STOCKOUT_RISK');
  });

  it('counts peak demand inside the lead time for STOCKOUT_RISK', () => {
    const peak = { from: '2026-04-30', to: '2026-05-31', upliftBp: 20_000 };
    // 250 − 7 × 20 = 110 < 140 with the peak; 250 − 70 = 180 without
    expect(flagsOf({ reports: steadySales(250), peak })).toContain('STOCKOUT_RISK');
    expect(flagsOf({ reports: steadySales(250) })).not.toContain('STOCKOUT_RISK');
  });

  describe('PEAK_UNDERCOVERED', () => {
    // Today + 7 days lead time + 30 days horizon = 2026-06-05.
    const peak = { from: '2026-05-20', to: '2026-06-10', upliftBp: 15_000 };
    // Demand to the peak end: 10 × (42 − 22 + 22 × 1.5) = 530; uplifted safety stock 140 × 1.5 = 210.

    it('is raised when stock at the end of a coming peak is below the uplifted safety stock', () => {
      expect(flagsOf({ reports: steadySales(600), peak })).toContain('PEAK_UNDERCOVERED');
    });

    it('is not raised when batches before the peak end cover it', () => {
      const batches = [batch('2026-06-01', 140)];
      expect(flagsOf({ reports: steadySales(600), peak, batches })).not.toContain('PEAK_UNDERCOVERED');
      expect(flagsOf({ reports: steadySales(600), peak, batches: [batch('2026-06-11', 1000)] })).toContain(
        'PEAK_UNDERCOVERED',
      );
    });

    it('is not raised for a peak beyond lead time + 30 days, nor for one that is over', () => {
      const far = { from: '2026-06-06', to: '2026-06-20', upliftBp: 15_000 };
      expect(flagsOf({ reports: steadySales(200), peak: far })).not.toContain('PEAK_UNDERCOVERED');
      expect(flagsOf({ reports: steadySales(200), peak: { ...far, from: '2026-06-05' } })).toContain(
        'PEAK_UNDERCOVERED',
      );
      const over = { from: '2026-04-01', to: '2026-04-28', upliftBp: 15_000 };
      expect(flagsOf({ reports: steadySales(0), peak: over })).not.toContain('PEAK_UNDERCOVERED');
    });

    it('is raised during a peak that has started', () => {
      const running = { from: '2026-04-20', to: '2026-05-10', upliftBp: 15_000 };
      expect(flagsOf({ reports: steadySales(100), peak: running })).toContain('PEAK_UNDERCOVERED');
    });
  });

  describe('COMMITMENT_GAP', () => {
    const peak = { from: '2026-05-20', to: '2026-06-10', upliftBp: 15_000 };
    // Demand to the peak end 530 + safety stock 140 = 670.

    it('is raised when stock plus all committed supply not yet delivered cannot cover demand to the peak end', () => {
      expect(flagsOf({ reports: steadySales(600), peak, committedQty: 1000, deliveredQty: 931 })).toContain(
        'COMMITMENT_GAP',
      );
    });

    it('is not raised when the remaining commitment covers it, whenever it is scheduled', () => {
      expect(
        flagsOf({ reports: steadySales(600), peak, committedQty: 1000, deliveredQty: 930 }),
      ).not.toContain('COMMITMENT_GAP');
    });

    it('is not raised without a peak ahead', () => {
      expect(flagsOf({ reports: steadySales(0), committedQty: 0 })).not.toContain('COMMITMENT_GAP');
      const over = { from: '2026-04-01', to: '2026-04-28', upliftBp: 15_000 };
      expect(flagsOf({ reports: steadySales(0), committedQty: 0, peak: over })).not.toContain(
        'COMMITMENT_GAP',
      );
    });
  });

  it('raises OVERSTOCK above 60 days of supply', () => {
    expect(flagsOf({ reports: steadySales(601) })).toContain('OVERSTOCK');
    expect(flagsOf({ reports: steadySales(600) })).not.toContain('OVERSTOCK');
  });

  it('raises OVERSTOCK for stock that does not sell at all, not for an empty shelf', () => {
    const noSales = (onHand: number) => steadySales(onHand).map((r) => ({ ...r, soldSinceLast: 0 }));
    expect(flagsOf({ reports: noSales(1) })).toEqual(['OVERSTOCK']);
    expect(flagsOf({ reports: noSales(0) })).toEqual([]);
  });

  it('raises STALE_DATA when the last report is older than the tier allows', () => {
    expect(flagsOf({ asOf: '2026-05-06', reports: steadySales(2000), staleAfterDays: 7 })).not.toContain(
      'STALE_DATA',
    );
    expect(flagsOf({ asOf: '2026-05-07', reports: steadySales(2000), staleAfterDays: 7 })).toContain(
      'STALE_DATA',
    );
    expect(flagsOf({ asOf: '2026-05-07', reports: steadySales(2000), staleAfterDays: 14 })).not.toContain(
      'STALE_DATA',
    );
  });

  it('raises ALLOCATION_CUT when the last fill ratio is below 100 %', () => {
    expect(flagsOf({ lastFillRatioBp: 9999 })).toContain('ALLOCATION_CUT');
    expect(flagsOf({ lastFillRatioBp: 10_000 })).not.toContain('ALLOCATION_CUT');
    expect(flagsOf({ lastFillRatioBp: null })).not.toContain('ALLOCATION_CUT');
    expect(flagsOf({ lastFillRatioBp: undefined })).not.toContain('ALLOCATION_CUT');
  });

  it('raises no flag that needs ADS on INSUFFICIENT_DATA, but still STALE_DATA and ALLOCATION_CUT', () => {
    const reports = [
      { asOf: '2026-04-10', onHand: 500, soldSinceLast: 0 },
      { asOf: '2026-04-12', onHand: 0, soldSinceLast: 500 },
    ];
    const peak = { from: '2026-05-01', to: '2026-05-10', upliftBp: 30_000 };
    expect(flagsOf({ reports, peak, committedQty: 0, lastFillRatioBp: 0 })).toEqual([
      'STALE_DATA',
      'ALLOCATION_CUT',
    ]);
  });

  it('lists flags in the order of COVERAGE_FLAGS', () => {
    const flags = flagsOf({
      reports: steadySales(10),
      lastFillRatioBp: 0,
      staleAfterDays: 7,
      asOf: '2026-05-07',
    });
    expect(flags).toEqual(COVERAGE_FLAGS.filter((f) => flags.includes(f)));
    expect(flags).toEqual(['BELOW_SAFETY', 'STOCKOUT_RISK', 'STALE_DATA', 'ALLOCATION_CUT']);
  });
});

describe('coverage properties', () => {
  const reportsArb = fc
    .array(
      fc.record({
        gap: fc.integer({ min: 1, max: 20 }),
        onHand: fc.nat({ max: 5000 }),
        soldSinceLast: fc.nat({ max: 2000 }),
      }),
      { maxLength: 15 },
    )
    .map((rows) => {
      let asOf = '2026-01-01';
      return rows.map(({ gap, onHand, soldSinceLast }) => {
        asOf = addDays(asOf, gap);
        return { asOf, onHand, soldSinceLast };
      });
    });

  const inputArb = fc.record({
    reports: reportsArb,
    today: fc.integer({ min: 0, max: 60 }),
    batches: fc.array(
      fc
        .record({
          day: fc.integer({ min: 0, max: 200 }),
          qty: fc.integer({ min: 1, max: 500 }),
          part: fc.nat({ max: 100 }),
          // Some batches carry their days: scheduled, then delivered some days from the ETA.
          dated: fc.option(fc.integer({ min: -10, max: 10 }), { nil: null }),
        })
        .map(({ day, qty, part, dated }): CoverageBatch => {
          const eta = addDays('2026-01-01', day);
          const delivered = Math.floor((qty * part) / 100);
          const plain = batch(eta, qty, delivered);
          if (dated === null) return plain;
          const on = addDays(eta, dated);
          return {
            ...plain,
            scheduledOn: addDays(eta, -30),
            shipments: delivered > 0 ? [{ on, qty: delivered }] : [],
            deliveries: delivered > 0 ? [{ on, qty: delivered }] : [],
          };
        }),
      { maxLength: 6 },
    ),
    peakStart: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }),
    upliftBp: fc.integer({ min: 5000, max: 30_000 }),
    safetyDays: fc.integer({ min: 0, max: 30 }),
    leadTimeDays: fc.integer({ min: 0, max: 30 }),
    lastFillRatioBp: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null }),
  });

  const sample = (value: {
    reports: CoverageStockReport[];
    today: number;
    batches: CoverageBatch[];
    peakStart: number | null;
    upliftBp: number;
    safetyDays: number;
    leadTimeDays: number;
    lastFillRatioBp: number | null;
  }): CoverageInput =>
    input({
      asOf: addDays(value.reports.at(-1)?.asOf ?? '2026-01-01', value.today),
      reports: value.reports,
      batches: value.batches,
      peak:
        value.peakStart === null
          ? null
          : {
              from: addDays('2026-01-01', value.peakStart),
              to: addDays('2026-01-01', value.peakStart + 20),
              upliftBp: value.upliftBp,
            },
      safetyDays: value.safetyDays,
      leadTimeDays: value.leadTimeDays,
      lastFillRatioBp: value.lastFillRatioBp,
    });

  it('is deterministic and JSON-safe', () => {
    fc.assert(
      fc.property(inputArb, (value) => {
        const a = coverage(sample(value));
        const b = coverage(sample(value));
        expect(a).toEqual(b);
        expect(JSON.parse(JSON.stringify(a))).toEqual(a);
      }),
    );
  });

  it('has ADS only with enough data, never negative, and no sales flag without it', () => {
    fc.assert(
      fc.property(inputArb, (value) => {
        const row = coverage(sample(value));
        expect(row.ads === null).toBe(row.adsDays < POLICY_V1.coverage.adsMinDays);
        expect(row.adsDays).toBeLessThanOrEqual(POLICY_V1.coverage.adsWindowDays);
        if (row.ads !== null) expect(row.ads).toBeGreaterThanOrEqual(0);
        if (row.ads === null) {
          expect(
            row.flags.filter((f) => f !== 'STALE_DATA' && f !== 'ALLOCATION_CUT' && f !== 'DELIVERY_LATE'),
          ).toEqual([]);
        }
        expect(row.pipeline).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('estimates on hand at no less than what was delivered since the report, and never below 0', () => {
    fc.assert(
      fc.property(inputArb, (value) => {
        const row = coverage(sample(value));
        expect(row.estimatedOnHand === null).toBe(row.lastReportAsOf === null);
        if (row.estimatedOnHand !== null) {
          expect(row.estimatedOnHand).toBeGreaterThanOrEqual(row.deliveredSinceReport ?? 0);
          expect(row.deliveredSinceReport).toBeGreaterThanOrEqual(0);
        }
        if (row.dos !== null) expect(row.dos).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

// Issue #9: numbers an analyst can trust.
describe('estimated on hand: deliveries after the last report count', () => {
  // 100 on hand on 04-22 (10 a day sold), 500 delivered on 04-23, asked on 04-25.
  const reports = steadySales(100)
    .slice(0, 4)
    .map((r, i) => (i === 3 ? { ...r, onHand: 100 } : r));
  const delivered = (on: string): CoverageBatch => ({
    batchId: 'b-1',
    eta: '2026-04-23',
    qty: 500,
    shipped: 500,
    delivered: 500,
    scheduledOn: '2026-04-01',
    shipments: [{ on: '2026-04-20', qty: 500 }],
    deliveries: [{ on, qty: 500 }],
  });

  it('is the reported stock less the demand since the report, plus the units delivered since', () => {
    const row = coverage(input({ asOf: '2026-04-25', reports, batches: [delivered('2026-04-23')] }));
    expect(row.estimatedOnHand).toBe(100 - 3 * 10 + 500);
    expect(row.dos).toBe(57);
    expect(row.projectedAtLeadTime).toBe(570 - 7 * 10);
    expect(row.pipeline).toBe(0);
    expect(row.flags).toEqual([]);
  });

  it('never lets the demand since the report take stock below zero before a delivery', () => {
    const row = coverage(input({ asOf: '2026-05-06', reports, batches: [delivered('2026-04-23')] }));
    // 100 − 14 × 10 is −40: 0, then the 500 delivered.
    expect(row.estimatedOnHand).toBe(500);
  });

  it('does not count a delivery of the report’s own day twice, nor one after the day asked for', () => {
    expect(
      coverage(input({ asOf: '2026-04-25', reports, batches: [delivered('2026-04-22')] })).estimatedOnHand,
    ).toBe(70);
    const before = coverage(input({ asOf: '2026-04-22', reports, batches: [delivered('2026-04-23')] }));
    expect(before.estimatedOnHand).toBe(100);
    expect(before.pipeline).toBe(500);
  });

  it('is null without a report', () => {
    expect(coverage(input({ reports: [] })).estimatedOnHand).toBeNull();
  });
});

describe('the peak uplift is applied once: ADS is the base rate', () => {
  const running = { from: '2026-03-25', to: '2026-05-31', upliftBp: 15_000 };
  // Inside the peak the account sells 15 a day: 10 a day at base.
  const peakSales = steadySales(300).map((r, i) => (i === 0 ? r : { ...r, soldSinceLast: 105 }));

  it('divides the sales on peak days by the uplift', () => {
    expect(averageDailySales(peakSales, POLICY_V1, [running])).toEqual({ status: 'OK', ads: 10, days: 28 });
  });

  it('spreads a span that crosses into the peak in proportion to each day’s demand', () => {
    const peak = { from: '2026-04-26', to: '2026-05-31', upliftBp: 20_000 };
    // 04-22 → 04-29: 3 ordinary days and 4 peak days at × 2 = 11 base days, 110 sold.
    const reports = [
      { asOf: '2026-04-22', onHand: 500, soldSinceLast: 0 },
      { asOf: TODAY, onHand: 390, soldSinceLast: 110 },
    ];
    expect(averageDailySales(reports, POLICY_V1, [peak]).ads).toBeCloseTo(10, 10);
  });

  it('serves the base rate and takes days of supply at today’s uplifted demand', () => {
    const row = coverage(input({ reports: peakSales, peak: running }));
    expect(row.ads).toBe(10);
    expect(row.dos).toBe(20);
    expect(row.safetyStock).toBe(14 * 15);
    // 300 − 7 × 15 a day in the peak.
    expect(row.projectedAtLeadTime).toBe(195);
    // 300 do not last the 32 peak days to 31 May either.
    expect(row.flags).toEqual(['STOCKOUT_RISK', 'PEAK_UNDERCOVERED']);
  });

  it('de-seasonalises the sales of an earlier peak it is told of', () => {
    const earlier = { from: '2026-03-01', to: '2026-04-29', upliftBp: 15_000 };
    const row = coverage(input({ reports: peakSales, peak: null, peaks: [earlier] }));
    expect(row.ads).toBe(10);
  });
});

describe('a past asOf sees the batches, deliveries and allocations of that day', () => {
  const later: CoverageBatch = {
    batchId: 'late-news',
    eta: '2026-05-02',
    qty: 300,
    shipped: 300,
    delivered: 300,
    scheduledOn: '2026-04-26',
    shipments: [{ on: '2026-04-27', qty: 300 }],
    deliveries: [{ on: '2026-04-30', qty: 300 }],
  };

  it('does not see a batch scheduled after the day', () => {
    const undelivered = { ...later, shipped: 0, delivered: 0, shipments: [], deliveries: [] };
    const row = coverage(input({ asOf: '2026-04-22', reports: steadySales(200), batches: [undelivered] }));
    expect(row.pipeline).toBe(0);
    expect(row.nextBatch).toBeNull();
  });

  it('sees it in the pipeline, shipped, before its delivery', () => {
    const row = coverage(input({ asOf: TODAY, batches: [later] }));
    expect(row.pipeline).toBe(300);
    expect(row.nextBatch).toEqual({
      batchId: 'late-news',
      eta: '2026-05-02',
      qty: 300,
      shipped: 300,
      delivered: 0,
    });
  });

  it('leaves out what a commitment closed on or before the day would have brought', () => {
    const closed = { ...later, shipped: 0, delivered: 0, shipments: [], deliveries: [], closedOn: TODAY };
    expect(coverage(input({ batches: [closed] })).pipeline).toBe(0);
    expect(
      coverage(input({ asOf: '2026-04-28', reports: steadySales(200).slice(0, 4), batches: [closed] }))
        .pipeline,
    ).toBe(300);
  });
});

describe('rows of LOST accounts and of closed commitments', () => {
  it('keep their figures but raise no flags', () => {
    const lost = coverage(input({ reports: steadySales(10), lastFillRatioBp: 0, accountLost: true }));
    expect(lost).toMatchObject({ estimatedOnHand: 10, ads: 10, dos: 1, flags: [] });
    const closed = coverage(input({ asOf: '2026-05-20', reports: steadySales(10), closed: true }));
    expect(closed).toMatchObject({ onHand: 10, flags: [] });
  });
});

describe('DELIVERY_LATE', () => {
  const due = (eta: string, deliveries: { on: string; qty: number }[], qty = 100): CoverageBatch => ({
    eta,
    qty,
    shipped: qty,
    delivered: deliveries.reduce((sum, d) => sum + d.qty, 0),
    scheduledOn: '2026-01-01',
    shipments: [{ on: '2026-01-02', qty }],
    deliveries,
  });
  const reports = steadySales(300);

  it('is raised by a batch delivered after its ETA in the last 90 days', () => {
    expect(flagsOf({ reports, batches: [due('2026-04-10', [{ on: '2026-04-12', qty: 100 }])] })).toContain(
      'DELIVERY_LATE',
    );
    // Delivered 91 days ago: out of the window.
    expect(
      flagsOf({ reports, batches: [due('2026-01-20', [{ on: '2026-01-28', qty: 100 }])] }),
    ).not.toContain('DELIVERY_LATE');
  });

  it('is raised by a batch past its ETA not fully delivered', () => {
    expect(flagsOf({ reports, batches: [due('2026-04-28', [{ on: '2026-04-27', qty: 60 }])] })).toContain(
      'DELIVERY_LATE',
    );
    expect(flagsOf({ reports, batches: [due(TODAY, [])] })).not.toContain('DELIVERY_LATE');
  });

  it('is not raised by batches delivered on or before their ETA', () => {
    expect(
      flagsOf({ reports, batches: [due('2026-04-20', [{ on: '2026-04-20', qty: 100 }])] }),
    ).not.toContain('DELIVERY_LATE');
  });

  it('is not raised, as of a day before the late delivery, by what was on time then', () => {
    const batches = [due('2026-04-25', [{ on: '2026-04-27', qty: 100 }])];
    expect(flagsOf({ asOf: '2026-04-24', reports: steadySales(300).slice(0, 4), batches })).not.toContain(
      'DELIVERY_LATE',
    );
    expect(flagsOf({ asOf: '2026-04-26', reports: steadySales(300).slice(0, 4), batches })).toContain(
      'DELIVERY_LATE',
    );
  });
});

describe('on time in full', () => {
  const record = (eta: string, qty: number, deliveredByEta: number, closedOn: string | null = null) => ({
    eta,
    qty,
    deliveredByEta,
    scheduledOn: '2025-01-01',
    closedOn,
  });

  it('is the share of the batches due in the 12 months delivered in full by their ETA, in basis points', () => {
    const batches = [
      record('2026-04-01', 100, 100),
      record('2026-03-01', 100, 99),
      record('2025-06-01', 100, 100),
      // Due 12 months ago or earlier, or not due yet: not counted.
      record('2025-04-29', 100, 0),
      record('2026-05-01', 100, 0),
    ];
    expect(onTimeInFull(batches, TODAY)).toEqual({ due: 3, onTimeInFull: 2, rateBp: 6666 });
  });

  it('is null with no batch due, and leaves out a batch whose commitment closed before its ETA', () => {
    expect(onTimeInFull([], TODAY)).toEqual({ due: 0, onTimeInFull: 0, rateBp: null });
    expect(onTimeInFull([record('2026-04-01', 100, 0, '2026-03-15')], TODAY).due).toBe(0);
    expect(onTimeInFull([record('2026-04-01', 100, 0, '2026-04-15')], TODAY).rateBp).toBe(0);
  });

  it('does not see a batch scheduled after the day asked for', () => {
    expect(onTimeInFull([{ ...record('2026-04-01', 100, 100), scheduledOn: '2026-04-30' }], TODAY).due).toBe(
      0,
    );
  });
});
