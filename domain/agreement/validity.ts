// How long an agreement may run: it ends after it starts and no later than the policy's
// maximum number of months after its start, also when extended.
import {
  addMonths,
  dateOf,
  domainError,
  type DateRange,
  type DomainError,
  type IsoDate,
  type IsoDateTime,
  type Policy,
} from '../kernel/index.js';
import { EXTENSION_NOT_LATER, VALIDITY_ENDED, VALIDITY_TOO_LONG, VALIDITY_TOO_SHORT } from './errors.js';

/** The last day an agreement starting on `from` may run to. */
export const latestEndOf = (from: IsoDate, policy: Policy): IsoDate =>
  addMonths(from, policy.agreement.maxValidityMonths);

const notTooLong = (validity: DateRange, policy: Policy): DomainError | undefined => {
  const latestTo = latestEndOf(validity.from, policy);
  return validity.to <= latestTo
    ? undefined
    : domainError(
        VALIDITY_TOO_LONG,
        `An agreement may run at most ${policy.agreement.maxValidityMonths} months: until ${latestTo}`,
        {
          from: validity.from,
          to: validity.to,
          latestTo,
          maxValidityMonths: policy.agreement.maxValidityMonths,
        },
      );
};

/** validity.from < validity.to ≤ validity.from + the policy's maximum months. */
export const validValidity = (validity: DateRange, policy: Policy): DomainError | undefined =>
  validity.from < validity.to
    ? notTooLong(validity, policy)
    : domainError(VALIDITY_TOO_SHORT, 'An agreement must end after the day it starts', {
        from: validity.from,
        to: validity.to,
      });

/** An extension moves the end later, never past the maximum months from the start. */
export const validExtension = (validity: DateRange, to: IsoDate, policy: Policy): DomainError | undefined =>
  to > validity.to
    ? notTooLong({ from: validity.from, to }, policy)
    : domainError(EXTENSION_NOT_LATER, `An extension must end after the current end ${validity.to}`, {
        currentTo: validity.to,
        to,
      });

/** The validity has not ended by the day of `at`: an agreement past its end can only expire or end. */
export const validityNotEnded = (validity: DateRange, at: IsoDateTime): DomainError | undefined =>
  dateOf(at) <= validity.to
    ? undefined
    : domainError(VALIDITY_ENDED, `The agreement's validity ended on ${validity.to}`, {
        validTo: validity.to,
        on: dateOf(at),
      });
