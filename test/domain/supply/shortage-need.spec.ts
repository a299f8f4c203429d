import { describe, expect, it } from 'vitest';
import { shortageNeed, type NeedFigures } from '../../../domain/supply/shortage-need.js';

// A commitment as the shortage allocation sees it on 1 June 2026: 10 units a day, lead time 7
// days, 14 safety days, nothing on the shelf or on the way, 5 000 units still to allocate.
const figures = (over: Partial<NeedFigures> = {}): NeedFigures => ({
  baseAds: 10,
  estimatedOnHand: 0,
  pipeline: 0,
  leadTimeDays: 7,
  safetyDays: 14,
  peak: null,
  asOf: '2026-06-01',
  remainingAllocatable: 5000,
  ...over,
});

describe('shortageNeed: what a commitment needs until the next resupply (#9)', () => {
  it('asks for the demand over lead time + safety days, not for all that remains committed', () => {
    // 10 a day × (7 + 14) days.
    expect(shortageNeed(figures())).toBe(210);
  });

  it('asks for nothing when the stock on hand covers the span: months of stock need no allocation', () => {
    expect(shortageNeed(figures({ estimatedOnHand: 2000 }))).toBe(0);
  });

  it('subtracts the estimated stock on hand and the pipeline', () => {
    // 20 a day × 17 days = 340, − 100 on hand − 50 on the way.
    expect(shortageNeed(figures({ baseAds: 20, safetyDays: 10, estimatedOnHand: 100, pipeline: 50 }))).toBe(
      190,
    );
  });

  it('uplifts the peak days within the span', () => {
    // 2–15 June: 6 ordinary days and 8 peak days (from 8 June) at × 1.5: 10 × (6 + 12) = 180.
    const peak = { from: '2026-06-08', to: '2026-06-30', upliftBp: 15_000 };
    expect(shortageNeed(figures({ safetyDays: 7, peak }))).toBe(180);
    // A peak that is over or beyond the span changes nothing.
    expect(shortageNeed(figures({ safetyDays: 7, peak: { ...peak, from: '2026-06-16' } }))).toBe(140);
    expect(
      shortageNeed(
        figures({ safetyDays: 7, peak: { from: '2026-05-01', to: '2026-06-01', upliftBp: 30_000 } }),
      ),
    ).toBe(140);
  });

  it('rounds the demand up to whole units, ignoring floating-point dust', () => {
    // 3.34 × 21 = 70.14 → 71; 0.1 × 30 is 3.0000000000000004 in floating point, but 3 units.
    expect(shortageNeed(figures({ baseAds: 3.34 }))).toBe(71);
    expect(shortageNeed(figures({ baseAds: 0.1, leadTimeDays: 10, safetyDays: 20 }))).toBe(3);
    // An estimated on hand with a fraction still leaves a whole number of units.
    expect(shortageNeed(figures({ estimatedOnHand: 9.5 }))).toBe(201);
  });

  it('never asks for more than can still be allocated, nor for less than nothing', () => {
    expect(shortageNeed(figures({ remainingAllocatable: 150 }))).toBe(150);
    expect(shortageNeed(figures({ remainingAllocatable: 0 }))).toBe(0);
    expect(shortageNeed(figures({ pipeline: 10_000 }))).toBe(0);
  });

  it('asks for all that can still be allocated when sales are unknown (INSUFFICIENT_DATA)', () => {
    expect(shortageNeed(figures({ baseAds: null, estimatedOnHand: 2000 }))).toBe(5000);
  });

  it('counts an unknown stock on hand as none', () => {
    expect(shortageNeed(figures({ estimatedOnHand: null }))).toBe(210);
  });
});
