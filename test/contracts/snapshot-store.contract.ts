// The snapshot store contract: one suite, run against every adapter (memory, SQLite).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Snapshot, SnapshotStore } from '../../src/ports.js';

export interface SnapshotStoreFactory {
  readonly name: string;
  create(): Promise<{ readonly store: SnapshotStore; cleanup(): Promise<void> }>;
}

const BIG = 2n ** 53n + 7n;

const snapshot = (revision: bigint, overrides: Partial<Snapshot> = {}): Snapshot => ({
  streamId: 'account-1',
  revision,
  recordedAt: `2026-03-${String(1 + Number(revision % 28n)).padStart(2, '0')}T09:00:00.000Z`,
  stateVersion: 1,
  state: {
    revision: Number(revision),
    tier: 'A',
    managers: ['m-1', 'm-2'],
    nested: { ok: true, none: null },
  },
  ...overrides,
});

export const snapshotStoreContract = (factory: SnapshotStoreFactory): void => {
  describe(`snapshot store contract: ${factory.name}`, () => {
    let subject: Awaited<ReturnType<SnapshotStoreFactory['create']>>;
    let store: SnapshotStore;
    beforeEach(async () => {
      subject = await factory.create();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    it('has none for a stream never snapshotted', async () => {
      expect(await store.latest('account-none', { stateVersion: 1 })).toBeUndefined();
    });

    it('gives back the state as saved, its JSON and its bigint revision intact', async () => {
      const saved = snapshot(BIG);
      await store.save(saved);
      expect(await store.latest('account-1', { stateVersion: 1 })).toEqual(saved);
    });

    it('keeps one per interval and answers the latest', async () => {
      for (const revision of [99n, 199n, 299n]) await store.save(snapshot(revision));
      expect((await store.latest('account-1', { stateVersion: 1 }))?.revision).toBe(299n);
    });

    it('answers the latest at or before a revision', async () => {
      for (const revision of [99n, 199n, 299n]) await store.save(snapshot(revision));
      expect((await store.latest('account-1', { stateVersion: 1, maxRevision: 250n }))?.revision).toBe(199n);
      expect((await store.latest('account-1', { stateVersion: 1, maxRevision: 199n }))?.revision).toBe(199n);
      expect(await store.latest('account-1', { stateVersion: 1, maxRevision: 98n })).toBeUndefined();
    });

    it('answers the latest recorded at or before a time', async () => {
      await store.save(snapshot(99n, { recordedAt: '2026-01-31T23:59:59.999Z' }));
      await store.save(snapshot(199n, { recordedAt: '2026-02-28T12:00:00.000Z' }));
      const at = (recordedAtOrBefore: string) =>
        store.latest('account-1', { stateVersion: 1, recordedAtOrBefore }).then((s) => s?.revision);
      expect(await at('2026-02-28T12:00:00.000Z')).toBe(199n);
      expect(await at('2026-02-28T11:59:59.999Z')).toBe(99n);
      expect(await at('2026-01-01T00:00:00.000Z')).toBeUndefined();
    });

    it('applies both bounds together', async () => {
      await store.save(snapshot(99n, { recordedAt: '2026-01-10T00:00:00.000Z' }));
      await store.save(snapshot(199n, { recordedAt: '2026-01-20T00:00:00.000Z' }));
      await store.save(snapshot(299n, { recordedAt: '2026-01-30T00:00:00.000Z' }));
      const found = await store.latest('account-1', {
        stateVersion: 1,
        maxRevision: 250n,
        recordedAtOrBefore: '2026-01-15T00:00:00.000Z',
      });
      expect(found?.revision).toBe(99n);
    });

    it('never answers with a snapshot of another state version', async () => {
      await store.save(snapshot(99n, { stateVersion: 1 }));
      await store.save(snapshot(199n, { stateVersion: 2, state: { shape: 'new' } }));
      expect((await store.latest('account-1', { stateVersion: 1 }))?.revision).toBe(99n);
      expect(await store.latest('account-1', { stateVersion: 2 })).toMatchObject({
        revision: 199n,
        stateVersion: 2,
        state: { shape: 'new' },
      });
      expect(await store.latest('account-1', { stateVersion: 3 })).toBeUndefined();
    });

    it('replaces a snapshot saved again at the same revision and version', async () => {
      await store.save(snapshot(99n, { state: { take: 1 } }));
      await store.save(snapshot(99n, { state: { take: 2 } }));
      expect((await store.latest('account-1', { stateVersion: 1 }))?.state).toEqual({ take: 2 });
    });

    it('keeps streams apart', async () => {
      await store.save(snapshot(99n, { streamId: 'account-1' }));
      await store.save(snapshot(199n, { streamId: 'account-2' }));
      expect((await store.latest('account-1', { stateVersion: 1 }))?.revision).toBe(99n);
      expect((await store.latest('account-2', { stateVersion: 1 }))?.revision).toBe(199n);
    });
  });
};
