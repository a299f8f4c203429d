// The account's contacts: added once per id, removed once, and their personal details kept in
// one object the rules never read.
import { describe, expect, it } from 'vitest';
import { accountDecider, accountPersonalData, ContactAdded } from '../../../domain/account/index.js';
import { ERASED, fold, POLICY_V1 } from '../../../domain/kernel/index.js';
import { deciderSpecification } from '../../support/decider-specification.js';
import { activeAccount, commands, events } from './builders.js';

const spec = deciderSpecification(accountDecider, { policy: POLICY_V1, group: null });

describe('adding a contact', () => {
  it('adds a contact, its name, phone and email in the personal object named by the contact id', () => {
    spec(activeAccount()).when(commands.addContact()).then([events.contactAdded()]);
    expect(accountPersonalData).toEqual([
      { eventType: 'ContactAdded', field: 'personal', subjectField: 'contactId' },
    ]);
  });

  it('adds a contact with a name only', () => {
    spec(activeAccount())
      .when(
        commands.addContact('ct-wu', {
          name: 'Wu Lei',
          role: 'PURCHASER',
          phone: undefined,
          email: undefined,
        }),
      )
      .then([events.contactAdded('ct-wu', { role: 'PURCHASER', personal: { name: 'Wu Lei' } })]);
  });

  it('adds contacts to a prospect too: the relationship starts before the first manager', () => {
    spec([events.registered()]).when(commands.addContact()).then([events.contactAdded()]);
  });

  it('rejects a contact id that exists already', () => {
    const error = spec([...activeAccount(), events.contactAdded()])
      .when(commands.addContact('ct-chen', { name: 'Someone Else' }))
      .rejects('CONTACT_ALREADY_EXISTS');
    expect(error.facts).toMatchObject({ contactId: 'ct-chen', removed: false });
  });

  it('rejects reusing the id of a removed contact', () => {
    const error = spec([...activeAccount(), events.contactAdded(), events.contactRemoved()])
      .when(commands.addContact())
      .rejects('CONTACT_ALREADY_EXISTS');
    expect(error.facts).toMatchObject({ removed: true });
  });

  it('rejects a contact for a lost account', () => {
    spec([...activeAccount(), events.lost()])
      .when(commands.addContact())
      .rejects('ACCOUNT_LOST');
  });

  it('treats a contact id like `constructor` as any other id, never the prototype', () => {
    spec(activeAccount())
      .when(commands.addContact('constructor'))
      .then([events.contactAdded('constructor')]);
    spec(activeAccount()).when(commands.removeContact('constructor')).rejects('UNKNOWN_CONTACT');
  });
});

describe('removing a contact', () => {
  it('removes a contact with its role and the reason', () => {
    spec([...activeAccount(), events.contactAdded()])
      .when(commands.removeContact('ct-chen', { reason: 'left the company' }))
      .then([events.contactRemoved('ct-chen', { reason: 'left the company' })]);
  });

  it('removes a contact without a reason', () => {
    spec([...activeAccount(), events.contactAdded()])
      .when(commands.removeContact())
      .then([events.contactRemoved()]);
  });

  it('rejects removing a contact the account does not have', () => {
    spec(activeAccount()).when(commands.removeContact('ct-ghost')).rejects('UNKNOWN_CONTACT');
  });

  it('rejects removing a contact twice', () => {
    spec([...activeAccount(), events.contactAdded(), events.contactRemoved()])
      .when(commands.removeContact())
      .rejects('CONTACT_REMOVED');
  });
});

describe('personal data', () => {
  it('keeps only id and role in the state: no name, phone or email', () => {
    const state = fold(accountDecider, [...activeAccount(), events.contactAdded()]);
    expect(state).toMatchObject({ contacts: { 'ct-chen': { role: 'DECISION_MAKER', removed: false } } });
    expect(JSON.stringify(state)).not.toMatch(/Chen Jing|6552|acme\.example/);
  });

  it('decides the same whether the personal details are there or erased', () => {
    const erased = events.contactAdded('ct-chen', { personal: ERASED });
    expect(ContactAdded.is(erased)).toBe(true);
    const given = (added: typeof erased) => [...activeAccount(), added];
    for (const command of [
      commands.logVisit(),
      commands.removeContact(),
      commands.addContact(),
      commands.logVisit('v-2', { contactIds: ['ct-chen', 'ct-ghost'] }),
    ]) {
      expect(spec(given(erased)).when(command).result()).toEqual(
        spec(given(events.contactAdded())).when(command).result(),
      );
    }
    expect(fold(accountDecider, given(erased))).toEqual(fold(accountDecider, given(events.contactAdded())));
  });
});
