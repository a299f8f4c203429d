import { describe, expect, it } from 'vitest';
import { agreementDecider, type AgreementCommand } from '../../../domain/agreement/index.js';
import { money, POLICY_V1 } from '../../../domain/kernel/index.js';
import { deciderSpecification } from '../../support/decider-specification.js';
import {
  accrueRebate,
  account,
  activate,
  activated,
  ACCOUNT_ID,
  AGREEMENT_ID,
  approve,
  approved,
  atDay,
  baseDiscountSet,
  cancel,
  cancelled,
  draft,
  drafted,
  expire,
  expired,
  extend,
  extended,
  noAccount,
  propose,
  proposed,
  rebateAccrued,
  recordResult,
  resultRecorded,
  setBaseDiscount,
  terminate,
  terminated,
  VALIDITY,
} from './builders.js';

const given = deciderSpecification(agreementDecider, { policy: POLICY_V1, account: account('A') });

const draftOnly = [drafted()];
const active = [drafted(), activated()];
const otherCommands: readonly AgreementCommand[] = [
  setBaseDiscount(500),
  activate(),
  propose('P-1'),
  approve('P-1'),
  cancel('P-1'),
  recordResult('P-1'),
  accrueRebate(),
  extend('2027-06-30'),
  terminate(),
  expire(),
];

describe('Agreement: existence and finality', () => {
  it.each(otherCommands.map((c) => [c.type, c] as const))(
    'rejects %s on an agreement never drafted',
    (_, c) => {
      given([]).when(c).rejects('NOT_FOUND');
    },
  );

  // After the end an agreement is only settled (see "Settlement after the end").
  const notSettlement = otherCommands.filter(
    (c) => c.type !== 'RecordPromotionResult' && c.type !== 'AccrueRebate',
  );

  it.each(notSettlement.map((c) => [c.type, c] as const))('rejects %s on an expired agreement', (_, c) => {
    const error = given([...active, expired()])
      .when(c)
      .rejects('AGREEMENT_CLOSED');
    expect(error.facts).toMatchObject({ status: 'EXPIRED', command: c.type });
  });

  it.each(notSettlement.map((c) => [c.type, c] as const))('rejects %s on a terminated agreement', (_, c) => {
    given([...draftOnly, terminated()])
      .when(c)
      .rejects('AGREEMENT_CLOSED');
  });

  it('rejects drafting an agreement that exists, even a closed one', () => {
    expect(given(draftOnly).when(draft()).rejects('ALREADY_EXISTS').facts).toEqual({
      kind: 'agreement',
      id: AGREEMENT_ID,
    });
    given([...draftOnly, terminated()])
      .when(draft())
      .rejects('ALREADY_EXISTS');
  });
});

describe('DraftAgreement', () => {
  it("drafts an agreement with the account's effective tier at signing", () => {
    given([])
      .when(draft(), { account: account('B') })
      .then([drafted({ tierAtSigning: 'B' })]);
  });

  it('drafts for a prospect or an at-risk account (only signing needs an active one)', () => {
    given([])
      .when(draft(), { account: account('C', 'PROSPECT') })
      .then([drafted({ tierAtSigning: 'C' })]);
    given([])
      .when(draft(), { account: account('A', 'AT_RISK') })
      .then([drafted()]);
  });

  it('rejects an account that does not exist', () => {
    expect(given([]).when(draft(), { account: noAccount }).rejects('UNKNOWN_ACCOUNT').facts).toEqual({
      accountId: ACCOUNT_ID,
    });
  });

  it('rejects facts about another account than the one named', () => {
    given([])
      .when(draft(), { account: { ...account(), accountId: 'ACC-2' } })
      .rejects('UNKNOWN_ACCOUNT');
  });

  it('rejects a lost account', () => {
    given([])
      .when(draft(), { account: account('A', 'LOST') })
      .rejects('ACCOUNT_LOST');
  });

  it('rejects a validity that ends on the day it starts', () => {
    given([])
      .when(draft({ validity: { from: '2026-01-01', to: '2026-01-01' } }))
      .rejects('VALIDITY_TOO_SHORT');
  });

  it('accepts a validity of exactly 36 months and rejects one day more', () => {
    const longest = { from: '2026-01-31', to: '2029-01-31' };
    given([])
      .when(draft({ validity: longest }))
      .then([drafted({ validity: longest })]);
    const error = given([])
      .when(draft({ validity: { from: '2026-01-31', to: '2029-02-01' } }))
      .rejects('VALIDITY_TOO_LONG');
    expect(error.facts).toMatchObject({ latestTo: '2029-01-31', maxValidityMonths: 36 });
  });

  it('counts months to the last day of a shorter month (29 Feb + 36 months = 28 Feb)', () => {
    given([])
      .when(draft({ validity: { from: '2024-02-29', to: '2027-03-01' } }))
      .rejects('VALIDITY_TOO_LONG');
    const leap = { from: '2024-02-29', to: '2027-02-28' };
    given([])
      .when(draft({ validity: leap }))
      .then([drafted({ validity: leap })]);
  });

  it('takes the maximum validity from the policy it decides under', () => {
    const policy = {
      ...POLICY_V1,
      version: 'v9',
      agreement: { ...POLICY_V1.agreement, maxValidityMonths: 12 },
    };
    given([])
      .when(draft(), { policy })
      .then([drafted({ policyVersion: 'v9' })]);
    given([])
      .when(draft({ validity: { from: '2026-01-01', to: '2027-01-02' } }), { policy })
      .rejects('VALIDITY_TOO_LONG');
  });
});

