// The key store contract (personal-data keys, one per data subject): one suite, run against
// every adapter (memory, SQLite, PostgreSQL).
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KeyStore } from '../../src/ports.js';

export interface KeyStoreFactory {
  readonly name: string;
  create(): Promise<{ readonly store: KeyStore; cleanup(): Promise<void> }>;
}

const AT = '2026-05-04T09:00:00.000Z';
const LATER = '2026-05-05T10:00:00.000Z';

export const keyStoreContract = (factory: KeyStoreFactory): void => {
  describe(`key store contract: ${factory.name}`, () => {
    let store: KeyStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await factory.create());
    });
    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    it('makes a 32-byte key on first use and gives the same one after', async () => {
      expect(await store.get('ct-chen')).toBeUndefined();
      const key = await store.keyFor('ct-chen');
      expect(key).toHaveLength(32);
      expect(Buffer.from((await store.keyFor('ct-chen'))!)).toEqual(Buffer.from(key!));
      expect(Buffer.from((await store.get('ct-chen'))!)).toEqual(Buffer.from(key!));
    });

    it('gives each subject its own key', async () => {
      const chen = await store.keyFor('ct-chen');
      const li = await store.keyFor('ct-li');
      expect(Buffer.from(chen!).equals(Buffer.from(li!))).toBe(false);
    });

    it('erases a key for good: get and keyFor give none after, the erasure is listed with its time', async () => {
      await store.keyFor('ct-chen');
      await store.keyFor('ct-li');
      expect(await store.erase('ct-chen', AT)).toBe('erased');
      expect(await store.get('ct-chen')).toBeUndefined();
      expect(await store.keyFor('ct-chen')).toBeUndefined();
      expect(await store.get('ct-li')).toHaveLength(32);
      expect(await store.erased()).toEqual([{ subject: 'ct-chen', at: AT }]);
    });

    it('answers a second erasure with "already", keeping the first time', async () => {
      await store.keyFor('ct-chen');
      await store.erase('ct-chen', AT);
      expect(await store.erase('ct-chen', LATER)).toBe('already');
      expect(await store.erased()).toEqual([{ subject: 'ct-chen', at: AT }]);
    });

    it('answers "unknown" for a subject that never had a key, and remembers nothing of it', async () => {
      expect(await store.erase('ct-nobody', AT)).toBe('unknown');
      expect(await store.erased()).toEqual([]);
      expect(await store.keyFor('ct-nobody')).toHaveLength(32);
    });

    it('lists erasures in the order they happened', async () => {
      for (const subject of ['ct-b', 'ct-a', 'ct-c']) await store.keyFor(subject);
      await store.erase('ct-b', AT);
      await store.erase('ct-a', LATER);
      expect((await store.erased()).map((erasure) => erasure.subject)).toEqual(['ct-b', 'ct-a']);
    });

    it('adopts a key made elsewhere, knows it again, and refuses another one for the subject', async () => {
      const key = new Uint8Array(randomBytes(32));
      expect(await store.adopt('ct-chen', key)).toBe('adopted');
      expect(Buffer.from((await store.get('ct-chen'))!)).toEqual(Buffer.from(key));
      expect(await store.adopt('ct-chen', key)).toBe('present');
      expect(await store.adopt('ct-chen', new Uint8Array(randomBytes(32)))).toBe('conflict');
      expect(Buffer.from((await store.get('ct-chen'))!)).toEqual(Buffer.from(key));
    });

    it('keeps an erased subject erased when a key for it is adopted', async () => {
      await store.keyFor('ct-chen');
      await store.erase('ct-chen', AT);
      expect(await store.adopt('ct-chen', new Uint8Array(randomBytes(32)))).toBe('erased');
      expect(await store.get('ct-chen')).toBeUndefined();
    });

    it('refuses to adopt a key that is not 32 bytes', async () => {
      await expect(store.adopt('ct-chen', new Uint8Array(16))).rejects.toThrow(/32 bytes/);
      expect(await store.get('ct-chen')).toBeUndefined();
    });
  });
};
