// The discount cap of the effective tier, and the cap-breach flag: an agreement keeps its base
// discount after a downgrade until its validTo, and the row flags one above the current cap.
import { describe, expect, it } from 'vitest';
import { scenario } from './scenario.js';
import { accountIds, project, query, statusOf } from './serve.js';

const VALIDITY = { from: '2025-05-01', to: '2026-04-30' };

/** A B account with an ACTIVE agreement at 1000 bp (B's cap is 1200, C's 600). */
const withAgreement = (b = scenario(), accountId = 'ACC-1', agreementId = 'AG-1') => {
  const account = b.account(accountId);
  account.registered('2025-01-06');
  account.managerAssigned('mgr-li', '2025-01-10');
  account.activated('2025-01-10');
  account.tierChanged('NONE', 'B', '2025-03', 1_080_000, '2025-04-05');
  const agreement = b.agreement(agreementId, accountId);
  agreement.drafted(VALIDITY, '2025-04-20');
  agreement.discountSet(1000, 'B', 1200, '2025-04-21');
  return { b, account, agreement };
};

const demoted = (b = scenario()) => {
  const setup = withAgreement(b);
  setup.agreement.activated('2025-05-01');
  setup.account.tierChanged('B', 'C', '2025-10', 700_000, '2025-11-04');
  return setup;
};

describe('tier_status: discount cap', () => {
  it('is the base discount cap of the effective tier', () => {
    const { b, account } = withAgreement();
    expect(statusOf(project(b.events), 'ACC-1', '2025-05-01').discountCapBp).toBe(1200);
    account.overridden('A', '2025-12-31', '2025-07-01');
    const run = project(b.events);
    expect(statusOf(run, 'ACC-1', '2025-08-01').discountCapBp).toBe(2000);
    expect(statusOf(run, 'ACC-1', '2026-01-01').discountCapBp).toBe(1200);
    expect(run.rows('tier_status')[0]?.['discount_cap_bp']).toBe(2000);
  });

  it('is 0 for an ungraded account', () => {
    const b = scenario();
    b.account('ACC-1').registered('2025-01-06');
    expect(statusOf(project(b.events), 'ACC-1', '2025-02-01').discountCapBp).toBe(0);
  });
});

describe('tier_status: cap breach', () => {
  it('is not raised while the discount is within the cap', () => {
    const { b, agreement } = withAgreement();
    agreement.activated('2025-05-01');
    expect(statusOf(project(b.events), 'ACC-1', '2025-06-01')).toMatchObject({
      capBreach: false,
      capBreachAgreementIds: [],
    });
  });

  it('is raised when a downgrade leaves an ACTIVE agreement above the new cap', () => {
    const run = project(demoted().b.events);
    expect(statusOf(run, 'ACC-1', '2025-11-10')).toMatchObject({
      tier: 'C',
      discountCapBp: 600,
      capBreach: true,
      capBreachAgreementIds: ['AG-1'],
    });
    expect(run.rows('tier_status')[0]).toMatchObject({ cap_breach: 1, cap_breach_agreement_ids: '["AG-1"]' });
  });

  it('is raised for a DRAFT agreement above the cap too', () => {
    const { b, account } = withAgreement();
    account.tierChanged('B', 'C', '2025-10', 700_000, '2025-11-04');
    expect(statusOf(project(b.events), 'ACC-1', '2025-11-10').capBreach).toBe(true);
  });

  it('is not raised by an agreement without a base discount', () => {
    const b = scenario();
    const account = b.account('ACC-1');
    account.registered('2025-01-06');
    b.agreement('AG-1', 'ACC-1').drafted(VALIDITY, '2025-04-20', 'NONE');
    expect(statusOf(project(b.events), 'ACC-1', '2025-05-01').capBreach).toBe(false);
  });

  it('ignores the events of an agreement it never saw drafted', () => {
    const b = scenario();
    const account = b.account('ACC-1');
    account.registered('2025-01-06');
    b.agreement('AG-7', 'ACC-1').discountSet(1000, 'B', 1200, '2025-04-21');
    b.agreement('AG-7', 'ACC-1').activated('2025-05-01');
    expect(statusOf(project(b.events), 'ACC-1', '2025-05-02').capBreach).toBe(false);
  });

  it('is not raised by a terminated or an expired agreement', () => {
    const terminated = demoted();
    terminated.agreement.terminated('2025-12-01');
    expect(statusOf(project(terminated.b.events), 'ACC-1', '2025-12-02').capBreach).toBe(false);
    const expired = demoted();
    expired.agreement.expired(VALIDITY.to, '2026-05-01');
    expect(statusOf(project(expired.b.events), 'ACC-1', '2026-05-02').capBreach).toBe(false);
  });

  it('stops after validTo, even before the agreement’s expiry is recorded, and an extension brings it back', () => {
    const { b, agreement } = demoted();
    expect(statusOf(project(b.events), 'ACC-1', '2026-04-30').capBreach).toBe(true);
    expect(statusOf(project(b.events), 'ACC-1', '2026-05-01').capBreach).toBe(false);
    agreement.extended(VALIDITY.to, '2026-10-31', '2026-04-15');
    expect(statusOf(project(b.events), 'ACC-1', '2026-05-01').capBreach).toBe(true);
  });

  it('is lifted while an override grants a tier whose cap the discount meets', () => {
    const { b, account } = demoted();
    account.overridden('B', '2026-01-31', '2025-11-20');
    const run = project(b.events);
    expect(statusOf(run, 'ACC-1', '2025-12-01').capBreach).toBe(false);
    expect(statusOf(run, 'ACC-1', '2026-02-01').capBreach).toBe(true);
  });

  it('names every agreement above the cap, in order', () => {
    const { b } = demoted();
    const second = b.agreement('AG-0', 'ACC-1');
    second.drafted(VALIDITY, '2025-06-01');
    second.discountSet(800, 'B', 1200, '2025-06-02');
    const third = b.agreement('AG-2', 'ACC-1');
    third.drafted(VALIDITY, '2025-06-01');
    third.discountSet(500, 'B', 1200, '2025-06-02');
    expect(statusOf(project(b.events), 'ACC-1', '2025-11-10').capBreachAgreementIds).toEqual([
      'AG-0',
      'AG-1',
    ]);
  });

  it('filters with capBreach=true|false', () => {
    const b = scenario();
    demoted(b);
    withAgreement(b, 'ACC-2', 'AG-9');
    const run = project(b.events);
    expect(accountIds(query(run, 'tier-status', '2025-11-10', { capBreach: 'true' }))).toEqual(['ACC-1']);
    expect(accountIds(query(run, 'tier-status', '2025-11-10', { capBreach: 'false' }))).toEqual(['ACC-2']);
  });
});

