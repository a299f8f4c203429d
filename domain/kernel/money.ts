// Money is integer minor units and a currency, as payment APIs do; never a float.
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { Integer, NonNegativeInteger, refine, struct } from './codec.js';
import { domainError, type DomainError } from './domain-error.js';

export const Currency = refine(
  t.string,
  (s) => /^[A-Z]{3}$/.test(s),
  'Currency',
  'must be an ISO 4217 code like CNY',
  { pattern: '^[A-Z]{3}$' },
);

/** A non-negative amount: prices, budgets, revenue, costs. */
export const Money = struct('Money', { amount: NonNegativeInteger, currency: Currency });
export type Money = t.TypeOf<typeof Money>;

/** An amount that may be negative: corrections and deltas. */
export const SignedMoney = struct('SignedMoney', { amount: Integer, currency: Currency });
export type SignedMoney = t.TypeOf<typeof SignedMoney>;

export const money = (amount: number, currency = 'CNY'): Money => ({ amount, currency });

const sameCurrency = (a: SignedMoney, b: SignedMoney): DomainError | undefined =>
  a.currency === b.currency
    ? undefined
    : domainError('CURRENCY_MISMATCH', `Cannot combine ${a.currency} with ${b.currency}`, {
        left: a.currency,
        right: b.currency,
      });

export const addMoney = (a: SignedMoney, b: SignedMoney): E.Either<DomainError, SignedMoney> => {
  const error = sameCurrency(a, b);
  return error ? E.left(error) : E.right({ amount: a.amount + b.amount, currency: a.currency });
};

/** -1, 0 or 1; amounts in different currencies are an error, never compared. */
export const compareMoney = (a: SignedMoney, b: SignedMoney): E.Either<DomainError, -1 | 0 | 1> => {
  const error = sameCurrency(a, b);
  return error ? E.left(error) : E.right(a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0);
};
