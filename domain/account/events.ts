// The events of an Account. Each carries the account id and `at`, so a consumer of one event
// needs no lookup; events a policy decided carry `policyVersion` (the handler copies it into metadata).
import * as t from 'io-ts';
import {
  Id,
  Industry,
  IsoDate,
  IsoDateTime,
  message,
  Money,
  NonEmptyString,
  PolicyVersion,
  personalData,
  oneOf,
  Period,
  SignedMoney,
  struct,
  NonNegativeInteger,
  Tier,
} from '../kernel/index.js';
import { PlanYear, SkuTargets, StockTargets } from './account-plan.js';
import { ContactDetails, ContactRole } from './contacts.js';
import { FeedbackComment, FeedbackScore } from './feedback.js';
import { ComplaintCause, SatisfactionScore } from './resolution.js';
import { RiskAssessed } from './risk-flag.js';
import { ServiceRequestChannel, ServiceRequestKind, ServiceRequestSize } from './service-request-kinds.js';
import { AgreedActions, VisitContactIds, VisitKind, VisitNotes } from './visits.js';

export const AccountRegisteredData = struct('AccountRegisteredData', {
  accountId: Id,
  name: NonEmptyString,
  industry: Industry,
  region: NonEmptyString,
  at: IsoDateTime,
});
export const AccountRegistered = message('AccountRegistered', AccountRegisteredData);
export type AccountRegistered = t.TypeOf<typeof AccountRegistered>;

export const AccountManagerAssignedData = struct('AccountManagerAssignedData', {
  accountId: Id,
  /** null on the account's first manager. */
  previous: t.union([Id, t.null]),
  next: Id,
  effectiveFrom: IsoDate,
  at: IsoDateTime,
});
export const AccountManagerAssigned = message('AccountManagerAssigned', AccountManagerAssignedData);
export type AccountManagerAssigned = t.TypeOf<typeof AccountManagerAssigned>;

export const AccountActivatedData = struct('AccountActivatedData', { accountId: Id, at: IsoDateTime });
export const AccountActivated = message('AccountActivated', AccountActivatedData);
export type AccountActivated = t.TypeOf<typeof AccountActivated>;

export const RevenueRecordedData = struct('RevenueRecordedData', {
  accountId: Id,
  period: Period,
  amount: Money,
  sourceRef: NonEmptyString,
  at: IsoDateTime,
});
export const RevenueRecorded = message('RevenueRecorded', RevenueRecordedData);
export type RevenueRecorded = t.TypeOf<typeof RevenueRecorded>;

export const RevenueCorrectedData = struct('RevenueCorrectedData', {
  accountId: Id,
  period: Period,
  delta: SignedMoney,
  reason: NonEmptyString,
  /** The period's revenue after the correction: read models need no running total. */
  correctedAmount: Money,
  at: IsoDateTime,
});
export const RevenueCorrected = message('RevenueCorrected', RevenueCorrectedData);
export type RevenueCorrected = t.TypeOf<typeof RevenueCorrected>;

/** The stable names of why a tier changed. */
export const TierChangeRule = oneOf('TierChangeRule', ['PROMOTION', 'DEMOTION_AFTER_HYSTERESIS']);
export type TierChangeRule = t.TypeOf<typeof TierChangeRule>;

/**
 * The group a member was tiered with: members are tiered on the group's combined T12M (the sum
 * of the members' T12M by the tiering rules), never below what it qualifies for.
 */
export const GroupTierBasis = struct('GroupTierBasis', {
  groupId: Id,
  /** The group's combined T12M for the period evaluated. */
  t12m: Money,
});
export type GroupTierBasis = t.TypeOf<typeof GroupTierBasis>;

const tierChangedFields = {
  accountId: Id,
  from: Tier,
  to: Tier,
  /** The account's own T12M. */
  t12m: Money,
  rule: TierChangeRule,
  asOfPeriod: Period,
  policyVersion: PolicyVersion,
  at: IsoDateTime,
};

/** The group whose combined T12M moved the tier; null for an account in no group. */
export const TierChangedV2Data = struct('TierChangedV2Data', {
  ...tierChangedFields,
  group: t.union([GroupTierBasis, t.null]),
});

/** The shape stored before members were tiered on their group. Still read, never written. */
export const TierChangedV1Data = struct('TierChangedV1Data', tierChangedFields);

export const TierChangedData = t.union([TierChangedV2Data, TierChangedV1Data]);
export const TierChanged = message('TierChanged', TierChangedData);
export type TierChanged = t.TypeOf<typeof TierChanged>;

/**
 * Why a month-end evaluation left the tier where it is: the two tier changes, or why it held
 * (below the demotion threshold but not yet long enough, within the hysteresis band under the
 * floor, the floor met, or too little history to qualify for anything).
 */
export const TierEvaluationRule = oneOf('TierEvaluationRule', [
  'PROMOTION',
  'DEMOTION_AFTER_HYSTERESIS',
  'BELOW_DEMOTION_THRESHOLD',
  'WITHIN_HYSTERESIS',
  'FLOOR_MET',
  'INSUFFICIENT_HISTORY',
]);
export type TierEvaluationRule = t.TypeOf<typeof TierEvaluationRule>;