describe('SetBaseDiscount', () => {
  it('sets a discount within the cap of the account tier, recording cap, tier and policy', () => {
    given(draftOnly)
      .when(setBaseDiscount(1500))
      .then([baseDiscountSet(1500)]);
  });

  it('sets a discount while active too, up to exactly the cap', () => {
    given(active)
      .when(setBaseDiscount(2000))
      .then([baseDiscountSet(2000)]);
  });

  it('rejects a discount above the tier cap', () => {
    const error = given(draftOnly)
      .when(setBaseDiscount(1300), { account: account('B') })
      .rejects('DISCOUNT_ABOVE_TIER_CAP');
    expect(error.facts).toEqual({ discountBp: 1300, capBp: 1200, tier: 'B' });
  });

  it('grants no base discount to an account without a tier', () => {
    given(draftOnly)
      .when(setBaseDiscount(0), { account: account('NONE') })
      .then([baseDiscountSet(0, { capBp: 0, tier: 'NONE' })]);
    given(draftOnly)
      .when(setBaseDiscount(1), { account: account('NONE') })
      .rejects('DISCOUNT_ABOVE_TIER_CAP');
  });

  it("checks against the account's current tier, not the tier at signing", () => {
    given(draftOnly)
      .when(setBaseDiscount(1000), { account: account('C') })
      .rejects('DISCOUNT_ABOVE_TIER_CAP');
    given([drafted({ tierAtSigning: 'C' })])
      .when(setBaseDiscount(1200), { account: account('B') })
      .then([baseDiscountSet(1200, { capBp: 1200, tier: 'B' })]);
  });

  it('rejects base discount + approved concessions above the total cap on a day', () => {
    const history = [...active, proposed('P-1', { concessionBp: 1500 }), approved('P-1')];
    const error = given(history).when(setBaseDiscount(1600)).rejects('CONCESSIONS_ABOVE_TOTAL_CAP');
    expect(error.facts).toEqual({
      baseDiscountBp: 1600,
      concessionBp: 1500,
      totalBp: 3100,
      capBp: 3000,
      tier: 'A',
      day: '2026-05-01',
      sku: 'SKU-1',
    });
    given(history)
      .when(setBaseDiscount(1500))
      .then([baseDiscountSet(1500)]);
  });

  it('holds a new base discount to the days from the day it is set, not to promotions already over', () => {
    // Given a 15 % concession in May, when the base goes to 16 % in July: May is history (31 % then
    // would be above 30 %, but the new base does not apply to May); set in mid-May it is refused.
    const history = [...active, proposed('P-1', { concessionBp: 1500 }), approved('P-1')];
    given(history)
      .when(setBaseDiscount(1600, atDay('2026-07-01')))
      .then([baseDiscountSet(1600, { at: atDay('2026-07-01') })]);
    given(history)
      .when(setBaseDiscount(1600, atDay('2026-05-15')))
      .rejects('CONCESSIONS_ABOVE_TOTAL_CAP');
  });

  it('does not stack concessions of promotions that run at different times', () => {
    const history = [
      ...active,
      proposed('P-1', { concessionBp: 1000 }),
      approved('P-1'),
      proposed('P-2', { concessionBp: 1000, window: { from: '2026-06-01', to: '2026-06-30' } }),
      approved('P-2'),
    ];
    given(history)
      .when(setBaseDiscount(2000))
      .then([baseDiscountSet(2000)]);
  });

  it('counts concessions per SKU: a B account at 11 % with 5 % on each of two SKUs is within its 18 % (#9)', () => {
    const history = [
      ...active,
      proposed('P-1', { concessionBp: 500, skus: ['SKU-1'] }),
      approved('P-1'),
      proposed('P-2', { concessionBp: 500, skus: ['SKU-2'] }),
      approved('P-2'),
    ];
    given(history)
      .when(setBaseDiscount(1100), { account: account('B') })
      .then([baseDiscountSet(1100, { capBp: 1200, tier: 'B' })]);
  });

  it('rejects a base discount that takes one SKU above the total cap on a day, naming the SKU', () => {
    const history = [
      ...active,
      proposed('P-1', { concessionBp: 500, skus: ['SKU-1'] }),
      approved('P-1'),
      proposed('P-2', {
        concessionBp: 700,
        skus: ['SKU-2'],
        window: { from: '2026-05-20', to: '2026-06-10' },
      }),
      approved('P-2'),
    ];
    const error = given(history)
      .when(setBaseDiscount(1200), { account: account('B') })
      .rejects('CONCESSIONS_ABOVE_TOTAL_CAP');
    expect(error.facts).toEqual({
      baseDiscountBp: 1200,
      concessionBp: 700,
      totalBp: 1900,
      capBp: 1800,
      tier: 'B',
      day: '2026-05-20',
      sku: 'SKU-2',
    });
    given(history)
      .when(setBaseDiscount(1100), { account: account('B') })
      .then([baseDiscountSet(1100, { capBp: 1200, tier: 'B' })]);
  });

  it('ignores the concessions of proposed and cancelled promotions', () => {
    const history = [
      ...active,
      proposed('P-1', { concessionBp: 1500 }),
      proposed('P-2', { concessionBp: 1500, skus: ['SKU-2'] }),
      approved('P-2'),
      cancelled('P-2'),
    ];
    given(history)
      .when(setBaseDiscount(2000))
      .then([baseDiscountSet(2000)]);
  });

  it('rejects a discount for a lost or unknown account', () => {
    given(draftOnly)
      .when(setBaseDiscount(100), { account: account('A', 'LOST') })
      .rejects('ACCOUNT_LOST');
    given(draftOnly).when(setBaseDiscount(100), { account: noAccount }).rejects('UNKNOWN_ACCOUNT');
  });
});

