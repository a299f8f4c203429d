// Agreements: once an account has a tier and a manager it signs one (24 months, or a 12-month
// pilot renewed before it ends) with a base discount within its tier's cap; some are extended
// by six months, pilots expire after their renewal. Activation plans the agreement's supply and
// promotions.
import { addDays, addMonths, endOfPeriod, type DateRange, type IsoDate } from '../domain/kernel/index.js';
import { baseDiscountCapOf } from '../domain/agreement/index.js';
import { signatory } from './account-names.js';
import { COMMON_SKUS, listPriceOf } from './catalogue.js';
import { cny } from './cny.js';
import { atTime } from './demo-calendar.js';
import { planPromotions } from './promotions.js';
import { batchSizeFor, lineRate, planCommitments } from './commitments.js';
import {
  isServed,
  openAgreements,
  schedule,
  tierAt,
  type AccountSim,
  type AgreementSim,
  type Simulation,
} from './simulation.js';

/** New agreements and renewals decided at the start of a month. */
export const planAgreements = (sim: Simulation, account: AccountSim, month: number): void => {
  if (!isServed(account) || account.tier === 'NONE') return;
  const first = sim.calendar.on(month, 1);
  const open = openAgreements(account);
  if (open.length === 0) {
    const pilot = account.agreements.length === 0 && account.profile.pilot;
    const to = addDays(addMonths(first, pilot ? 12 : 24), -1);
    planAgreement(
      sim,
      account,
      month,
      { from: first, to },
      sim.calendar.on(month, 3),
      sim.calendar.on(month, 5),
    );
    return;
  }
  for (const agreement of open) {
    const endsSoon = agreement.validity.to > first && agreement.validity.to <= addDays(first, 45);
    if (!agreement.pilot || agreement.renewed || !endsSoon || agreement.status !== 'ACTIVE') continue;
    agreement.renewed = true;
    const from = addDays(agreement.validity.to, 1);
    planAgreement(
      sim,
      account,
      month,
      { from, to: addDays(addMonths(from, 24), -1) },
      addDays(agreement.validity.to, -20),
      addDays(agreement.validity.to, -10),
    );
  }
};

const planAgreement = (
  sim: Simulation,
  account: AccountSim,
  month: number,
  validity: DateRange,
  draftOn: IsoDate,
  activateOn: IsoDate,
): void => {
  const { profile } = account;
  const number = account.agreements.length + 1;
  const rng = profile.rng.fork(`agreement:${number}`);
  const agreementId = `agr-${profile.accountId.slice(4)}-${number}`;
  const skus = profile.lines.length > 0 ? profile.lines.map((l) => l.sku) : [rng.pick(COMMON_SKUS)];
  const rate = lineRate(account, month);
  const agreement: AgreementSim = {
    agreementId,
    validity: { ...validity },
    pilot: validity.to < addMonths(validity.from, 13),
    leadTimeDays: rng.pick([7, 10, 14]),
    skus,
    status: 'PLANNED',
    baseDiscountBp: 0,
    approvedConcessionBp: 0,
    commitments: [],
    renewed: false,
  };
  account.agreements.push(agreement);
  const ref = { aggregate: 'agreement', id: agreementId } as const;
  const draftAt = atTime(draftOn, 9, 0);
  schedule(
    sim,
    account,
    draftAt,
    () =>
      !isServed(account)
        ? undefined
        : {
            ...ref,
            type: 'DraftAgreement',
            data: {
              agreementId,
              accountId: profile.accountId,
              validity,
              deliveryTerms: {
                batchSize: batchSizeFor(rate),
                cycleDays: 30,
                leadTimeDays: agreement.leadTimeDays,
              },
              priceExpectations: Object.fromEntries(
                skus.map((sku) => [sku, cny(Math.round(listPriceOf(sku) * rng.between(0.85, 0.95)))]),
              ),
              at: draftAt,
            },
            actor: account.managerId ?? 'sales-desk',
          },
    () => {
      agreement.status = 'DRAFT';
    },
  );
  const discountAt = atTime(draftOn, 9, 30);
  schedule(sim, account, discountAt, async () => {
    if (agreement.status !== 'DRAFT') return undefined;
    const cap = baseDiscountCapOf(await tierAt(sim, profile.accountId, discountAt), sim.engine.policy);
    const wanted = profile.baseDiscountBp ?? Math.round((cap * rng.between(0.4, 0.95)) / 50) * 50;
    agreement.baseDiscountBp = Math.min(wanted, cap);
    return {
      ...ref,
      type: 'SetBaseDiscount',
      data: { discountBp: agreement.baseDiscountBp, at: discountAt },
      actor: account.managerId ?? 'sales-desk',
    };
  });
  const activateAt = atTime(activateOn, 10, 0);
  planDiscountWithinCap(
    sim,
    account,
    agreement,
    atTime(activateOn, 9, 30),
    () => agreement.status === 'DRAFT' && isServed(account),
  );
  schedule(
    sim,
    account,
    activateAt,
    () =>
      agreement.status !== 'DRAFT' || !isServed(account)
        ? undefined
        : {
            ...ref,
            type: 'ActivateAgreement',
            data: { signedBy: signatory(rng), signedOn: activateOn, at: activateAt },
            actor: account.managerId ?? 'sales-desk',
          },
    () => {
      agreement.status = 'ACTIVE';
      planCommitments(sim, account, agreement, activateOn);
      planPromotions(sim, account, agreement, activateOn);
      planExpiry(sim, account, agreement);
      if (profile.extendsAgreement && number === 1 && !agreement.pilot)
        planExtension(sim, account, agreement);
    },
  );
};

