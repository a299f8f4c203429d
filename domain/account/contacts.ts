// The people at the account (decision maker, purchaser, finance …): whom the manager keeps in
// touch with. Their name, phone and email are personal data, kept in one `personal` object of
// ContactAdded that names its subject (the contact id), so the store boundary can encrypt it
// and erase it on request. The rules here look at contact ids and roles only, never at it.
import * as t from 'io-ts';
import {
  accept,
  lookup,
  NonEmptyString,
  oneOf,
  refine,
  reject,
  struct,
  type Decision,
  type PersonalDataField,
} from '../kernel/index.js';
import type { AddContact, RemoveContact } from './commands.js';
import type { AccountEvent } from './events.js';
import type { RegisteredAccount } from './state.js';

export const CONTACT_ROLES = ['DECISION_MAKER', 'PURCHASER', 'FINANCE', 'TECHNICAL', 'USER'] as const;
export const ContactRole = oneOf('ContactRole', CONTACT_ROLES);
export type ContactRole = t.TypeOf<typeof ContactRole>;

const PHONE = /^\+?[0-9(][0-9 ()-]{1,30}[0-9]$/;
/** Digits with an optional leading +, spaces, dashes and brackets: `+86 10 6552-8888`. */
export const Phone = refine(
  t.string,
  (s) => PHONE.test(s),
  'Phone',
  'must be a phone number: digits, spaces, - ( ), an optional leading +',
  { pattern: PHONE.source, maxLength: 33 },
);

const EMAIL = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,63}$/;
export const Email = refine(
  t.string,
  (s) => s.length <= 254 && EMAIL.test(s),
  'Email',
  'must be an email address like name@example.com',
  { pattern: EMAIL.source, maxLength: 254 },
);

/** The personal part of a contact: erasable, never read by a rule. */
export const ContactDetails = struct(
  'ContactDetails',
  { name: NonEmptyString },
  { phone: Phone, email: Email },
);
export type ContactDetails = t.TypeOf<typeof ContactDetails>;

/** Where the Account's events keep personal data, for the adapter that encrypts and erases it. */
export const accountPersonalData: readonly PersonalDataField[] = [
  { eventType: 'ContactAdded', field: 'personal', subjectField: 'contactId' },
];

/** A contact id is the account's for good: one removed is not added again under the same id. */
export const addContact = ({ data }: AddContact, account: RegisteredAccount): Decision<AccountEvent> => {
  const { accountId } = account;
  const known = lookup(account.contacts, data.contactId);
  if (known !== undefined) {
    return reject('CONTACT_ALREADY_EXISTS', `Contact ${data.contactId} exists already`, {
      accountId,
      contactId: data.contactId,
      removed: known.removed,
    });
  }
  return accept({
    type: 'ContactAdded',
    data: {
      accountId,
      contactId: data.contactId,
      role: data.role,
      personal: {
        name: data.name,
        ...(data.phone === undefined ? {} : { phone: data.phone }),
        ...(data.email === undefined ? {} : { email: data.email }),
      },
      at: data.at,
    },
  });
};

export const removeContact = (
  { data }: RemoveContact,
  account: RegisteredAccount,
): Decision<AccountEvent> => {
  const { accountId } = account;
  const contact = lookup(account.contacts, data.contactId);
  if (contact === undefined) {
    return reject('UNKNOWN_CONTACT', `Account ${accountId} has no contact ${data.contactId}`, {
      accountId,
      contactId: data.contactId,
    });
  }
  if (contact.removed) {
    return reject('CONTACT_REMOVED', `Contact ${data.contactId} was removed already`, {
      accountId,
      contactId: data.contactId,
    });
  }
  return accept({
    type: 'ContactRemoved',
    data: {
      accountId,
      contactId: data.contactId,
      role: contact.role,
      ...(data.reason === undefined ? {} : { reason: data.reason }),
      at: data.at,
    },
  });
};
