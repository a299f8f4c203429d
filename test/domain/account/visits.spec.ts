// Visits, meetings and calls with the account's contacts, the actions agreed there and their
// completion; and the contact cadence of the policy that says when an account is overdue.
import { describe, expect, it } from 'vitest';
import { accountDecider, countsForCadence, visitOverdue } from '../../../domain/account/index.js';
import { fold, POLICY_V1, POLICY_V2 } from '../../../domain/kernel/index.js';
import { deciderSpecification } from '../../support/decider-specification.js';
import { action, activeAccount, AT, commands, events, MANAGER } from './builders.js';

const spec = deciderSpecification(accountDecider, { policy: POLICY_V2, group: null });
/** An active account with two contacts, Chen (decision maker) and Wu (purchaser). */
const withContacts = () => [
  ...activeAccount(),
  events.contactAdded(),
  events.contactAdded('ct-wu', { role: 'PURCHASER', personal: { name: 'Wu Lei' } }),
];

describe('logging a visit', () => {
  it('logs a visit with its contacts, notes and agreed actions, naming the manager', () => {
    const actions = [action('act-1'), action('act-2', '2026-04-30')];
    spec(withContacts())
      .when(commands.logVisit('v-1', { contactIds: ['ct-chen', 'ct-wu'], agreedActions: actions }))
      .then([events.visitLogged('v-1', { contactIds: ['ct-chen', 'ct-wu'], agreedActions: actions })]);
  });

  it('logs an executive visit the day it happens', () => {
    spec(withContacts())
      .when(commands.logVisit('v-1', { kind: 'EXECUTIVE_VISIT', on: AT.slice(0, 10) }))
      .then([events.visitLogged('v-1', { kind: 'EXECUTIVE_VISIT', on: AT.slice(0, 10) })]);
  });

  it('logs a call with a prospect: no manager yet', () => {
    spec([events.registered(), events.contactAdded()])
      .when(commands.logVisit('v-1', { kind: 'CALL' }))
      .then([events.visitLogged('v-1', { kind: 'CALL', managerId: null })]);
  });

  it('rejects a visit id logged already', () => {
    spec([...withContacts(), events.visitLogged()])
      .when(commands.logVisit())
      .rejects('VISIT_ALREADY_LOGGED');
  });

  it('rejects a visit that has not happened yet', () => {
    const error = spec(withContacts())
      .when(commands.logVisit('v-1', { on: '2026-03-06' }))
      .rejects('VISIT_IN_FUTURE');
    expect(error.facts).toMatchObject({ on: '2026-03-06', today: '2026-03-05' });
  });

  it('rejects a contact the account does not have', () => {
    const error = spec(withContacts())
      .when(commands.logVisit('v-1', { contactIds: ['ct-chen', 'ct-ghost'] }))
      .rejects('UNKNOWN_CONTACT');
    expect(error.facts).toMatchObject({ contactId: 'ct-ghost' });
  });

  it('rejects a contact who was removed', () => {
    spec([...withContacts(), events.contactRemoved('ct-wu', { role: 'PURCHASER' })])
      .when(commands.logVisit('v-1', { contactIds: ['ct-wu'] }))
      .rejects('CONTACT_REMOVED');
  });

  it('rejects an action id agreed at an earlier visit', () => {
    const error = spec([...withContacts(), events.visitLogged('v-1', { agreedActions: [action('act-1')] })])
      .when(commands.logVisit('v-2', { agreedActions: [action('act-1')] }))
      .rejects('ACTION_ALREADY_AGREED');
    expect(error.facts).toMatchObject({ actionId: 'act-1' });
  });

  it('rejects an action due before the visit', () => {
    spec(withContacts())
      .when(commands.logVisit('v-1', { agreedActions: [action('act-1', '2026-03-03')] }))
      .rejects('ACTION_DUE_BEFORE_VISIT');
  });

  it('accepts an action due the day of the visit', () => {
    spec(withContacts())
      .when(commands.logVisit('v-1', { agreedActions: [action('act-1', '2026-03-04')] }))
      .then([events.visitLogged('v-1', { agreedActions: [action('act-1', '2026-03-04')] })]);
  });

  it('rejects a visit to a lost account', () => {
    spec([...withContacts(), events.lost()])
      .when(commands.logVisit())
      .rejects('ACCOUNT_LOST');
  });
});

