// Every Account command and event, described once: the HTTP routes, JSON Schemas and the
// command handler are generated from these lists.
import { definitionsOf, type CommandDefinition, type EventDefinition } from '../kernel/index.js';
import * as commands from './commands.js';
import * as events from './events.js';

const { command, event } = definitionsOf('account');

export const accountCommands: readonly CommandDefinition[] = [
  command('RegisterAccount', commands.RegisterAccountData, true),
  command('AssignAccountManager', commands.AssignAccountManagerData),
  command('RecordRevenue', commands.RecordRevenueData),
  command('CorrectRevenue', commands.CorrectRevenueData),
  command('EvaluateTier', commands.EvaluateTierData),
  command('OverrideTier', commands.OverrideTierData),
  command('OpenServiceRequest', commands.OpenServiceRequestData),
  command('ResolveServiceRequest', commands.ResolveServiceRequestData),
  command('RecordFeedback', commands.RecordFeedbackData),
  command('FlagAtRisk', commands.FlagAtRiskData),
  command('MarkLost', commands.MarkLostData),
  command('Reactivate', commands.ReactivateData),
  command('AddContact', commands.AddContactData),
  command('RemoveContact', commands.RemoveContactData),
  command('LogVisit', commands.LogVisitData),
  command('CompleteAction', commands.CompleteActionData),
  command('SetAccountPlan', commands.SetAccountPlanData),
];

export const accountEvents: readonly EventDefinition[] = [
  event('AccountRegistered', events.AccountRegisteredData),
  event('AccountManagerAssigned', events.AccountManagerAssignedData),
  event('AccountActivated', events.AccountActivatedData),
  event('RevenueRecorded', events.RevenueRecordedData),
  event('RevenueCorrected', events.RevenueCorrectedData),
  event('TierChanged', events.TierChangedData),
  event('TierEvaluated', events.TierEvaluatedData),
  event('TierOverridden', events.TierOverriddenData),
  event('TierOverrideExpired', events.TierOverrideExpiredData),
  event('ServiceRequestOpened', events.ServiceRequestOpenedData),
  event('ServiceRequestResolved', events.ServiceRequestResolvedData),
  event('FeedbackRecorded', events.FeedbackRecordedData),
  event('AccountFlaggedAtRisk', events.AccountFlaggedAtRiskData),
  event('AccountLost', events.AccountLostData),
  event('AccountReactivated', events.AccountReactivatedData),
  event('ContactAdded', events.ContactAddedData),
  event('ContactRemoved', events.ContactRemovedData),
  event('VisitLogged', events.VisitLoggedData),
  event('ActionCompleted', events.ActionCompletedData),
  event('AccountPlanSet', events.AccountPlanSetData),
];