describe('ActivateAgreement', () => {
  it('activates a signed draft for an active or at-risk account, with no base discount required', () => {
    given(draftOnly).when(activate()).then([activated()]);
    given(draftOnly)
      .when(activate(), { account: account('A', 'AT_RISK') })
      .then([activated()]);
  });

  it("records the account's tier at signing: the tier at activation, not at drafting (#9)", () => {
    given([drafted({ tierAtSigning: 'C' })])
      .when(activate(), { account: account('B') })
      .then([activated({ tierAtSigning: 'B' })]);
  });

  it("rejects a base discount above the current tier's cap: it must be lowered first (#9)", () => {
    // Set at 15 % while A (cap 20 %); the account is B (cap 12 %) by the time it signs.
    const history = [...draftOnly, baseDiscountSet(1500)];
    const error = given(history)
      .when(activate(), { account: account('B') })
      .rejects('DISCOUNT_ABOVE_TIER_CAP');
    expect(error.facts).toEqual({ discountBp: 1500, capBp: 1200, tier: 'B', command: 'ActivateAgreement' });
    expect(error.message).toContain('SetBaseDiscount');
    given([...history, baseDiscountSet(1200, { capBp: 1200, tier: 'B' })])
      .when(activate(), { account: account('B') })
      .then([activated({ tierAtSigning: 'B' })]);
  });

  it('rejects activating an agreement that is already active', () => {
    expect(given(active).when(activate()).rejects('AGREEMENT_NOT_DRAFT').facts).toMatchObject({
      status: 'ACTIVE',
    });
  });

  it('rejects a prospect account', () => {
    const error = given(draftOnly)
      .when(activate(), { account: account('A', 'PROSPECT') })
      .rejects('ACCOUNT_NOT_ACTIVE');
    expect(error.facts).toEqual({ accountId: ACCOUNT_ID, status: 'PROSPECT' });
  });

  it('rejects an account with no status as not active', () => {
    const { status: _, ...statusless } = account();
    expect(
      given(draftOnly).when(activate(), { account: statusless }).rejects('ACCOUNT_NOT_ACTIVE').facts,
    ).toEqual({ accountId: ACCOUNT_ID, status: null });
  });

  it('rejects a lost or unknown account', () => {
    given(draftOnly)
      .when(activate(), { account: account('A', 'LOST') })
      .rejects('ACCOUNT_LOST');
    given(draftOnly).when(activate(), { account: noAccount }).rejects('UNKNOWN_ACCOUNT');
  });

  it('rejects a signature dated after the command (signed on its own day is fine)', () => {
    given(draftOnly)
      .when(activate({ signedOn: '2026-03-02' }))
      .rejects('SIGNED_ON_IN_FUTURE');
    given(draftOnly)
      .when(activate({ signedOn: '2026-03-01', at: '2026-03-01T23:59:59.000Z' }))
      .then([activated({ at: '2026-03-01T23:59:59.000Z' })]);
  });

  it('rejects activating after the validity has ended', () => {
    given(draftOnly)
      .when(activate({ at: atDay('2027-01-01') }))
      .rejects('VALIDITY_ENDED');
    given(draftOnly)
      .when(activate({ at: atDay('2026-12-31') }))
      .then([activated({ at: atDay('2026-12-31') })]);
  });
});

