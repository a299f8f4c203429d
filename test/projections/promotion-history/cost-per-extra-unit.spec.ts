// Cost per extra unit = actual cost ÷ extra units (sales in the window − the seasonal baseline's
// daily sales × window days, whole units as served), rounded half up to whole minor units; null
// when there is no result yet or nothing extra was sold. Our cost per extra unit: the same over
// our share of the actual cost (fundingSplitBp of it, rounded down to whole minor units: the
// account funds the rest).
import { describe, expect, it } from 'vitest';
import { money } from '../../../domain/kernel/index.js';
import {
  commitmentCreated,
  presentedOf,
  promotionApproved,
  promotionProposed,
  promotionResultRecorded,
  rowOf,
  run,
  steadySales,
  stockReported,
} from './scenario.js';

const costOf = (events: Parameters<typeof run>[0]) => rowOf(run(events), 'P-1')['cost_per_extra_unit_amount'];
const COST_COLUMNS = [
  'actual_cost_amount',
  'our_actual_cost_amount',
  'extra_units',
  'cost_per_extra_unit_amount',
  'our_cost_per_extra_unit_amount',
];
const costsOf = (events: Parameters<typeof run>[0]) => {
  const row = rowOf(run(events), 'P-1');
  return Object.fromEntries(COST_COLUMNS.map((column) => [column, row[column]]));
};
const measured = [
  commitmentCreated('c-1', 'SKU-1'),
  promotionProposed('P-1'),
  promotionApproved('P-1'),
  ...steadySales(),
];

describe('cost per extra unit', () => {
  it('divides the actual cost by the units sold above the baseline', () => {
    // 93 000 ÷ 310 extra units.
    expect(costOf([...measured, promotionResultRecorded('P-1')])).toBe(300);
  });

  it('rounds to whole minor units', () => {
    // 100 000 ÷ 310 = 322.58…
    const events = [...measured, promotionResultRecorded('P-1', { actualCost: money(100_000) })];
    expect(costOf(events)).toBe(323);
    expect(presentedOf(run(events), 'P-1')['costPerExtraUnitAmount']).toBe(323);
  });

  it('is null before a result is recorded', () => {
    expect(costsOf(measured)).toEqual({
      actual_cost_amount: null,
      our_actual_cost_amount: null,
      extra_units: 310,
      cost_per_extra_unit_amount: null,
      our_cost_per_extra_unit_amount: null,
    });
  });

  it('divides by the extra units as served, so the row’s own figures give it', () => {
    const events = [
      commitmentCreated('c-1', 'SKU-1'),
      promotionProposed('P-1'),
      promotionApproved('P-1'),
      stockReported('c-1', '2026-04-02', 0),
      // 300 ÷ 28 a day: 620 − 300 ÷ 28 × 31 = 287.86 extra units, served as 288.
      stockReported('c-1', '2026-04-30', 300),
      stockReported('c-1', '2026-05-31', 620),
      promotionResultRecorded('P-1', { actualCost: money(1_000_000) }),
    ];
    expect(costsOf(events)).toMatchObject({ extra_units: 288, cost_per_extra_unit_amount: 3472 });
  });
});

describe('our cost per extra unit', () => {
  it('divides our share of the actual cost, by the funding split, by the extra units', () => {
    // fundingSplitBp 5000: we fund 46 500 of 93 000; ÷ 310 extra units.
    const events = [...measured, promotionResultRecorded('P-1')];
    expect(costsOf(events)).toEqual({
      actual_cost_amount: 93_000,
      our_actual_cost_amount: 46_500,
      extra_units: 310,
      cost_per_extra_unit_amount: 300,
      our_cost_per_extra_unit_amount: 150,
    });
    expect(presentedOf(run(events), 'P-1')).toMatchObject({
      ourActualCostAmount: 46_500,
      ourCostPerExtraUnitAmount: 150,
    });
  });

  it('rounds our share down to whole minor units, then the cost per unit half up', () => {
    const events = [
      commitmentCreated('c-1', 'SKU-1'),
      promotionProposed('P-1', { fundingSplitBp: 3333 }),
      promotionApproved('P-1'),
      ...steadySales(),
      // 100 001 × 33.33 % = 33 330.33…: we fund 33 330; ÷ 310 = 107.5…
      promotionResultRecorded('P-1', { actualCost: money(100_001) }),
    ];
    expect(costsOf(events)).toEqual({
      actual_cost_amount: 100_001,
      our_actual_cost_amount: 33_330,
      extra_units: 310,
      cost_per_extra_unit_amount: 323,
      our_cost_per_extra_unit_amount: 108,
    });
  });

  it('is zero when the account funds it all, and null when nothing extra was sold', () => {
    const events = [
      commitmentCreated('c-1', 'SKU-1'),
      promotionProposed('P-1', { fundingSplitBp: 0 }),
      promotionApproved('P-1'),
      ...steadySales(),
      promotionResultRecorded('P-1'),
    ];
    expect(costsOf(events)).toMatchObject({ our_actual_cost_amount: 0, our_cost_per_extra_unit_amount: 0 });
    const flat = [
      commitmentCreated('c-1', 'SKU-1'),
      promotionProposed('P-1'),
      promotionApproved('P-1'),
      stockReported('c-1', '2026-04-02', 0),
      stockReported('c-1', '2026-04-30', 280),
      stockReported('c-1', '2026-05-31', 300),
      promotionResultRecorded('P-1'),
    ];
    expect(costsOf(flat)).toEqual({
      actual_cost_amount: 93_000,
      our_actual_cost_amount: 46_500,
      extra_units: -10,
      cost_per_extra_unit_amount: null,
      our_cost_per_extra_unit_amount: null,
    });
  });

  it('is null when the window sold no more than the baseline', () => {
    const flat = [
      commitmentCreated('c-1', 'SKU-1'),
      promotionProposed('P-1'),
      promotionApproved('P-1'),
      stockReported('c-1', '2026-04-02', 0),
      stockReported('c-1', '2026-04-30', 280),
      stockReported('c-1', '2026-05-31', 310),
      promotionResultRecorded('P-1'),
    ];
    expect(rowOf(run(flat), 'P-1')['extra_units']).toBe(0);
    expect(costOf(flat)).toBeNull();
  });

  it('is null without sales data, even with a result', () => {
    expect(
      costOf([promotionProposed('P-1'), promotionApproved('P-1'), promotionResultRecorded('P-1')]),
    ).toBeNull();
  });
});
