// "Tier at the time": the tier PromotionApproved recorded; before approval, the account's
// effective tier on the day of the proposal, from the account's own events. And the industry
// from AccountRegistered, through the internal accounts lookup.
import { describe, expect, it } from 'vitest';
import {
  accountRegistered,
  promotionApproved,
  promotionProposed,
  rowOf,
  run,
  tierChanged,
  tierOverridden,
  tierOverrideExpired,
} from './scenario.js';

const tierOf = (events: Parameters<typeof run>[0]) => rowOf(run(events), 'P-1')['tier'];

describe('the tier at the time', () => {
  it('is the evaluated tier when the promotion was proposed', () => {
    expect(
      tierOf([accountRegistered(), tierChanged('NONE', 'B', '2026-01-31'), promotionProposed('P-1')]),
    ).toBe('B');
  });

  it('does not follow a tier change after the proposal', () => {
    expect(
      tierOf([
        accountRegistered(),
        tierChanged('NONE', 'B', '2026-01-31'),
        promotionProposed('P-1'),
        tierChanged('B', 'A', '2026-03-31'),
      ]),
    ).toBe('B');
  });

  it('is an override in force on the day of the proposal', () => {
    expect(
      tierOf([
        accountRegistered(),
        tierChanged('NONE', 'C', '2026-01-31'),
        tierOverridden('A', '2026-04-30', '2026-02-10'),
        promotionProposed('P-1'),
      ]),
    ).toBe('A');
  });

  it('is the evaluated tier once the override ran out, even before TierOverrideExpired is recorded', () => {
    expect(
      tierOf([
        accountRegistered(),
        tierChanged('NONE', 'C', '2026-01-31'),
        tierOverridden('A', '2026-03-09', '2026-02-10'),
        promotionProposed('P-1'),
      ]),
    ).toBe('C');
  });

  it('is the evaluated tier after TierOverrideExpired', () => {
    expect(
      tierOf([
        accountRegistered(),
        tierChanged('NONE', 'C', '2026-01-31'),
        tierOverridden('A', '2026-03-09', '2026-02-10'),
        tierOverrideExpired('A', '2026-03-09', '2026-03-10'),
        promotionProposed('P-1'),
      ]),
    ).toBe('C');
  });

  it('becomes the tier the approval recorded', () => {
    expect(
      tierOf([
        accountRegistered(),
        tierChanged('NONE', 'B', '2026-01-31'),
        promotionProposed('P-1'),
        promotionApproved('P-1', { tier: 'A', capBp: 3000 }),
      ]),
    ).toBe('A');
  });

  it('is unknown (null) when the log holds no registration of the account', () => {
    expect(tierOf([promotionProposed('P-1')])).toBeNull();
  });
});

describe('the industry', () => {
  it('comes from AccountRegistered', () => {
    const row = rowOf(run([accountRegistered({ industry: 'ENERGY' }), promotionProposed('P-1')]), 'P-1');
    expect(row['industry']).toBe('ENERGY');
  });

  it('is unknown (null) without a registration, and another account’s does not count', () => {
    const row = rowOf(run([accountRegistered({ accountId: 'acc-2' }), promotionProposed('P-1')]), 'P-1');
    expect(row['industry']).toBeNull();
    expect(row['tier']).toBeNull();
  });
});
