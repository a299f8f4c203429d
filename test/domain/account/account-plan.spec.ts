// The yearly joint plan: revenue and SKU targets, the promotion budget and the agreed stock
// levels, for this year or the next, in the policy's currency, the peak built up.
import { describe, expect, it } from 'vitest';
import { accountDecider } from '../../../domain/account/index.js';
import { fold, POLICY_V2 } from '../../../domain/kernel/index.js';
import { deciderSpecification } from '../../support/decider-specification.js';
import { activeAccount, cny, commands, events, yuan } from './builders.js';

const spec = deciderSpecification(accountDecider, { policy: POLICY_V2, group: null });

describe('setting the account plan', () => {
  it("sets this year's plan", () => {
    spec(activeAccount())
      .when(commands.setPlan(2026))
      .then([events.planSet(2026)]);
  });

  it("sets next year's plan, with no SKU or stock targets yet", () => {
    spec(activeAccount())
      .when(commands.setPlan(2027, { skuTargets: {}, stockTargets: {} }))
      .then([events.planSet(2027, { skuTargets: {}, stockTargets: {} })]);
  });

  it("replaces the year's plan, and says it does", () => {
    const revised = { revenueTarget: cny(yuan(3_500_000)) };
    const history = [...activeAccount(), events.planSet(2026)];
    spec(history)
      .when(commands.setPlan(2026, revised))
      .then([events.planSet(2026, { ...revised, replacesEarlier: true })]);
    const state = fold(accountDecider, [
      ...history,
      events.planSet(2026, { ...revised, replacesEarlier: true }),
    ]);
    expect(state).toMatchObject({ plans: { '2026': { revenueTarget: cny(yuan(3_500_000)) } } });
  });

  it('keeps a peak cover equal to the off-season cover', () => {
    const stockTargets = { 'SKU-ROUTER': { offSeasonDays: 21, peakDays: 21 } };
    spec(activeAccount())
      .when(commands.setPlan(2026, { stockTargets }))
      .then([events.planSet(2026, { stockTargets })]);
  });

  it('rejects a plan for a year that is over', () => {
    const error = spec(activeAccount()).when(commands.setPlan(2025)).rejects('PLAN_YEAR_OVER');
    expect(error.facts).toMatchObject({ year: 2025, currentYear: 2026 });
  });

  it('rejects a plan two years ahead', () => {
    spec(activeAccount()).when(commands.setPlan(2028)).rejects('PLAN_YEAR_TOO_FAR_AHEAD');
  });

  it("rejects a revenue target in another currency than the policy's", () => {
    const error = spec(activeAccount())
      .when(commands.setPlan(2026, { revenueTarget: { amount: 100, currency: 'USD' } }))
      .rejects('CURRENCY_MISMATCH');
    expect(error.facts).toMatchObject({ field: 'revenueTarget', currency: 'USD', expected: 'CNY' });
  });

  it('rejects a promotion budget in another currency', () => {
    const error = spec(activeAccount())
      .when(commands.setPlan(2026, { promotionBudget: { amount: 100, currency: 'EUR' } }))
      .rejects('CURRENCY_MISMATCH');
    expect(error.facts).toMatchObject({ field: 'promotionBudget' });
  });

  it('accepts a zero promotion budget', () => {
    spec(activeAccount())
      .when(commands.setPlan(2026, { promotionBudget: cny(0) }))
      .then([events.planSet(2026, { promotionBudget: cny(0) })]);
  });

  it('rejects a zero revenue target', () => {
    spec(activeAccount())
      .when(commands.setPlan(2026, { revenueTarget: cny(0) }))
      .rejects('REVENUE_TARGET_NOT_POSITIVE');
  });

  it('rejects less cover at the peak than off-season', () => {
    const error = spec(activeAccount())
      .when(
        commands.setPlan(2026, {
          stockTargets: {
            'SKU-ROUTER': { offSeasonDays: 21, peakDays: 35 },
            'SKU-SWITCH': { offSeasonDays: 30, peakDays: 20 },
          },
        }),
      )
      .rejects('PEAK_COVER_BELOW_OFF_SEASON');
    expect(error.facts).toMatchObject({ sku: 'SKU-SWITCH', peakDays: 20, offSeasonDays: 30 });
  });

  it('rejects a plan for a lost account', () => {
    spec([...activeAccount(), events.lost()])
      .when(commands.setPlan())
      .rejects('ACCOUNT_LOST');
  });

  it('rejects a plan for an account that does not exist', () => {
    spec().when(commands.setPlan()).rejects('NOT_FOUND');
  });
});