describe('completing an agreed action', () => {
  const agreed = () => [...withContacts(), events.visitLogged('v-1', { agreedActions: [action('act-1')] })];

  it('completes an action on time', () => {
    spec(agreed()).when(commands.completeAction('act-1', '2026-03-05')).then([events.actionCompleted()]);
  });

  it('completes an action late, and says so', () => {
    const later = '2026-03-25T09:00:00.000Z';
    spec(agreed())
      .when(commands.completeAction('act-1', '2026-03-24', later))
      .then([events.actionCompleted('act-1', { on: '2026-03-24', onTime: false, at: later })]);
  });

  it('keeps the completion in the state', () => {
    const state = fold(accountDecider, [...agreed(), events.actionCompleted()]);
    expect(state).toMatchObject({
      visits: { 'v-1': { on: '2026-03-04', kind: 'VISIT' } },
      actions: {
        'act-1': {
          visitId: 'v-1',
          agreedOn: '2026-03-04',
          due: '2026-03-20',
          owner: MANAGER,
          completedOn: '2026-03-05',
        },
      },
    });
  });

  it('rejects an action that was never agreed', () => {
    spec(agreed()).when(commands.completeAction('act-9')).rejects('UNKNOWN_ACTION');
  });

  it('rejects completing an action twice', () => {
    const error = spec([...agreed(), events.actionCompleted()])
      .when(commands.completeAction('act-1', '2026-03-05'))
      .rejects('ACTION_ALREADY_COMPLETED');
    expect(error.facts).toMatchObject({ completedOn: '2026-03-05' });
  });

  it('rejects a completion before the visit that agreed it', () => {
    spec(agreed())
      .when(commands.completeAction('act-1', '2026-03-03'))
      .rejects('ACTION_COMPLETED_BEFORE_AGREED');
  });

  it('rejects a completion dated after today', () => {
    spec(agreed()).when(commands.completeAction('act-1', '2026-03-06')).rejects('COMPLETION_IN_FUTURE');
  });

  it('rejects a completion on a lost account', () => {
    spec([...agreed(), events.lost()])
      .when(commands.completeAction())
      .rejects('ACCOUNT_LOST');
  });
});

describe('contact cadence (policy v2)', () => {
  it('asks tier A every 30 days, B every 90, C every 180, NONE never', () => {
    expect(
      (['A', 'B', 'C', 'NONE'] as const).map((tier) => POLICY_V2.tiers[tier].contactCadenceDays),
    ).toEqual([30, 90, 180, null]);
  });

  it('v2 changes nothing v1 decided: only the cadence and the early warning (risk) are new', () => {
    const withoutCadence = (policy: typeof POLICY_V1) => ({
      ...policy,
      version: '',
      risk: null,
      tiers: Object.fromEntries(
        Object.entries(policy.tiers).map(([tier, terms]) => [tier, { ...terms, contactCadenceDays: null }]),
      ),
    });
    expect(withoutCadence(POLICY_V2)).toEqual(withoutCadence(POLICY_V1));
    expect(POLICY_V1.risk).toBeNull();
    expect(Object.values(POLICY_V1.tiers).map((terms) => terms.contactCadenceDays)).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });

  it('is overdue once the last visit is older than the cadence, not on its last day', () => {
    expect(visitOverdue('2026-01-01', 'A', '2026-01-31', POLICY_V2)).toBe(false);
    expect(visitOverdue('2026-01-01', 'A', '2026-02-01', POLICY_V2)).toBe(true);
    expect(visitOverdue('2026-01-01', 'B', '2026-04-01', POLICY_V2)).toBe(false);
    expect(visitOverdue('2026-01-01', 'B', '2026-04-02', POLICY_V2)).toBe(true);
    expect(visitOverdue('2026-01-01', 'C', '2026-06-30', POLICY_V2)).toBe(false);
    expect(visitOverdue('2026-01-01', 'C', '2026-07-01', POLICY_V2)).toBe(true);
  });

  it('is overdue when never visited, except where the policy keeps no cadence', () => {
    expect(visitOverdue(null, 'C', '2026-01-01', POLICY_V2)).toBe(true);
    expect(visitOverdue(null, 'NONE', '2026-01-01', POLICY_V2)).toBe(false);
    expect(visitOverdue('2020-01-01', 'A', '2026-01-01', POLICY_V1)).toBe(false);
  });

  it('counts visits and meetings, not calls', () => {
    expect(countsForCadence('VISIT')).toBe(true);
    expect(countsForCadence('MEETING')).toBe(true);
    expect(countsForCadence('EXECUTIVE_VISIT')).toBe(true);
    expect(countsForCadence('CALL')).toBe(false);
  });
});