describe('ProposePromotion', () => {
  it('proposes a promotion while draft or active', () => {
    given(draftOnly)
      .when(propose('P-1'))
      .then([proposed('P-1')]);
    given(active)
      .when(propose('P-1'))
      .then([proposed('P-1')]);
  });

  it('accepts a window that is exactly the validity', () => {
    given(active)
      .when(propose('P-1', { window: VALIDITY }))
      .then([proposed('P-1', { window: VALIDITY })]);
  });

  it('rejects a window that starts before or ends after the validity', () => {
    const error = given(active)
      .when(propose('P-1', { window: { from: '2025-12-31', to: '2026-01-10' } }))
      .rejects('PROMOTION_OUTSIDE_VALIDITY');
    expect(error.facts).toMatchObject({ promotionId: 'P-1', validFrom: '2026-01-01', validTo: '2026-12-31' });
    given(active)
      .when(propose('P-1', { window: { from: '2026-12-20', to: '2027-01-10' } }))
      .rejects('PROMOTION_OUTSIDE_VALIDITY');
  });

  it('accepts a window inside an extended validity', () => {
    given([...active, extended('2027-06-30')])
      .when(propose('P-1', { window: { from: '2027-01-01', to: '2027-01-31' } }))
      .then([proposed('P-1', { window: { from: '2027-01-01', to: '2027-01-31' } })]);
  });

  it('rejects a promotion id used before, even by a cancelled promotion', () => {
    given([...active, proposed('P-1')])
      .when(propose('P-1'))
      .rejects('PROMOTION_ALREADY_EXISTS');
    const error = given([...active, proposed('P-1'), cancelled('P-1')])
      .when(propose('P-1'))
      .rejects('PROMOTION_ALREADY_EXISTS');
    expect(error.facts).toEqual({ promotionId: 'P-1', status: 'CANCELLED' });
  });

  it('treats an id like `constructor` as any other id', () => {
    given(active)
      .when(propose('constructor'))
      .then([proposed('constructor')]);
    given([...active, proposed('constructor')])
      .when(approve('constructor'))
      .then([approved('constructor')]);
    given(active).when(approve('toString')).rejects('PROMOTION_NOT_FOUND');
  });

  it('rejects a promotion for a lost or unknown account', () => {
    given(active)
      .when(propose('P-1'), { account: account('A', 'LOST') })
      .rejects('ACCOUNT_LOST');
    given(active).when(propose('P-1'), { account: noAccount }).rejects('UNKNOWN_ACCOUNT');
  });
});

