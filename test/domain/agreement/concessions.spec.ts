import { describe, expect, it } from 'vitest';
import {
  capBreach,
  concessionOn,
  concessionsWithinCap,
  concessionUsed,
  peakConcession,
  spansInForce,
  agreementDecider,
  type ConcessionSpan,
} from '../../../domain/agreement/index.js';
import { fold, POLICY_V1 } from '../../../domain/kernel/index.js';
import { approved, cancelled, drafted, proposed } from './builders.js';

const span = (from: string, to: string, concessionBp: number, skus = ['SKU-1']): ConcessionSpan => ({
  window: { from, to },
  skus,
  concessionBp,
});

describe('concessions per SKU and day', () => {
  const spans = [
    span('2026-05-01', '2026-05-31', 500),
    span('2026-05-20', '2026-06-10', 300, ['SKU-1', 'SKU-2']),
    span('2026-06-01', '2026-06-30', 700),
    span('2026-05-25', '2026-05-26', 900, ['SKU-3']),
  ];

  it('sums the concessions in force on a SKU on a day, both window ends inclusive', () => {
    expect(concessionOn(spans, 'SKU-1', '2026-04-30')).toBe(0);
    expect(concessionOn(spans, 'SKU-1', '2026-05-01')).toBe(500);
    expect(concessionOn(spans, 'SKU-1', '2026-05-31')).toBe(800);
    expect(concessionOn(spans, 'SKU-1', '2026-06-01')).toBe(1000);
    expect(concessionOn(spans, 'SKU-1', '2026-06-11')).toBe(700);
    expect(concessionOn(spans, 'SKU-2', '2026-06-01')).toBe(300);
    expect(concessionOn(spans, 'SKU-9', '2026-06-01')).toBe(0);
  });

  it('does not add up concessions on other SKUs', () => {
    // 800 on SKU-1 and 900 on SKU-3 on 25 May: the busiest SKU-day is SKU-1 on 1 June.
    expect(peakConcession(spans)).toEqual({ concessionBp: 1000, day: '2026-06-01', sku: 'SKU-1' });
  });

  it('finds the busiest SKU-day, the first day and then the first SKU on a tie', () => {
    expect(
      peakConcession([span('2026-01-01', '2026-01-02', 5), span('2026-02-01', '2026-02-02', 5)]),
    ).toEqual({ concessionBp: 5, day: '2026-01-01', sku: 'SKU-1' });
    expect(
      peakConcession([
        span('2026-02-01', '2026-02-02', 5, ['B']),
        span('2026-01-01', '2026-01-02', 5, ['C']),
      ]),
    ).toEqual({ concessionBp: 5, day: '2026-01-01', sku: 'C' });
    expect(peakConcession([span('2026-01-01', '2026-01-02', 5, ['B', 'A'])])).toEqual({
      concessionBp: 5,
      day: '2026-01-01',
      sku: 'A',
    });
  });

  it('finds the busiest SKU-day within a range and SKUs, counting windows that started before it', () => {
    expect(peakConcession(spans, { range: { from: '2026-05-25', to: '2026-05-31' } })).toEqual({
      concessionBp: 900,
      day: '2026-05-25',
      sku: 'SKU-3',
    });
    expect(
      peakConcession(spans, { skus: ['SKU-1'], range: { from: '2026-05-25', to: '2026-05-31' } }),
    ).toEqual({ concessionBp: 800, day: '2026-05-25', sku: 'SKU-1' });
    expect(peakConcession(spans, { range: { from: '2026-07-01', to: '2026-07-31' } })).toEqual({
      concessionBp: 0,
      day: null,
      sku: null,
    });
  });

  it('has no peak without concessions', () => {
    expect(peakConcession([])).toEqual({ concessionBp: 0, day: null, sku: null });
    expect(concessionUsed(700, [])).toEqual({ totalBp: 700, concessionBp: 0, day: null, sku: null });
  });

  it('counts only approved promotions', () => {
    const state = fold(agreementDecider, [
      drafted(),
      proposed('P-1', { concessionBp: 100 }),
      proposed('P-2', { concessionBp: 200 }),
      approved('P-2'),
      proposed('P-3', { concessionBp: 400 }),
      approved('P-3'),
      cancelled('P-3'),
    ]);
    if (!state.exists) throw new Error('drafted');
    expect(spansInForce(state.promotions)).toEqual([
      { window: { from: '2026-05-01', to: '2026-05-31' }, skus: ['SKU-1'], concessionBp: 200 },
    ]);
  });

  it('reports a base discount alone above the total cap as breaking it on every day', () => {
    const error = concessionsWithinCap(1100, [], 'C', POLICY_V1);
    expect(error?.code).toBe('CONCESSIONS_ABOVE_TOTAL_CAP');
    expect(error?.message).toContain('every day');
    expect(error?.facts).toMatchObject({ totalBp: 1100, capBp: 1000, day: null, sku: null });
    expect(concessionsWithinCap(1000, [], 'C', POLICY_V1)).toBeUndefined();
  });
});

describe('capBreach', () => {
  it('flags a base discount above the cap of the tier the account now has', () => {
    expect(capBreach(1200, 'B', POLICY_V1)).toBe(false);
    expect(capBreach(1200, 'C', POLICY_V1)).toBe(true);
    expect(capBreach(0, 'NONE', POLICY_V1)).toBe(false);
    expect(capBreach(1, 'NONE', POLICY_V1)).toBe(true);
  });
});
