// The commands of an Account. Only RegisterAccount carries the account id: every other
// command is routed to its stream (`POST /accounts/{id}/…`) and the decider reads the id from the state.
import * as t from 'io-ts';
import {
  Id,
  Industry,
  IsoDate,
  IsoDateTime,
  message,
  Money,
  NonEmptyString,
  Period,
  SignedMoney,
  struct,
  Tier,
} from '../kernel/index.js';
import { PlanYear, SkuTargets, StockTargets } from './account-plan.js';
import { ContactRole, Email, Phone } from './contacts.js';
import { FeedbackComment, FeedbackScore } from './feedback.js';
import { ComplaintCause, SatisfactionScore } from './resolution.js';
import { RiskAssessed } from './risk-flag.js';
import { ServiceRequestChannel, ServiceRequestKind } from './service-request-kinds.js';
import { AgreedActions, VisitContactIds, VisitKind, VisitNotes } from './visits.js';

export const RegisterAccountData = struct('RegisterAccountData', {
  accountId: Id,
  name: NonEmptyString,
  industry: Industry,
  region: NonEmptyString,
  at: IsoDateTime,
});
export const RegisterAccount = message('RegisterAccount', RegisterAccountData);
export type RegisterAccount = t.TypeOf<typeof RegisterAccount>;

export const AssignAccountManagerData = struct('AssignAccountManagerData', {
  managerId: Id,
  effectiveFrom: IsoDate,
  at: IsoDateTime,
});
export const AssignAccountManager = message('AssignAccountManager', AssignAccountManagerData);
export type AssignAccountManager = t.TypeOf<typeof AssignAccountManager>;

export const RecordRevenueData = struct('RecordRevenueData', {
  period: Period,
  amount: Money,
  /** Where the figure comes from (billing run, invoice batch): auditors trace it back. */
  sourceRef: NonEmptyString,
  at: IsoDateTime,
});
export const RecordRevenue = message('RecordRevenue', RecordRevenueData);
export type RecordRevenue = t.TypeOf<typeof RecordRevenue>;

export const CorrectRevenueData = struct('CorrectRevenueData', {
  period: Period,
  delta: SignedMoney,
  reason: NonEmptyString,
  at: IsoDateTime,
});
export const CorrectRevenue = message('CorrectRevenue', CorrectRevenueData);
export type CorrectRevenue = t.TypeOf<typeof CorrectRevenue>;

export const EvaluateTierData = struct('EvaluateTierData', {
  /** The closed month being evaluated: the last month of the trailing window. */
  asOfPeriod: Period,
  at: IsoDateTime,
});
export const EvaluateTier = message('EvaluateTier', EvaluateTierData);
export type EvaluateTier = t.TypeOf<typeof EvaluateTier>;

export const OverrideTierData = struct('OverrideTierData', {
  tier: Tier,
  reason: NonEmptyString,
  approvedBy: Id,
  /** The last day the override applies. */
  expiresOn: IsoDate,
  at: IsoDateTime,
});
export const OverrideTier = message('OverrideTier', OverrideTierData);
export type OverrideTier = t.TypeOf<typeof OverrideTier>;

// No `size` field: the size follows from the kind, so a caller cannot buy a faster SLA.
export const OpenServiceRequestData = struct('OpenServiceRequestData', {
  requestId: Id,
  kind: ServiceRequestKind,
  channel: ServiceRequestChannel,
  at: IsoDateTime,
});
export const OpenServiceRequest = message('OpenServiceRequest', OpenServiceRequestData);
export type OpenServiceRequest = t.TypeOf<typeof OpenServiceRequest>;

export const ResolveServiceRequestData = struct(
  'ResolveServiceRequestData',
  { requestId: Id, at: IsoDateTime },
  { satisfaction: SatisfactionScore, causeCode: ComplaintCause },
);
export const ResolveServiceRequest = message('ResolveServiceRequest', ResolveServiceRequestData);
export type ResolveServiceRequest = t.TypeOf<typeof ResolveServiceRequest>;

export const RecordFeedbackData = struct('RecordFeedbackData', {
  score: FeedbackScore,
  aboutManagerId: Id,
  comment: FeedbackComment,
  at: IsoDateTime,
});
export const RecordFeedback = message('RecordFeedback', RecordFeedbackData);
export type RecordFeedback = t.TypeOf<typeof RecordFeedback>;

/** By hand: why, in words; by the FlagAtRisk process also the score that crossed the threshold (`risk`). */
export const FlagAtRiskData = struct(
  'FlagAtRiskData',
  { reason: NonEmptyString, at: IsoDateTime },
  { risk: RiskAssessed },
);
export const FlagAtRisk = message('FlagAtRisk', FlagAtRiskData);
export type FlagAtRisk = t.TypeOf<typeof FlagAtRisk>;

export const MarkLostData = struct(
  'MarkLostData',
  { reason: NonEmptyString, at: IsoDateTime },
  { competitor: NonEmptyString },
);
export const MarkLost = message('MarkLost', MarkLostData);
export type MarkLost = t.TypeOf<typeof MarkLost>;

export const ReactivateData = struct('ReactivateData', { approvedBy: Id, at: IsoDateTime });
export const Reactivate = message('Reactivate', ReactivateData);
export type Reactivate = t.TypeOf<typeof Reactivate>;

// Name, phone and email are personal data: the event keeps them apart (see contacts.ts).
export const AddContactData = struct(
  'AddContactData',
  { contactId: Id, name: NonEmptyString, role: ContactRole, at: IsoDateTime },
  { phone: Phone, email: Email },
);
export const AddContact = message('AddContact', AddContactData);
export type AddContact = t.TypeOf<typeof AddContact>;

export const RemoveContactData = struct(
  'RemoveContactData',
  { contactId: Id, at: IsoDateTime },
  { reason: NonEmptyString },
);
export const RemoveContact = message('RemoveContact', RemoveContactData);
export type RemoveContact = t.TypeOf<typeof RemoveContact>;

export const LogVisitData = struct('LogVisitData', {
  visitId: Id,
  /** The day it took place (logged on or after it). */
  on: IsoDate,
  kind: VisitKind,
  contactIds: VisitContactIds,
  notes: VisitNotes,
  agreedActions: AgreedActions,
  at: IsoDateTime,
});
export const LogVisit = message('LogVisit', LogVisitData);
export type LogVisit = t.TypeOf<typeof LogVisit>;

export const CompleteActionData = struct('CompleteActionData', {
  actionId: Id,
  on: IsoDate,
  at: IsoDateTime,
});
export const CompleteAction = message('CompleteAction', CompleteActionData);
export type CompleteAction = t.TypeOf<typeof CompleteAction>;

export const SetAccountPlanData = struct('SetAccountPlanData', {
  year: PlanYear,
  revenueTarget: Money,
  skuTargets: SkuTargets,
  promotionBudget: Money,
  stockTargets: StockTargets,
  at: IsoDateTime,
});
export const SetAccountPlan = message('SetAccountPlan', SetAccountPlanData);
export type SetAccountPlan = t.TypeOf<typeof SetAccountPlan>;

export const AccountCommand = t.union([
  RegisterAccount,
  AssignAccountManager,
  RecordRevenue,
  CorrectRevenue,
  EvaluateTier,
  OverrideTier,
  OpenServiceRequest,
  ResolveServiceRequest,
  RecordFeedback,
  FlagAtRisk,
  MarkLost,
  Reactivate,
  AddContact,
  RemoveContact,
  LogVisit,
  CompleteAction,
  SetAccountPlan,
]);
export type AccountCommand = t.TypeOf<typeof AccountCommand>;
