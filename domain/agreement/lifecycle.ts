// The life of an agreement: drafted, activated when signed, extended, and closed for good by
// expiry or termination.
import * as E from 'fp-ts/lib/Either.js';
import {
  alreadyExists,
  dateOf,
  domainError,
  type AgreementStatus,
  type DomainError,
  type IsoDateTime,
  decideWith,
  type Decision,
} from '../kernel/index.js';
import { accountCanSign, accountInGoodStanding } from './account-standing.js';
import { discountWithinCurrentCap } from './base-discount.js';
import type {
  ActivateAgreement,
  DraftAgreement,
  ExpireAgreement,
  ExtendAgreement,
  TerminateAgreement,
} from './commands.js';
import type { AgreementEvent } from './events.js';
import type { AgreementContext } from './context.js';
import {
  AGREEMENT_NOT_ACTIVE,
  AGREEMENT_NOT_DRAFT,
  SIGNED_ON_IN_FUTURE,
  VALIDITY_NOT_ENDED,
} from './errors.js';
import { subjectOf, type Agreement, type AgreementState } from './state.js';
import { validExtension, validityNotEnded, validValidity } from './validity.js';

const inStatus =
  (expected: AgreementStatus, code: string) =>
  (agreement: Agreement): DomainError | undefined =>
    agreement.status === expected
      ? undefined
      : domainError(code, `The agreement ${agreement.agreementId} is ${agreement.status}, not ${expected}`, {
          agreementId: agreement.agreementId,
          status: agreement.status,
        });

export const draftOnly = inStatus('DRAFT', AGREEMENT_NOT_DRAFT);
export const activeOnly = inStatus('ACTIVE', AGREEMENT_NOT_ACTIVE);

export const draftAgreement = (
  { data }: DraftAgreement,
  state: AgreementState,
  { account, policy }: AgreementContext,
): Decision<AgreementEvent> =>
  state.exists
    ? E.left(alreadyExists('agreement', state.agreementId))
    : decideWith(
        [() => accountInGoodStanding(account, data.accountId), () => validValidity(data.validity, policy)],
        () => [
          {
            type: 'AgreementDrafted',
            data: {
              agreementId: data.agreementId,
              accountId: data.accountId,
              at: data.at,
              validity: data.validity,
              deliveryTerms: data.deliveryTerms,
              priceExpectations: data.priceExpectations,
              tierAtSigning: account.tier,
              policyVersion: policy.version,
            },
          },
        ],
      );

// A contract cannot be signed on a day that has not come yet.
const signedByNow = (signedOn: string, at: IsoDateTime): DomainError | undefined =>
  signedOn <= dateOf(at)
    ? undefined
    : domainError(SIGNED_ON_IN_FUTURE, `Signed on ${signedOn}, after the command's day ${dateOf(at)}`, {
        signedOn,
        on: dateOf(at),
      });

/** Signing: the tier the account signs with is the agreement's tier at signing. */
export const activateAgreement = (
  { data }: ActivateAgreement,
  agreement: Agreement,
  { account, policy }: AgreementContext,
): Decision<AgreementEvent> =>
  decideWith(
    [
      () => draftOnly(agreement),
      () => accountCanSign(account, agreement.accountId),
      () => signedByNow(data.signedOn, data.at),
      () => validityNotEnded(agreement.validity, data.at),
      () => discountWithinCurrentCap(agreement, account.tier, policy, 'ActivateAgreement'),
    ],
    () => [
      {
        type: 'AgreementActivated',
        data: {
          ...subjectOf(agreement, data.at),
          signedBy: data.signedBy,
          signedOn: data.signedOn,
          tierAtSigning: account.tier,
        },
      },
    ],
  );

export const extendAgreement = (
  { data }: ExtendAgreement,
  agreement: Agreement,
  { account, policy }: AgreementContext,
): Decision<AgreementEvent> =>
  decideWith(
    [
      () => accountInGoodStanding(account, agreement.accountId),
      () => validityNotEnded(agreement.validity, data.at),
      () => validExtension(agreement.validity, data.to, policy),
      () => discountWithinCurrentCap(agreement, account.tier, policy, 'ExtendAgreement'),
    ],
    () => [
      {
        type: 'AgreementExtended',
        data: {
          ...subjectOf(agreement, data.at),
          previousTo: agreement.validity.to,
          to: data.to,
          policyVersion: policy.version,
        },
      },
    ],
  );

// No account check: the account-lost process manager terminates a lost account's agreements.
export const terminateAgreement = (
  { data }: TerminateAgreement,
  agreement: Agreement,
): Decision<AgreementEvent> =>
  decideWith([], () => [
    { type: 'AgreementTerminated', data: { ...subjectOf(agreement, data.at), reason: data.reason } },
  ]);

const validityEnded = (agreement: Agreement, at: IsoDateTime): DomainError | undefined =>
  dateOf(at) > agreement.validity.to
    ? undefined
    : domainError(VALIDITY_NOT_ENDED, `The agreement runs until ${agreement.validity.to}`, {
        validTo: agreement.validity.to,
        on: dateOf(at),
      });

export const expireAgreement = ({ data }: ExpireAgreement, agreement: Agreement): Decision<AgreementEvent> =>
  decideWith([() => activeOnly(agreement), () => validityEnded(agreement, data.at)], () => [
    {
      type: 'AgreementExpired',
      data: { ...subjectOf(agreement, data.at), validTo: agreement.validity.to },
    },
  ]);