describe('ApprovePromotion', () => {
  const withP1 = [...active, proposed('P-1')];

  it('approves a proposed promotion, recording tier, total cap and the cap used', () => {
    given([...withP1, baseDiscountSet(1000)])
      .when(approve('P-1'))
      .then([approved('P-1', { usedBp: 1500 })]);
  });

  it('approves while draft too', () => {
    given([...draftOnly, proposed('P-1')])
      .when(approve('P-1'), { account: account('C') })
      .then([approved('P-1', { tier: 'C', capBp: 1000, usedBp: 500 })]);
  });

  it('rejects an unknown promotion', () => {
    expect(given(active).when(approve('P-9')).rejects('PROMOTION_NOT_FOUND').facts).toEqual({
      promotionId: 'P-9',
      agreementId: AGREEMENT_ID,
    });
  });

  it('rejects a promotion that is not proposed', () => {
    given([...withP1, approved('P-1')])
      .when(approve('P-1'))
      .rejects('PROMOTION_NOT_PROPOSED');
    const error = given([...withP1, cancelled('P-1')])
      .when(approve('P-1'))
      .rejects('PROMOTION_NOT_PROPOSED');
    expect(error.facts).toEqual({ promotionId: 'P-1', status: 'CANCELLED' });
  });

  it('rejects a promotion overlapping an approved one on a SKU, naming both and the SKU', () => {
    const history = [
      ...active,
      proposed('P-1', { skus: ['SKU-1', 'SKU-2'], concessionBp: 0 }),
      approved('P-1'),
      proposed('P-2', { skus: ['SKU-3', 'SKU-2'], window: { from: '2026-05-31', to: '2026-06-15' } }),
    ];
    const error = given(history).when(approve('P-2')).rejects('PROMOTION_OVERLAPS');
    expect(error.facts).toMatchObject({ promotionId: 'P-2', otherPromotionId: 'P-1', sku: 'SKU-2' });
  });

  it('approves promotions overlapping in time on different SKUs, each using the cap on its own SKUs', () => {
    const history = [...withP1, approved('P-1'), proposed('P-2', { skus: ['SKU-2'], concessionBp: 100 })];
    given(history)
      .when(approve('P-2'))
      .then([approved('P-2', { usedBp: 100 })]);
  });

  it('approves promotions on the same SKU at different times', () => {
    const history = [
      ...withP1,
      approved('P-1'),
      proposed('P-2', { window: { from: '2026-06-01', to: '2026-06-30' } }),
    ];
    given(history)
      .when(approve('P-2'))
      .then([approved('P-2')]);
  });

  it('does not count proposed or cancelled promotions as overlapping', () => {
    const history = [...withP1, proposed('P-2'), approved('P-2'), cancelled('P-2')];
    given(history)
      .when(approve('P-1'))
      .then([approved('P-1')]);
  });

  it('rejects a promotion whose concession takes base + concessions above the total cap', () => {
    const history = [...active, baseDiscountSet(2000), proposed('P-1', { concessionBp: 1001 })];
    const error = given(history).when(approve('P-1')).rejects('CONCESSIONS_ABOVE_TOTAL_CAP');
    expect(error.facts).toMatchObject({ baseDiscountBp: 2000, concessionBp: 1001, capBp: 3000, tier: 'A' });
  });

  it('counts concessions per day: promotions at different times do not stack', () => {
    const history = [
      ...active,
      baseDiscountSet(1000),
      proposed('P-1', { concessionBp: 2000 }),
      approved('P-1'),
      proposed('P-2', { concessionBp: 2000, window: { from: '2026-06-01', to: '2026-06-30' } }),
    ];
    given(history)
      .when(approve('P-2'))
      .then([approved('P-2', { usedBp: 3000 })]);
  });

  it('approves 5 % on each of two SKUs at the same time for a B account at 11 % (#9)', () => {
    const history = [
      ...active,
      baseDiscountSet(1100, { capBp: 1200, tier: 'B' }),
      proposed('P-1', { concessionBp: 500, skus: ['SKU-1'] }),
      approved('P-1'),
      proposed('P-2', { concessionBp: 500, skus: ['SKU-2'] }),
    ];
    given(history)
      .when(approve('P-2'), { account: account('B') })
      .then([approved('P-2', { tier: 'B', capBp: 1800, usedBp: 1600 })]);
  });

  it('rejects a promotion that takes its own SKU above the total cap, naming the SKU and the day', () => {
    const history = [
      ...active,
      baseDiscountSet(1100, { capBp: 1200, tier: 'B' }),
      proposed('P-1', { concessionBp: 500, skus: ['SKU-1'] }),
      approved('P-1'),
      proposed('P-2', {
        concessionBp: 701,
        skus: ['SKU-2'],
        window: { from: '2026-05-31', to: '2026-06-30' },
      }),
    ];
    const error = given(history)
      .when(approve('P-2'), { account: account('B') })
      .rejects('CONCESSIONS_ABOVE_TOTAL_CAP');
    expect(error.facts).toMatchObject({ concessionBp: 701, totalBp: 1801, day: '2026-05-31', sku: 'SKU-2' });
  });

  it("checks only the new promotion's SKUs and days: a breach elsewhere after a downgrade does not block it", () => {
    // P-1 was approved under A (1000 + 1500 ≤ 3000); under B it breaches 1800 on SKU-1 in May.
    const history = [
      ...active,
      baseDiscountSet(1000),
      proposed('P-1', { concessionBp: 1500, skus: ['SKU-1'] }),
      approved('P-1'),
      proposed('P-2', { concessionBp: 800, skus: ['SKU-2'] }),
    ];
    given(history)
      .when(approve('P-2'), { account: account('B') })
      .then([approved('P-2', { tier: 'B', capBp: 1800, usedBp: 1800 })]);
  });

  it('rejects approval for a lost or unknown account', () => {
    given(withP1)
      .when(approve('P-1'), { account: account('A', 'LOST') })
      .rejects('ACCOUNT_LOST');
    given(withP1).when(approve('P-1'), { account: noAccount }).rejects('UNKNOWN_ACCOUNT');
  });
});

describe('Tier downgrade', () => {
  // Base discount 1000 set under A; the account is now C (base cap 600, total cap 1000).
  const downgraded = [...active, baseDiscountSet(1000)];
  const tierC = { account: account('C') };

  it('keeps the discount: commands that do not touch it still pass', () => {
    given(downgraded)
      .when(propose('P-1'), tierC)
      .then([proposed('P-1')]);
    given(downgraded).when(accrueRebate(), tierC).then([rebateAccrued()]);
  });

  it('makes the next base discount meet the new cap', () => {
    given(downgraded).when(setBaseDiscount(1000), tierC).rejects('DISCOUNT_ABOVE_TIER_CAP');
    given(downgraded)
      .when(setBaseDiscount(600), tierC)
      .then([baseDiscountSet(600, { capBp: 600, tier: 'C' })]);
  });

  it("makes the next approval meet the new tier's total cap", () => {
    const history = [...downgraded, proposed('P-1', { concessionBp: 1 })];
    given(history).when(approve('P-1'), tierC).rejects('CONCESSIONS_ABOVE_TOTAL_CAP');
    given([...active, baseDiscountSet(500), proposed('P-1', { concessionBp: 500 })])
      .when(approve('P-1'), tierC)
      .then([approved('P-1', { tier: 'C', capBp: 1000, usedBp: 1000 })]);
  });
});

