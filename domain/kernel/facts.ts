// What one aggregate's decision may know of another: loaded by the application layer from
// the other aggregate's stream (never from a projection) and passed in explicitly.
import type * as t from 'io-ts';
import { oneOf } from './codec.js';
import type { DateRange } from './calendar.js';
import type { Industry } from './industry.js';
import type { Tier } from './tier.js';

/** The statuses an account has (DOMAIN.md, Account), for codecs and filters alike. */
export const ACCOUNT_STATUSES = ['PROSPECT', 'ACTIVE', 'AT_RISK', 'LOST'] as const;
export const AccountStatus = oneOf('AccountStatus', ACCOUNT_STATUSES);
export type AccountStatus = t.TypeOf<typeof AccountStatus>;

export const AgreementStatus = oneOf('AgreementStatus', ['DRAFT', 'ACTIVE', 'EXPIRED', 'TERMINATED']);
export type AgreementStatus = t.TypeOf<typeof AgreementStatus>;

/** An account as another aggregate's rules see it. `undefined` fields mean the account does not exist. */
export interface AccountFacts {
  readonly accountId: string;
  readonly exists: boolean;
  readonly status?: AccountStatus;
  /** The effective tier now: an unexpired override wins over the evaluated tier. */
  readonly tier: Tier;
  readonly industry?: Industry;
  readonly managerId?: string;
}

export interface AgreementFacts {
  readonly agreementId: string;
  readonly exists: boolean;
  readonly accountId?: string;
  readonly status?: AgreementStatus;
  readonly validity?: DateRange;
}

/**
 * Which group an account is in now, as the group's own stream says (the application finds the
 * candidate group and confirms the membership on that group's stream).
 */
export interface MembershipFacts {
  readonly accountId: string;
  /** null when the account is in no group. */
  readonly groupId: string | null;
}

/** A group as other aggregates' rules see it (the members' tiering on the group's T12M). */
export interface GroupFacts {
  readonly groupId: string;
  readonly exists: boolean;
  /** Member account ids, in the order they joined; empty when the group does not exist. */
  readonly members: readonly string[];
  readonly managerId: string | null;
  readonly executiveSponsorId: string | null;
}

/** One account's revenue by period in minor units (as its state keeps it). */
export type RevenueRecords = Readonly<Record<string, { readonly amount: number }>>;

/**
 * What a member's tier evaluation reads of its group (the group's combined T12M): the group the
 * account is in now, as the group's stream says, and every member's revenue, each from the
 * member's own stream (the evaluated account's own included).
 */
export interface GroupTieringFacts {
  readonly groupId: string;
  /** By member account id, every current member. */
  readonly memberRevenue: Readonly<Record<string, RevenueRecords>>;
}

/** Which other streams a command's decision needs; the application layer loads them. */
export interface FactsNeeded {
  readonly accountId?: string;
  readonly agreementId?: string;
  /** The account whose group membership the decision reads (a new group member's). */
  readonly membershipOf?: string;
  /** The account whose group's members' revenue the decision reads (a member's tier evaluation). */
  readonly groupOf?: string;
}
