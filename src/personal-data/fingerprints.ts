// The idempotency fingerprint of a command carrying personal data, made erasable. A keyed
// request's fingerprint (a sha256 of the body as sent: name, phone, email included) is kept with
// its claim for good, so a guessed phone number could be confirmed against it long after the
// contact was erased. Here it is kept as an HMAC under the subject's data key instead: a retry
// with the same body gives the same value while the key lives; once the key is erased the value
// says nothing about the person.
// Why key the digest, not clear it at erasure: the claims live in the event store, and on
// EventStoreDB they are events (immutable), so there is nothing to clear; and keying the whole
// digest, rather than each personal field of the body, needs no knowledge of the body's shape
// (the HTTP body has them flat), so the fingerprint the HTTP adapter makes works unchanged.
import { randomBytes } from 'node:crypto';
import type { FingerprintKeying } from '../commands/request-fingerprint.js';
import { keyedFingerprint } from '../commands/request-fingerprint.js';
import type { KeyStore } from '../ports.js';

/**
 * The commands whose body carries a data subject's personal data, and the field naming the
 * subject: the commands of the events in PERSONAL_DATA_FIELDS (personal-data-fields.ts).
 */
export const PERSONAL_DATA_COMMANDS: ReadonlyMap<string, string> = new Map([['AddContact', 'contactId']]);

export const fingerprintsKeyedBy =
  (keys: KeyStore, commands: ReadonlyMap<string, string> = PERSONAL_DATA_COMMANDS): FingerprintKeying =>
  async (command, fingerprint) => {
    const subjectField = commands.get(command.type);
    if (subjectField === undefined) return fingerprint;
    const subject = (command.data as Record<string, unknown>)[subjectField];
    if (typeof subject !== 'string') return fingerprint;
    // The key the append will seal with (made now when new, as the append would).
    const key = await keys.keyFor(subject);
    // An erased subject: what the request was can't be told any more, so it matches nothing.
    return keyedFingerprint(fingerprint, key ?? randomBytes(32));
  };