describe('CancelPromotion', () => {
  it('cancels a proposed or an approved promotion', () => {
    given([...active, proposed('P-1')])
      .when(cancel('P-1'))
      .then([cancelled('P-1')]);
    given([...active, proposed('P-1'), approved('P-1')])
      .when(cancel('P-1', 'Stock shortage'))
      .then([cancelled('P-1', 'Stock shortage')]);
  });

  it('frees the SKU and the concession of a cancelled promotion', () => {
    const history = [
      ...active,
      proposed('P-1', { concessionBp: 3000 }),
      approved('P-1', { usedBp: 3000 }),
      cancelled('P-1'),
      proposed('P-2', { concessionBp: 3000 }),
    ];
    given(history)
      .when(approve('P-2'))
      .then([approved('P-2', { usedBp: 3000 })]);
  });

  it('rejects cancelling a cancelled promotion', () => {
    given([...active, proposed('P-1'), cancelled('P-1')])
      .when(cancel('P-1'))
      .rejects('PROMOTION_ALREADY_CANCELLED');
  });

  it('rejects cancelling a promotion whose result is recorded', () => {
    given([...active, proposed('P-1'), approved('P-1'), resultRecorded('P-1')])
      .when(cancel('P-1'))
      .rejects('PROMOTION_RESULT_ALREADY_RECORDED');
  });

  it('rejects an unknown promotion, and a lost account', () => {
    given(active).when(cancel('P-1')).rejects('PROMOTION_NOT_FOUND');
    given([...active, proposed('P-1')])
      .when(cancel('P-1'), { account: account('A', 'LOST') })
      .rejects('ACCOUNT_LOST');
  });
});

describe('RecordPromotionResult', () => {
  const approvedP1 = [...active, proposed('P-1'), approved('P-1')];

  it('records the result of an approved promotion', () => {
    given(approvedP1)
      .when(recordResult('P-1'))
      .then([resultRecorded('P-1')]);
  });

  it('records a result only once the window has ended (#9)', () => {
    const error = given(approvedP1)
      .when(recordResult('P-1', { at: '2026-05-31T23:59:59.000Z' }))
      .rejects('PROMOTION_NOT_ENDED');
    expect(error.facts).toEqual({ promotionId: 'P-1', windowTo: '2026-05-31', on: '2026-05-31' });
    given(approvedP1)
      .when(recordResult('P-1', { at: '2026-06-01T00:00:00.000Z' }))
      .then([resultRecorded('P-1', { at: '2026-06-01T00:00:00.000Z' })]);
  });

  it('rejects a promotion that is not approved', () => {
    given([...active, proposed('P-1')])
      .when(recordResult('P-1'))
      .rejects('PROMOTION_NOT_APPROVED');
    given([...approvedP1, cancelled('P-1')])
      .when(recordResult('P-1'))
      .rejects('PROMOTION_NOT_APPROVED');
  });

  it('rejects an actual cost in another currency than the budget', () => {
    const error = given(approvedP1)
      .when(recordResult('P-1', { actualCost: money(90_000, 'USD') }))
      .rejects('CURRENCY_MISMATCH');
    expect(error.facts).toEqual({ promotionId: 'P-1', budgetCurrency: 'CNY', actualCostCurrency: 'USD' });
  });

  it('rejects a second result', () => {
    given([...approvedP1, resultRecorded('P-1')])
      .when(recordResult('P-1'))
      .rejects('PROMOTION_RESULT_ALREADY_RECORDED');
  });

  it('rejects an unknown promotion, and a lost account', () => {
    given(active).when(recordResult('P-1')).rejects('PROMOTION_NOT_FOUND');
    given(approvedP1)
      .when(recordResult('P-1'), { account: account('A', 'LOST') })
      .rejects('ACCOUNT_LOST');
  });
});

describe('AccrueRebate', () => {
  it('accrues a rebate on an active agreement', () => {
    given(active).when(accrueRebate()).then([rebateAccrued()]);
  });

  it('rejects a rebate on a draft', () => {
    given(draftOnly).when(accrueRebate()).rejects('AGREEMENT_NOT_ACTIVE');
  });

  it('accepts a period that only partly overlaps the validity', () => {
    given([drafted({ validity: { from: '2026-01-15', to: '2026-06-10' } }), activated()])
      .when(accrueRebate({ period: '2026-06' }))
      .then([rebateAccrued({ period: '2026-06' })]);
  });

  it('rejects a period outside the validity', () => {
    const error = given(active)
      .when(accrueRebate({ period: '2025-12' }))
      .rejects('PERIOD_OUTSIDE_VALIDITY');
    expect(error.facts).toEqual({ period: '2025-12', validFrom: '2026-01-01', validTo: '2026-12-31' });
    given(active)
      .when(accrueRebate({ period: '2027-01' }))
      .rejects('PERIOD_OUTSIDE_VALIDITY');
  });

  it('rejects a second currency within a period, allows it in another period', () => {
    const history = [...active, rebateAccrued()];
    given(history)
      .when(accrueRebate({ amount: money(10, 'USD') }))
      .rejects('CURRENCY_MISMATCH');
    given(history)
      .when(accrueRebate({ period: '2026-03', amount: money(10, 'USD') }))
      .then([rebateAccrued({ period: '2026-03', amount: money(10, 'USD') })]);
    given(history).when(accrueRebate()).then([rebateAccrued()]);
  });

  it('rejects a rebate for a lost account', () => {
    given(active)
      .when(accrueRebate(), { account: account('A', 'LOST') })
      .rejects('ACCOUNT_LOST');
  });
});

