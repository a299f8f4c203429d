// A group as of a day: its members then, their combined T12M over the closed months, the tier
// that revenue qualifies for, and the sponsor gap (a tier-A group without an executive sponsor).
import { evaluateRevenue, qualifyingTier } from '../../domain/account/index.js';
import {
  addPeriods,
  periodOf,
  lookup,
  type Industry,
  type IsoDate,
  type Period,
  type Policy,
  type Tier,
} from '../../domain/kernel/index.js';
import type { GroupDoc, MembershipSpan } from './documents.js';

export interface GroupStatus {
  readonly groupId: string;
  readonly name: string;
  readonly industry: Industry;
  readonly headquartersRegion: string;
  readonly managerId: string | null;
  readonly executiveSponsorId: string | null;
  readonly memberIds: readonly string[];
  readonly memberCount: number;
  readonly memberRegions: readonly string[];
  readonly t12mPeriod: Period;
  readonly t12mAmount: number;
  readonly currency: string;
  readonly tier: Tier;
  readonly sponsorGap: boolean;
}

const memberOn = (span: MembershipSpan, day: IsoDate): boolean =>
  span.from <= day && (span.until === null || span.until > day);

/** The accounts in the group on `day`, in the order they joined. */
export const membersOn = (doc: GroupDoc, day: IsoDate): readonly string[] => [
  ...new Set(doc.memberships.filter((span) => memberOn(span, day)).map((span) => span.accountId)),
];

/**
 * The group's combined T12M: each member's T12M by the tiering rules (annualised under a year,
 * as its own month-end evaluation reckons it), summed. A member's revenue from before it joined
 * counts: the group is one customer, whatever month its branches came under it.
 */
export const combinedT12m = (
  doc: GroupDoc,
  members: readonly string[],
  period: Period,
  policy: Policy,
): number =>
  members.reduce(
    (sum, accountId) =>
      sum + evaluateRevenue(lookup(doc.memberRevenue, accountId) ?? {}, period, policy).t12m,
    0,
  );

export const groupStatusAsOf = (doc: GroupDoc, asOf: IsoDate, policy: Policy): GroupStatus => {
  const memberIds = membersOn(doc, asOf);
  // Over closed months, as a month-end evaluation sees them: up to the month before asOf's.
  const t12mPeriod = addPeriods(periodOf(asOf), -1);
  const t12mAmount = combinedT12m(doc, memberIds, t12mPeriod, policy);
  const tier = qualifyingTier(t12mAmount, policy);
  return {
    groupId: doc.groupId,
    name: doc.name,
    industry: doc.industry,
    headquartersRegion: doc.headquartersRegion,
    managerId: doc.managerId,
    executiveSponsorId: doc.executiveSponsorId,
    memberIds,
    memberCount: memberIds.length,
    memberRegions: [...new Set(memberIds.map((id) => lookup(doc.memberRegions, id) ?? ''))].sort(),
    t12mPeriod,
    t12mAmount,
    currency: policy.currency,
    tier,
    sponsorGap: tier === 'A' && doc.executiveSponsorId === null,
  };
};
