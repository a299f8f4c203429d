// A day's demand factor for an account × SKU: the uplift of the peaks of the account's
// commitments for the SKU (CommitmentCreated.peak), 1 outside them. It turns a peak day's sales
// into the base rate (÷) and the base rate into what a peak day is expected to sell (×).
import { FULL_BP, type IsoDate } from '../../domain/kernel/index.js';
import type { Season } from './sales.js';
import type { PeakWindow } from './sku-links.js';

/**
 * Two commitments of the SKU may name peaks over the same day: the larger uplift counts, so the
 * answer depends on the peaks alone, not on which commitment came first. An uplift of 0 would
 * divide by zero and says nothing about the base rate: such a peak is left out.
 */
export const seasonOf =
  (peaks: readonly PeakWindow[]): Season =>
  (day: IsoDate) => {
    let factor = 0;
    for (const peak of peaks)
      if (peak.upliftBp > 0 && peak.from <= day && day <= peak.to)
        factor = Math.max(factor, peak.upliftBp / FULL_BP);
    return factor === 0 ? 1 : factor;
  };
