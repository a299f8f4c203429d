// The engine's personal-data service: erasing a data subject (a contact) deletes its key, and
// from then on every read path shows its personal fields as `{ erased: true }`. It also hands
// `kare export` what it needs to move sealed personal data with its key (export-form.ts).
import type { Clock, EventStore, KeyStore } from '../ports.js';
import { personalDataFields, type PersonalDataFields } from './personal-data-fields.js';

/** What an erasure found: erased now, erased before (with when), or no such subject here. */
export type Erasure =
  | { readonly outcome: 'erased' | 'already'; readonly subject: string; readonly erasedAt: string }
  | { readonly outcome: 'unknown'; readonly subject: string };

export interface PersonalData {
  /** Deletes the subject's key for good; a second erasure answers 'already'. */
  erase(subject: string): Promise<Erasure>;
  readonly keys: KeyStore;
  /** The event store as stored, personal data sealed: for export only. */
  readonly sealedStore: EventStore;
  readonly fields: PersonalDataFields;
}

export interface PersonalDataWiring {
  readonly keys: KeyStore;
  readonly sealedStore: EventStore;
  readonly clock: Clock;
  readonly fields?: PersonalDataFields;
}

export const createPersonalData = ({
  keys,
  sealedStore,
  clock,
  fields,
}: PersonalDataWiring): PersonalData => ({
  keys,
  sealedStore,
  fields: fields ?? personalDataFields(),
  erase: async (subject) => {
    const outcome = await keys.erase(subject, clock.now());
    if (outcome === 'unknown') return { outcome, subject };
    const erasedAt = (await keys.erased()).find((erasure) => erasure.subject === subject)?.at;
    return { outcome, subject, erasedAt: erasedAt ?? clock.now() };
  },
});
