// Cost per extra unit = actual cost ÷ (sales in the window − baseline daily average × window
// days), in whole minor units; null when there is no result yet or nothing extra was sold.
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
    expect(costOf(measured)).toBeNull();
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
