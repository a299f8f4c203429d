// The personal-data keys in memory: for tests and examples.
import { randomBytes } from 'node:crypto';
import type { DataKey, KeyStore } from '../../src/ports.js';

const KEY_BYTES = 32;

/** `newKey` makes a subject's new key (default: 32 random bytes). */
export const createMemoryKeyStore = (
  newKey: (subject: string) => DataKey = () => new Uint8Array(randomBytes(KEY_BYTES)),
): KeyStore => {
  const keys = new Map<string, DataKey>();
  const erased = new Map<string, string>();
  const sameKey = (a: DataKey, b: DataKey): boolean => Buffer.from(a).equals(b);
  return {
    keyFor: async (subject) => {
      if (erased.has(subject)) return undefined;
      let key = keys.get(subject);
      if (key === undefined) {
        key = newKey(subject);
        keys.set(subject, key);
      }
      return key;
    },
    get: async (subject) => keys.get(subject),
    adopt: async (subject, key) => {
      if (key.length !== KEY_BYTES) throw new Error(`A data key is ${KEY_BYTES} bytes, not ${key.length}`);
      if (erased.has(subject)) return 'erased';
      const known = keys.get(subject);
      if (known !== undefined) return sameKey(known, key) ? 'present' : 'conflict';
      keys.set(subject, new Uint8Array(key));
      return 'adopted';
    },
    erase: async (subject, at) => {
      if (erased.has(subject)) return 'already';
      if (!keys.delete(subject)) return 'unknown';
      erased.set(subject, at);
      return 'erased';
    },
    erased: async () => [...erased].map(([subject, at]) => ({ subject, at })),
    close: async () => undefined,
  };
};