describe('tier_status: cap breach by concessions', () => {
  // B's total concession cap is 1800 bp, C's 1000. A base discount of 500 is within C's base cap (600).
  const PROMO = { window: { from: '2025-12-01', to: '2025-12-31' }, skus: ['SKU-1'], concessionBp: 600 };

  /** A B account, an ACTIVE agreement at 500 bp and an approved 600 bp promotion on SKU-1 in December. */
  const withPromotion = () => {
    const b = scenario();
    const account = b.account('ACC-1');
    account.registered('2025-01-06');
    account.tierChanged('NONE', 'B', '2025-03', 1_080_000, '2025-04-05');
    const agreement = b.agreement('AG-1', 'ACC-1');
    agreement.drafted(VALIDITY, '2025-04-20');
    agreement.discountSet(500, 'B', 1200, '2025-04-21');
    agreement.activated('2025-05-01');
    agreement.promotionProposed('PR-1', '2025-10-01', PROMO);
    agreement.promotionApproved('PR-1', '2025-10-02');
    return { b, account, agreement };
  };

  it('shows the total concession cap of the effective tier', () => {
    expect(statusOf(project(withPromotion().b.events), 'ACC-1', '2025-10-10').totalConcessionCapBp).toBe(
      1800,
    );
  });

  it('is not raised while base + concessions stay within the total cap', () => {
    expect(statusOf(project(withPromotion().b.events), 'ACC-1', '2025-12-10').capBreach).toBe(false);
  });

  it('is raised on the days an approved promotion takes base + concessions on a SKU above the total cap', () => {
    const { b, account } = withPromotion();
    // Down to C: 500 + 600 = 1100 bp > 1000 bp, while the base alone (500) is within C's 600.
    account.tierChanged('B', 'C', '2025-10', 700_000, '2025-11-04');
    const run = project(b.events);
    expect(statusOf(run, 'ACC-1', '2025-11-30')).toMatchObject({
      capBreach: false,
      totalConcessionCapBp: 1000,
    });
    expect(statusOf(run, 'ACC-1', '2025-12-01')).toMatchObject({
      capBreach: true,
      capBreachAgreementIds: ['AG-1'],
    });
    expect(statusOf(run, 'ACC-1', '2025-12-31').capBreach).toBe(true);
    expect(statusOf(run, 'ACC-1', '2026-01-01').capBreach).toBe(false);
  });

  it('does not add up promotions on different SKUs', () => {
    const b = scenario();
    const account = b.account('ACC-1');
    account.registered('2025-01-06');
    account.tierChanged('NONE', 'C', '2025-03', 300_000, '2025-04-05');
    const agreement = b.agreement('AG-1', 'ACC-1');
    agreement.drafted(VALIDITY, '2025-04-20', 'C');
    agreement.discountSet(500, 'C', 600, '2025-04-21');
    agreement.activated('2025-05-01');
    agreement.promotionProposed('PR-1', '2025-10-01', { ...PROMO, skus: ['SKU-1'], concessionBp: 400 });
    agreement.promotionApproved('PR-1', '2025-10-02');
    agreement.promotionProposed('PR-2', '2025-10-01', { ...PROMO, skus: ['SKU-2'], concessionBp: 400 });
    agreement.promotionApproved('PR-2', '2025-10-02');
    // 500 + 400 = 900 bp on each SKU, within C's 1000 (the two together would be 1300).
    expect(statusOf(project(b.events), 'ACC-1', '2025-12-10').capBreach).toBe(false);
  });

  it('counts neither a proposed nor a cancelled promotion', () => {
    const b = scenario();
    const account = b.account('ACC-1');
    account.registered('2025-01-06');
    account.tierChanged('NONE', 'C', '2025-03', 300_000, '2025-04-05');
    const agreement = b.agreement('AG-1', 'ACC-1');
    agreement.drafted(VALIDITY, '2025-04-20', 'C');
    agreement.discountSet(500, 'C', 600, '2025-04-21');
    agreement.promotionProposed('PR-1', '2025-10-01', PROMO);
    agreement.promotionProposed('PR-2', '2025-10-01', { ...PROMO, skus: ['SKU-2'] });
    agreement.promotionApproved('PR-2', '2025-10-02');
    agreement.promotionCancelled('PR-2', '2025-10-03');
    expect(statusOf(project(b.events), 'ACC-1', '2025-12-10').capBreach).toBe(false);
  });

  it('raises no flag for a LOST account', () => {
    const { b, account } = demoted();
    account.lost('2025-11-20');
    expect(statusOf(project(b.events), 'ACC-1', '2025-12-10')).toMatchObject({
      capBreach: false,
      capBreachAgreementIds: [],
    });
  });
});