const planExpiry = (sim: Simulation, account: AccountSim, agreement: AgreementSim): void => {
  const on = addDays(agreement.validity.to, 1);
  const at = atTime(on, 8, 0);
  schedule(
    sim,
    account,
    at,
    () =>
      // Extended meanwhile: a later expiry is planned with the extension.
      agreement.status !== 'ACTIVE' || agreement.validity.to >= on
        ? undefined
        : {
            aggregate: 'agreement',
            id: agreement.agreementId,
            type: 'ExpireAgreement',
            data: { at },
            actor: 'contract-desk',
          },
    () => {
      agreement.status = 'EXPIRED';
    },
  );
};

/**
 * Some agreements are extended by six months, two months before the book's end. An extension
 * must meet the current tier's cap: a discount above it is lowered to the cap first.
 */
const planExtension = (sim: Simulation, account: AccountSim, agreement: AgreementSim): void => {
  const on = sim.calendar.on(sim.calendar.monthOf(sim.calendar.today) - 2, 15);
  const at = atTime(on, 10, 0);
  const to = endOfPeriod(addMonths(agreement.validity.to, 6).slice(0, 7));
  planDiscountWithinCap(
    sim,
    account,
    agreement,
    atTime(on, 9, 30),
    () => agreement.status === 'ACTIVE' && agreement.validity.to >= on && isServed(account),
  );
  schedule(
    sim,
    account,
    at,
    () =>
      agreement.status !== 'ACTIVE' || agreement.validity.to < on || !isServed(account)
        ? undefined
        : {
            aggregate: 'agreement',
            id: agreement.agreementId,
            type: 'ExtendAgreement',
            data: { to, at },
            actor: account.managerId ?? 'sales-desk',
          },
    () => {
      agreement.validity.to = to;
      planExpiry(sim, account, agreement);
    },
  );
};

/**
 * Activation and extension refuse a base discount above the current tier's cap: half an hour
 * before either, a discount above it (the tier fell meanwhile) is lowered to the cap.
 */
const planDiscountWithinCap = (
  sim: Simulation,
  account: AccountSim,
  agreement: AgreementSim,
  at: string,
  applies: () => boolean,
): void => {
  let lowered = agreement.baseDiscountBp;
  schedule(
    sim,
    account,
    at,
    async () => {
      if (!applies()) return undefined;
      const cap = baseDiscountCapOf(await tierAt(sim, account.profile.accountId, at), sim.engine.policy);
      if (agreement.baseDiscountBp <= cap) return undefined;
      lowered = cap;
      return {
        aggregate: 'agreement',
        id: agreement.agreementId,
        type: 'SetBaseDiscount',
        data: { discountBp: cap, at },
        actor: account.managerId ?? 'sales-desk',
      };
    },
    () => {
      agreement.baseDiscountBp = lowered;
    },
  );
};