describe('Settlement after the end (#9)', () => {
  // Validity 2026; P-1 ran in May, P-2 from 10 to 20 June; rebates up to the last month in force.
  const settled = [
    ...active,
    proposed('P-1'),
    approved('P-1'),
    proposed('P-2', { skus: ['SKU-2'], window: { from: '2026-06-10', to: '2026-06-20' } }),
    approved('P-2'),
  ];
  const expiredOnTime = [...settled, expired({ at: atDay('2027-01-01') })];
  // Terminated on 15 June: in force until then, settled until 13 September (15 June + 90 days).
  const terminatedMidJune = [...settled, terminated('Merged', { at: atDay('2026-06-15') })];

  it("records a promotion's result and accrues a rebate on an expired agreement, up to 90 days after its end", () => {
    given(expiredOnTime)
      .when(recordResult('P-1', { at: atDay('2027-03-31') }))
      .then([resultRecorded('P-1', { at: atDay('2027-03-31') })]);
    given(expiredOnTime)
      .when(accrueRebate({ period: '2026-12', at: atDay('2027-01-15') }))
      .then([rebateAccrued({ period: '2026-12', at: atDay('2027-01-15') })]);
  });

  it('rejects settlement more than 90 days after the end', () => {
    const error = given(expiredOnTime)
      .when(recordResult('P-1', { at: atDay('2027-04-01') }))
      .rejects('SETTLEMENT_WINDOW_CLOSED');
    expect(error.facts).toEqual({
      agreementId: AGREEMENT_ID,
      endedOn: '2026-12-31',
      settleBy: '2027-03-31',
      on: '2027-04-01',
      settlementDays: 90,
    });
    given(expiredOnTime)
      .when(accrueRebate({ period: '2026-12', at: atDay('2027-04-01') }))
      .rejects('SETTLEMENT_WINDOW_CLOSED');
  });

  it('takes the settlement window from the policy it decides under', () => {
    const policy = { ...POLICY_V1, version: 'v9', agreement: { ...POLICY_V1.agreement, settlementDays: 30 } };
    given(expiredOnTime)
      .when(recordResult('P-1', { at: atDay('2027-02-01') }), { policy })
      .rejects('SETTLEMENT_WINDOW_CLOSED');
  });

  it('rejects a rebate for a period after the end, and every other command', () => {
    given(expiredOnTime)
      .when(accrueRebate({ period: '2027-01', at: atDay('2027-01-15') }))
      .rejects('PERIOD_OUTSIDE_VALIDITY');
    given(expiredOnTime).when(cancel('P-1')).rejects('AGREEMENT_CLOSED');
  });

  it('settles a terminated agreement for the time it was in force: until the day of termination', () => {
    given(terminatedMidJune)
      .when(accrueRebate({ period: '2026-06', at: atDay('2026-07-05') }))
      .then([rebateAccrued({ period: '2026-06', at: atDay('2026-07-05') })]);
    const period = given(terminatedMidJune)
      .when(accrueRebate({ period: '2026-07', at: atDay('2026-07-05') }))
      .rejects('PERIOD_OUTSIDE_VALIDITY');
    expect(period.facts).toMatchObject({ validTo: '2026-06-15' });
    given(terminatedMidJune)
      .when(recordResult('P-1', { at: atDay('2026-09-13') }))
      .then([resultRecorded('P-1', { at: atDay('2026-09-13') })]);
    given(terminatedMidJune)
      .when(recordResult('P-1', { at: atDay('2026-09-14') }))
      .rejects('SETTLEMENT_WINDOW_CLOSED');
  });

  it('rejects the result of a promotion whose window ran past the termination', () => {
    const error = given(terminatedMidJune)
      .when(recordResult('P-2', { at: atDay('2026-07-01') }))
      .rejects('PROMOTION_OUTSIDE_VALIDITY');
    expect(error.facts).toMatchObject({ promotionId: 'P-2', to: '2026-06-20', validTo: '2026-06-15' });
  });

  it('accrues no rebate on an agreement terminated before it was ever signed', () => {
    given([...draftOnly, terminated()])
      .when(accrueRebate({ period: '2026-02' }))
      .rejects('AGREEMENT_NOT_ACTIVE');
  });

  it('applies the same window to an active agreement past its end that nobody expired yet', () => {
    given(settled)
      .when(accrueRebate({ period: '2026-12', at: atDay('2027-03-31') }))
      .then([rebateAccrued({ period: '2026-12', at: atDay('2027-03-31') })]);
    given(settled)
      .when(recordResult('P-1', { at: atDay('2027-04-01') }))
      .rejects('SETTLEMENT_WINDOW_CLOSED');
  });
});

