// The checkpoint store contract: one suite, run against every adapter (memory, SQLite).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckpointStore } from '../../src/ports.js';

export interface CheckpointStoreFactory {
  readonly name: string;
  create(): Promise<{ readonly store: CheckpointStore; cleanup(): Promise<void> }>;
}

/** Beyond 2^53: a position that went through a Number would come back changed. */
const BIG = 2n ** 53n + 7n;

export const checkpointStoreContract = (factory: CheckpointStoreFactory): void => {
  describe(`checkpoint store contract: ${factory.name}`, () => {
    let subject: Awaited<ReturnType<CheckpointStoreFactory['create']>>;
    let store: CheckpointStore;
    beforeEach(async () => {
      subject = await factory.create();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    it('has none for a consumer that never saved one', async () => {
      expect(await store.load('process:never')).toBeUndefined();
    });

    it('gives back the position saved, a bigint beyond 2^53 intact', async () => {
      await store.save('process:account-lost', BIG);
      expect(await store.load('process:account-lost')).toBe(BIG);
    });

    it('answers the last position saved', async () => {
      await store.save('webhooks', 10n);
      await store.save('webhooks', BIG);
      expect(await store.load('webhooks')).toBe(BIG);
    });

    it('keeps consumers apart', async () => {
      await store.save('process:account-lost', 5n);
      await store.save('webhooks', 9n);
      expect(await store.load('process:account-lost')).toBe(5n);
      expect(await store.load('webhooks')).toBe(9n);
    });

    it('keeps a checkpoint at 0n apart from none', async () => {
      await store.save('webhooks', 0n);
      expect(await store.load('webhooks')).toBe(0n);
    });
  });
};
