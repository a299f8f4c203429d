// Every event type that keeps personal data, and where: what the store boundary seals and opens.
// The domain declares them beside the events (domain/account/contacts.ts).
import { accountPersonalData } from '../../domain/account/index.js';
import type { PersonalDataField } from '../../domain/kernel/index.js';

export const PERSONAL_DATA_FIELDS: readonly PersonalDataField[] = [...accountPersonalData];

export type PersonalDataFields = ReadonlyMap<string, PersonalDataField>;

export const personalDataFields = (
  fields: readonly PersonalDataField[] = PERSONAL_DATA_FIELDS,
): PersonalDataFields => new Map(fields.map((field) => [field.eventType, field]));
