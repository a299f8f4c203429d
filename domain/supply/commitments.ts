// Making, resizing and closing the promise itself: how much of a SKU an account is promised
// over a window, under which agreement, with which peak and safety stock.
import * as E from 'fp-ts/lib/Either.js';
import {
  accept,
  alreadyExists,
  domainError,
  firstError,
  FULL_BP,
  rangeInside,
  type AgreementFacts,
  type DateRange,
  type DomainError,
  type Policy,
  type Decision,
} from '../kernel/index.js';
import type { AdjustCommittedQty, CloseCommitment, CreateCommitment } from './commands.js';
import {
  AGREEMENT_OF_ANOTHER_ACCOUNT,
  COMMITTED_BELOW_DELIVERED,
  PEAK_OUTSIDE_WINDOW,
  SCHEDULED_ABOVE_COMMITTED,
  WINDOW_OUTSIDE_VALIDITY,
} from './errors.js';
import type { CommitmentClosed, CommitmentCreated, CommittedQtyAdjusted, SupplyEvent } from './events.js';
import type { SupplyContext } from './context.js';
import { accountServed, agreementInForce } from './standing.js';
import { totalDelivered, totalScheduled, type Commitment, type SupplyState } from './state.js';

/** The aggregate kind, as the application names it in NOT_FOUND and ALREADY_EXISTS. */

const agreementOfAccount = (agreement: AgreementFacts, accountId: string): DomainError | undefined =>
  agreement.accountId === accountId
    ? undefined
    : domainError(
        AGREEMENT_OF_ANOTHER_ACCOUNT,
        `The agreement ${agreement.agreementId} belongs to another account, not ${accountId}`,
        { agreementId: agreement.agreementId, accountId, agreementAccountId: agreement.accountId ?? null },
      );

const windowInsideValidity = (window: DateRange, agreement: AgreementFacts): DomainError | undefined =>
  agreement.validity !== undefined && rangeInside(window, agreement.validity)
    ? undefined
    : domainError(
        WINDOW_OUTSIDE_VALIDITY,
        `The window ${window.from}…${window.to} is not inside the agreement's validity`,
        {
          windowFrom: window.from,
          windowTo: window.to,
          validFrom: agreement.validity?.from ?? null,
          validTo: agreement.validity?.to ?? null,
        },
      );

const peakInsideWindow = (peak: DateRange | undefined, window: DateRange): DomainError | undefined =>
  peak === undefined || rangeInside(peak, window)
    ? undefined
    : domainError(PEAK_OUTSIDE_WINDOW, `The peak ${peak.from}…${peak.to} is not inside the window`, {
        peakFrom: peak.from,
        peakTo: peak.to,
        windowFrom: window.from,
        windowTo: window.to,
      });

/** Total scheduled may exceed committed by the policy's tolerance (5 % in v1), integer arithmetic. */
export const scheduleWithinTolerance = (
  scheduled: number,
  committed: number,
  policy: Policy,
): DomainError | undefined =>
  scheduled * FULL_BP <= committed * policy.supply.scheduleToleranceBp
    ? undefined
    : domainError(
        SCHEDULED_ABOVE_COMMITTED,
        `${scheduled} scheduled would exceed the committed ${committed} by more than the tolerance`,
        {
          scheduled,
          committed,
          toleranceBp: policy.supply.scheduleToleranceBp,
          policyVersion: policy.version,
        },
      );

/** What has arrived cannot be un-promised. */
export const committedCoversDelivered = (committed: number, delivered: number): DomainError | undefined =>
  committed >= delivered
    ? undefined
    : domainError(
        COMMITTED_BELOW_DELIVERED,
        `The committed quantity ${committed} would be below the ${delivered} delivered`,
        { committed, delivered },
      );

export const createCommitment = (
  { data }: CreateCommitment,
  state: SupplyState,
  { account, agreement, policy }: SupplyContext,
): Decision<SupplyEvent> => {
  if (state.status !== 'NONE') return E.left(alreadyExists('supply', state.commitmentId));
  const error = firstError(
    () => accountServed(account),
    () => agreementInForce(agreement),
    () => agreementOfAccount(agreement, data.accountId),
    () => windowInsideValidity(data.window, agreement),
    () => peakInsideWindow(data.peak, data.window),
  );
  if (error !== undefined) return E.left(error);
  const created: CommitmentCreated = {
    type: 'CommitmentCreated',
    data: {
      commitmentId: data.commitmentId,
      accountId: data.accountId,
      agreementId: data.agreementId,
      sku: data.sku,
      window: data.window,
      committedQty: data.committedQty,
      peak: data.peak ?? null,
      safetyDays: data.safetyDays ?? policy.tiers[account.tier].safetyDays,
      tier: account.tier,
      policyVersion: policy.version,
      at: data.at,
    },
  };
  return accept(created);
};

export const adjustCommittedQty = (
  { data }: AdjustCommittedQty,
  c: Commitment,
  { account, agreement, policy }: SupplyContext,
): Decision<SupplyEvent> => {
  const error = firstError(
    () => accountServed(account),
    () => agreementInForce(agreement),
    () => committedCoversDelivered(data.committedQty, totalDelivered(c)),
    () => scheduleWithinTolerance(totalScheduled(c), data.committedQty, policy),
  );
  if (error !== undefined) return E.left(error);
  // Asking for the quantity it already has changes nothing: no event, like a retried request.
  if (data.committedQty === c.committedQty) return accept();
  const adjusted: CommittedQtyAdjusted = {
    type: 'CommittedQtyAdjusted',
    data: {
      commitmentId: c.commitmentId,
      accountId: c.accountId,
      from: c.committedQty,
      to: data.committedQty,
      reason: data.reason,
      policyVersion: policy.version,
      at: data.at,
    },
  };
  return accept(adjusted);
};

/** Closing needs no check of the account or the agreement: losing them is why one closes. */
export const closeCommitment = ({ data }: CloseCommitment, c: Commitment): Decision<SupplyEvent> => {
  const closed: CommitmentClosed = {
    type: 'CommitmentClosed',
    data: {
      commitmentId: c.commitmentId,
      accountId: c.accountId,
      reason: data.reason,
      committedQty: c.committedQty,
      deliveredQty: totalDelivered(c),
      at: data.at,
    },
  };
  return accept(closed);
};