const tierEvaluatedFields = {
  accountId: Id,
  /** The closed month evaluated. */
  period: Period,
  /** The account's own T12M. */
  t12m: Money,
  /** The tier after the evaluation (the new one when it changed: a TierChanged follows). */
  evaluatedTier: Tier,
  /**
   * The tier the T12M the rule ran on reaches (the group's combined T12M for a member of a
   * group); hysteresis may keep the evaluated tier above it, never below.
   */
  qualifiedTier: Tier,
  /** Consecutive evaluations below the demotion threshold, this one included (0 after a change). */
  streak: NonNegativeInteger,
  rule: TierEvaluationRule,
  policyVersion: PolicyVersion,
  at: IsoDateTime,
};

/**
 * Every month-end evaluation, also when nothing changes: auditors see that it ran and why, and
 * for a member of a group, which group and its combined T12M (null for an account in no group).
 */
export const TierEvaluatedV3Data = struct('TierEvaluatedV3Data', {
  ...tierEvaluatedFields,
  group: t.union([GroupTierBasis, t.null]),
});
export type TierEvaluatedV3Data = t.TypeOf<typeof TierEvaluatedV3Data>;

/** The shape stored before members were tiered on their group. Still read, never written. */
export const TierEvaluatedV2Data = struct('TierEvaluatedV2Data', tierEvaluatedFields);
export type TierEvaluatedV2Data = t.TypeOf<typeof TierEvaluatedV2Data>;

/**
 * The shape stored before every evaluation was recorded: written only when the below-floor
 * streak moved. Still read (the store keeps it as written), never written.
 */
export const TierEvaluatedV1Data = struct('TierEvaluatedV1Data', {
  accountId: Id,
  asOfPeriod: Period,
  t12m: Money,
  qualifiedTier: Tier,
  belowFloorStreak: NonNegativeInteger,
  policyVersion: PolicyVersion,
  at: IsoDateTime,
});

export const TierEvaluatedData = t.union([TierEvaluatedV3Data, TierEvaluatedV2Data, TierEvaluatedV1Data]);
export const TierEvaluated = message('TierEvaluated', TierEvaluatedData);
export type TierEvaluated = t.TypeOf<typeof TierEvaluated>;

/** The period and streak of a TierEvaluated of either shape: all that state and read models fold. */
export const evaluationOf = (
  data: TierEvaluated['data'],
): { readonly period: string; readonly streak: number } =>
  'period' in data
    ? { period: data.period, streak: data.streak }
    : { period: data.asOfPeriod, streak: data.belowFloorStreak };

/** The group a tier event names, of any shape: null for one in no group and for the shapes before groups. */
export const groupBasisOf = (data: TierEvaluated['data'] | TierChanged['data']): GroupTierBasis | null =>
  'group' in data ? data.group : null;

export const TierOverriddenData = struct('TierOverriddenData', {
  accountId: Id,
  tier: Tier,
  reason: NonEmptyString,
  approvedBy: Id,
  expiresOn: IsoDate,
  policyVersion: PolicyVersion,
  at: IsoDateTime,
});
export const TierOverridden = message('TierOverridden', TierOverriddenData);
export type TierOverridden = t.TypeOf<typeof TierOverridden>;

export const TierOverrideExpiredData = struct('TierOverrideExpiredData', {
  accountId: Id,
  tier: Tier,
  expiresOn: IsoDate,
  at: IsoDateTime,
});
export const TierOverrideExpired = message('TierOverrideExpired', TierOverrideExpiredData);
export type TierOverrideExpired = t.TypeOf<typeof TierOverrideExpired>;

export const ServiceRequestOpenedData = struct('ServiceRequestOpenedData', {
  accountId: Id,
  requestId: Id,
  kind: ServiceRequestKind,
  channel: ServiceRequestChannel,
  size: ServiceRequestSize,
  /** The effective tier whose SLA applied. */
  tier: Tier,
  slaDueAt: IsoDateTime,
  policyVersion: PolicyVersion,
  at: IsoDateTime,
});
export const ServiceRequestOpened = message('ServiceRequestOpened', ServiceRequestOpenedData);
export type ServiceRequestOpened = t.TypeOf<typeof ServiceRequestOpened>;

/**
 * satisfaction and causeCode are optional: the account may not answer, a request may not be a
 * complaint, and the events resolved before they existed still read as they were stored.
 */
export const ServiceRequestResolvedData = struct(
  'ServiceRequestResolvedData',
  {
    accountId: Id,
    requestId: Id,
    kind: ServiceRequestKind,
    size: ServiceRequestSize,
    slaDueAt: IsoDateTime,
    slaMet: t.boolean,
    at: IsoDateTime,
  },
  { satisfaction: SatisfactionScore, causeCode: ComplaintCause },
);
export const ServiceRequestResolved = message('ServiceRequestResolved', ServiceRequestResolvedData);
export type ServiceRequestResolved = t.TypeOf<typeof ServiceRequestResolved>;

