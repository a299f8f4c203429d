// Personal data across `kare export` and `kare import`. An exported line shows the personal object
// opened (or `{ erased: true }`), as every read path does, and carries two extensions so the
// importing store holds exactly what this one holds, with the same hashes:
//   karesealed  the envelope as stored (the hash covers it, not the plaintext);
//   karekey     the subject's data key (base64) — only while it has one. The line shows the
//               plaintext anyway, so the key discloses nothing more than the line does.
// An erased subject travels without a key: the importing store keeps the envelope, has no key
// to open it with, and shows it erased too. An export cannot bring erased data back.
import { isErased } from '../../domain/kernel/index.js';
import type { DataKey, JsonObject, KeyStore, StoredEvent } from '../ports.js';
import type { PersonalDataFields } from './personal-data-fields.js';
import { isSealed, type Sealed } from './sealed.js';
import { openedWith, sealedOf } from './sealing-store.js';

export const SEALED_EXTENSION = 'karesealed';
export const KEY_EXTENSION = 'karekey';

/** A data key an exported line brings for its subject. */
export interface KeyTransfer {
  readonly subject: string;
  readonly key: DataKey;
}

/** An event as stored, as an export shows it, and the extensions its line carries. */
export const exportedForm = async (
  stored: StoredEvent,
  fields: PersonalDataFields,
  keys: KeyStore,
): Promise<{ readonly event: StoredEvent; readonly extensions: JsonObject }> => {
  const sealed = sealedOf(fields, stored);
  if (sealed === undefined) return { event: stored, extensions: {} };
  const key = await keys.get(sealed.subject);
  const event = openedWith(fields, stored, sealed, key);
  const erased = isErased(event.data[fields.get(stored.type)!.field]);
  return {
    event,
    extensions: {
      [SEALED_EXTENSION]: sealed,
      ...(key === undefined || erased ? {} : { [KEY_EXTENSION]: Buffer.from(key).toString('base64') }),
    },
  };
};

/**
 * The event an exported line describes, as the exporting store held it (its envelope back in
 * place, so its hash holds), and the key it brings. Throws (a message for the line) when the
 * extensions don't fit the event.
 */
export const storedForm = (
  line: Readonly<Record<string, unknown>>,
  event: StoredEvent,
  fields: PersonalDataFields,
): { readonly event: StoredEvent; readonly key?: KeyTransfer } => {
  const sealed: unknown = line[SEALED_EXTENSION];
  const key: unknown = line[KEY_EXTENSION];
  if (sealed === undefined) {
    if (key !== undefined) throw new Error(`${KEY_EXTENSION} comes without ${SEALED_EXTENSION}`);
    return { event };
  }
  const field = fields.get(event.type);
  if (field === undefined)
    throw new Error(`${event.type} keeps no personal data, yet has ${SEALED_EXTENSION}`);
  if (!isSealed(sealed)) throw new Error(`${SEALED_EXTENSION} is not a sealed personal object`);
  if (sealed.subject !== event.data[field.subjectField])
    throw new Error(`${SEALED_EXTENSION} is sealed for ${sealed.subject}, not for this event's subject`);
  const stored: StoredEvent = { ...event, data: { ...event.data, [field.field]: sealed as Sealed } };
  if (key === undefined) return { event: stored };
  const bytes =
    typeof key === 'string' && /^[A-Za-z0-9+/]{43}=$/.test(key) ? Buffer.from(key, 'base64') : undefined;
  if (bytes?.length !== 32) throw new Error(`${KEY_EXTENSION} is not a 32-byte key in base64`);
  return { event: stored, key: { subject: sealed.subject, key: new Uint8Array(bytes) } };
};