describe('ExtendAgreement', () => {
  it('extends the validity of an active or draft agreement', () => {
    given(active)
      .when(extend('2027-06-30'))
      .then([extended('2027-06-30')]);
    given(draftOnly)
      .when(extend('2027-01-01'))
      .then([extended('2027-01-01')]);
  });

  it('rejects an end that is not later than the current one', () => {
    const error = given(active).when(extend(VALIDITY.to)).rejects('EXTENSION_NOT_LATER');
    expect(error.facts).toEqual({ currentTo: VALIDITY.to, to: VALIDITY.to });
  });

  it('extends to exactly 36 months after the start and rejects one day more', () => {
    given(active)
      .when(extend('2029-01-01'))
      .then([extended('2029-01-01')]);
    given(active).when(extend('2029-01-02')).rejects('VALIDITY_TOO_LONG');
  });

  it('measures the 36 months from the original start, also after an earlier extension', () => {
    given([...active, extended('2028-01-01')])
      .when(extend('2029-01-02'))
      .rejects('VALIDITY_TOO_LONG');
  });

  it('rejects extending after the validity has ended', () => {
    given(active)
      .when(extend('2027-06-30', atDay('2027-01-01')))
      .rejects('VALIDITY_ENDED');
  });

  it("rejects extending a discount above the current tier's cap: it must be lowered first (#9)", () => {
    // Signed at 20 % as A; the account is now C (cap 6 %): no 36 more months at 20 %.
    const history = [...active, baseDiscountSet(2000)];
    const error = given(history)
      .when(extend('2027-06-30'), { account: account('C') })
      .rejects('DISCOUNT_ABOVE_TIER_CAP');
    expect(error.facts).toEqual({ discountBp: 2000, capBp: 600, tier: 'C', command: 'ExtendAgreement' });
    given([...history, baseDiscountSet(600, { capBp: 600, tier: 'C' })])
      .when(extend('2027-06-30'), { account: account('C') })
      .then([extended('2027-06-30')]);
  });

  it('rejects an extension for a lost or unknown account', () => {
    given(active)
      .when(extend('2027-06-30'), { account: account('A', 'LOST') })
      .rejects('ACCOUNT_LOST');
    given(active).when(extend('2027-06-30'), { account: noAccount }).rejects('UNKNOWN_ACCOUNT');
  });
});

describe('TerminateAgreement', () => {
  it('terminates a draft or an active agreement with a reason', () => {
    given(draftOnly).when(terminate()).then([terminated()]);
    given(active)
      .when(terminate('Merged into AG-2'))
      .then([terminated('Merged into AG-2')]);
  });

  it("terminates when the account is lost (the account-lost process manager's command)", () => {
    given(active)
      .when(terminate(), { account: account('A', 'LOST') })
      .then([terminated()]);
    given(active).when(terminate(), { account: noAccount }).then([terminated()]);
  });
});

describe('ExpireAgreement', () => {
  it('expires an active agreement after its validity', () => {
    given(active)
      .when(expire())
      .then([expired({ at: atDay('2027-01-01') })]);
  });

  it('expires after an extension only once the new end has passed', () => {
    const history = [...active, extended('2027-03-31')];
    given(history)
      .when(expire(atDay('2027-03-31')))
      .rejects('VALIDITY_NOT_ENDED');
    given(history)
      .when(expire(atDay('2027-04-01')))
      .then([expired({ at: atDay('2027-04-01'), validTo: '2027-03-31' })]);
  });

  it('rejects expiry on or before the last day of the validity', () => {
    const error = given(active)
      .when(expire(atDay(VALIDITY.to)))
      .rejects('VALIDITY_NOT_ENDED');
    expect(error.facts).toEqual({ validTo: VALIDITY.to, on: VALIDITY.to });
  });

  it('rejects expiring a draft', () => {
    given(draftOnly).when(expire()).rejects('AGREEMENT_NOT_ACTIVE');
  });

  it('expires regardless of the account', () => {
    given(active)
      .when(expire(), { account: account('A', 'LOST') })
      .then([expired({ at: atDay('2027-01-01') })]);
  });
});

describe('decisions', () => {
  it('are deterministic: same command, state and context give the same events', () => {
    const history = [...active, proposed('P-1'), baseDiscountSet(500)];
    const first = given(history).when(approve('P-1')).result();
    const second = given(history).when(approve('P-1')).result();
    expect(first).toEqual(second);
  });

  it('stamp every event with the agreement, its account and the command time', () => {
    const events = given(active)
      .when(setBaseDiscount(100, atDay('2026-04-02')))
      .then([baseDiscountSet(100, { at: atDay('2026-04-02') })]);
    expect(events[0]?.data).toMatchObject({ agreementId: AGREEMENT_ID, accountId: ACCOUNT_ID });
  });
});