export const FeedbackRecordedData = struct('FeedbackRecordedData', {
  accountId: Id,
  score: FeedbackScore,
  aboutManagerId: Id,
  comment: FeedbackComment,
  at: IsoDateTime,
});
export const FeedbackRecorded = message('FeedbackRecorded', FeedbackRecordedData);
export type FeedbackRecorded = t.TypeOf<typeof FeedbackRecorded>;

/** `risk` when the FlagAtRisk process raised it: the score, its reasons and the policy that scored it. */
export const AccountFlaggedAtRiskData = struct(
  'AccountFlaggedAtRiskData',
  { accountId: Id, reason: NonEmptyString, at: IsoDateTime },
  { risk: RiskAssessed },
);
export const AccountFlaggedAtRisk = message('AccountFlaggedAtRisk', AccountFlaggedAtRiskData);
export type AccountFlaggedAtRisk = t.TypeOf<typeof AccountFlaggedAtRisk>;

export const AccountLostData = struct(
  'AccountLostData',
  { accountId: Id, reason: NonEmptyString, at: IsoDateTime },
  { competitor: NonEmptyString },
);
export const AccountLost = message('AccountLost', AccountLostData);
export type AccountLost = t.TypeOf<typeof AccountLost>;

/** A reactivated account is ACTIVE again if it still has a manager, else a PROSPECT. */
export const ReactivatedStatus = oneOf('ReactivatedStatus', ['ACTIVE', 'PROSPECT']);

export const AccountReactivatedData = struct('AccountReactivatedData', {
  accountId: Id,
  approvedBy: Id,
  status: ReactivatedStatus,
  at: IsoDateTime,
});
export const AccountReactivated = message('AccountReactivated', AccountReactivatedData);
export type AccountReactivated = t.TypeOf<typeof AccountReactivated>;

/**
 * `personal` holds every personal field and nothing else; `contactId` is its data subject. The
 * store boundary encrypts that object with the subject's key; once the key is erased a read
 * shows `{ erased: true }` in its place (see contacts.ts and kernel/personal-data.ts).
 */
export const ContactAddedData = struct('ContactAddedData', {
  accountId: Id,
  contactId: Id,
  role: ContactRole,
  personal: personalData(ContactDetails),
  at: IsoDateTime,
});
export const ContactAdded = message('ContactAdded', ContactAddedData);
export type ContactAdded = t.TypeOf<typeof ContactAdded>;

export const ContactRemovedData = struct(
  'ContactRemovedData',
  { accountId: Id, contactId: Id, role: ContactRole, at: IsoDateTime },
  { reason: NonEmptyString },
);
export const ContactRemoved = message('ContactRemoved', ContactRemovedData);
export type ContactRemoved = t.TypeOf<typeof ContactRemoved>;

export const VisitLoggedData = struct('VisitLoggedData', {
  accountId: Id,
  visitId: Id,
  on: IsoDate,
  kind: VisitKind,
  contactIds: VisitContactIds,
  notes: VisitNotes,
  agreedActions: AgreedActions,
  /** The account's manager when it was logged (null for a prospect without one). */
  managerId: t.union([Id, t.null]),
  at: IsoDateTime,
});
export const VisitLogged = message('VisitLogged', VisitLoggedData);
export type VisitLogged = t.TypeOf<typeof VisitLogged>;

export const ActionCompletedData = struct('ActionCompletedData', {
  accountId: Id,
  actionId: Id,
  /** The visit that agreed it. */
  visitId: Id,
  due: IsoDate,
  on: IsoDate,
  /** Completed on or before its due day. */
  onTime: t.boolean,
  at: IsoDateTime,
});
export const ActionCompleted = message('ActionCompleted', ActionCompletedData);
export type ActionCompleted = t.TypeOf<typeof ActionCompleted>;

export const AccountPlanSetData = struct('AccountPlanSetData', {
  accountId: Id,
  year: PlanYear,
  revenueTarget: Money,
  skuTargets: SkuTargets,
  promotionBudget: Money,
  stockTargets: StockTargets,
  /** The year had a plan already: this one replaces it. */
  replacesEarlier: t.boolean,
  at: IsoDateTime,
});
export const AccountPlanSet = message('AccountPlanSet', AccountPlanSetData);
export type AccountPlanSet = t.TypeOf<typeof AccountPlanSet>;

export const AccountEvent = t.union([
  AccountRegistered,
  AccountManagerAssigned,
  AccountActivated,
  RevenueRecorded,
  RevenueCorrected,
  TierChanged,
  TierEvaluated,
  TierOverridden,
  TierOverrideExpired,
  ServiceRequestOpened,
  ServiceRequestResolved,
  FeedbackRecorded,
  AccountFlaggedAtRisk,
  AccountLost,
  AccountReactivated,
  ContactAdded,
  ContactRemoved,
  VisitLogged,
  ActionCompleted,
  AccountPlanSet,
]);
export type AccountEvent = t.TypeOf<typeof AccountEvent>;
