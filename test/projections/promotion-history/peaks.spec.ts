// Promotions overlapping a peak: the peaks (CommitmentCreated.peak) of the account's
// commitments for the promotion's SKUs whose days meet the window, listed as from/to, whichever
// comes first, the commitment or the promotion.
import { describe, expect, it } from 'vitest';
import { commitmentCreated, presentedOf, promotionProposed, rowOf, run } from './scenario.js';

const peak = (from: string, to: string, upliftBp = 15_000) => ({ peak: { from, to, upliftBp } });
const peaksOf = (events: Parameters<typeof run>[0]) => {
  const row = rowOf(run(events), 'P-1');
  return { overlaps: row['overlaps_peak'], peaks: JSON.parse(String(row['overlapping_peaks'])) as unknown };
};

describe('peaks overlapping a promotion', () => {
  it('lists a peak of a commitment created before the promotion', () => {
    expect(
      peaksOf([
        commitmentCreated('c-1', 'SKU-1', peak('2026-05-20', '2026-06-10')),
        promotionProposed('P-1'),
      ]),
    ).toEqual({
      overlaps: 1,
      peaks: ['2026-05-20/2026-06-10'],
    });
  });

  it('lists a peak of a commitment created after the promotion', () => {
    expect(
      peaksOf([
        promotionProposed('P-1'),
        commitmentCreated('c-1', 'SKU-1', peak('2026-04-01', '2026-05-01')),
      ]),
    ).toEqual({
      overlaps: 1,
      peaks: ['2026-04-01/2026-05-01'],
    });
  });

  it('leaves out a peak that ends the day before the window or starts the day after', () => {
    expect(
      peaksOf([
        promotionProposed('P-1'),
        commitmentCreated('c-1', 'SKU-1', peak('2026-04-01', '2026-04-30')),
        commitmentCreated('c-2', 'SKU-1', peak('2026-06-01', '2026-06-30')),
        commitmentCreated('c-3', 'SKU-1', { peak: null }),
      ]),
    ).toEqual({ overlaps: 0, peaks: [] });
  });

  it('leaves out peaks of another SKU and of another account', () => {
    expect(
      peaksOf([
        promotionProposed('P-1'),
        commitmentCreated('c-1', 'SKU-2', peak('2026-05-01', '2026-05-31')),
        commitmentCreated('c-2', 'SKU-1', { accountId: 'acc-2', ...peak('2026-05-01', '2026-05-31') }),
      ]),
    ).toEqual({ overlaps: 0, peaks: [] });
  });

  it('lists the peaks of every SKU of the promotion once each, in order', () => {
    const events = [
      commitmentCreated('c-1', 'SKU-2', peak('2026-05-25', '2026-06-05')),
      promotionProposed('P-1', { skus: ['SKU-1', 'SKU-2'] }),
      commitmentCreated('c-2', 'SKU-1', peak('2026-05-25', '2026-06-05', 12_000)),
      commitmentCreated('c-3', 'SKU-1', peak('2026-04-20', '2026-05-02')),
    ];
    expect(peaksOf(events)).toEqual({
      overlaps: 1,
      peaks: ['2026-04-20/2026-05-02', '2026-05-25/2026-06-05'],
    });
    expect(presentedOf(run(events), 'P-1')).toMatchObject({
      overlapsPeak: true,
      overlappingPeaks: ['2026-04-20/2026-05-02', '2026-05-25/2026-06-05'],
    });
  });
});
