// Personal data (a contact's name, phone, email) is erasable on request while the history stays
// immutable and verifiable (ARCHITECTURE.md, Personal data). An event keeps it in ONE nested
// object and names the data subject it belongs to, so the store boundary can encrypt exactly
// that object with the subject's key, and show it as erased once the key is deleted. Deciders
// never read it: a rule depends on ids and roles only, so erasure changes no decision.
import * as t from 'io-ts';
import { struct } from './codec.js';

/** What a read path shows in place of personal data whose key was deleted. */
export const Erased = struct('Erased', { erased: t.literal(true) });
export type Erased = t.TypeOf<typeof Erased>;
export const ERASED: Erased = { erased: true };

/** An event's personal object: the details as written, or the marker left by erasure. */
export const personalData = <C extends t.Mixed>(details: C) =>
  t.union([details, Erased], `PersonalData<${details.name}>`);

export const isErased = (value: unknown): value is Erased => Erased.is(value);

/** Where an event type keeps personal data: the nested object and the field naming its subject. */
export interface PersonalDataField {
  readonly eventType: string;
  /** The one nested object that holds every personal field of the event (`personal`). */
  readonly field: string;
  /** The field whose value is the data subject's id (`contactId`): the key is per subject. */
  readonly subjectField: string;
}
