// The webhook store contract: one suite, run against every adapter (memory, SQLite, PostgreSQL).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryAttempt, Webhook, WebhookStore } from '../../src/ports.js';

export interface WebhookStoreFactory {
  readonly name: string;
  /** A store keeping at most `keep` attempts per webhook. */
  create(keep: number): Promise<{ readonly store: WebhookStore; cleanup(): Promise<void> }>;
}

/** Beyond 2^53: a position that went through a Number would come back changed. */
const BIG = 2n ** 53n + 7n;
const KEEP = 5;

const webhook = (id: string, overrides: Partial<Webhook> = {}): Webhook => ({
  id,
  url: `https://example.com/hooks/${id}`,
  filter: { categories: ['account'], types: ['AccountRegistered', 'TierChanged'] },
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  state: 'active',
  createdAt: '2026-05-04T09:00:00.000Z',
  updatedAt: '2026-05-04T09:00:00.000Z',
  ...overrides,
});

const attempt = (
  webhookId: string,
  n: number,
  overrides: Partial<DeliveryAttempt> = {},
): DeliveryAttempt => ({
  webhookId,
  eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  eventType: 'AccountRegistered',
  position: BIG + BigInt(n),
  attempt: 1,
  at: '2026-05-04T09:00:01.000Z',
  ok: false,
  status: 503,
  error: 'the target answered 503',
  durationMs: 12,
  ...overrides,
});

/** An attempt the target took: a status, no error. */
const taken = (webhookId: string, n: number, overrides: Partial<DeliveryAttempt> = {}): DeliveryAttempt => {
  const { error: _none, ...rest } = attempt(webhookId, n, { ok: true, status: 200, ...overrides });
  return rest;
};

export const webhookStoreContract = (factory: WebhookStoreFactory): void => {
  describe(`webhook store contract: ${factory.name}`, () => {
    let subject: Awaited<ReturnType<WebhookStoreFactory['create']>>;
    let store: WebhookStore;
    beforeEach(async () => {
      subject = await factory.create(KEEP);
      store = subject.store;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    it('gives back a webhook as it was created, and none for an unknown id', async () => {
      await store.create(webhook('w1'));
      expect(await store.get('w1')).toEqual(webhook('w1'));
      expect(await store.get('w2')).toBeUndefined();
    });

    it('lists every webhook, oldest first', async () => {
      await store.create(webhook('b', { createdAt: '2026-05-04T09:00:00.000Z' }));
      await store.create(webhook('a', { createdAt: '2026-05-04T10:00:00.000Z', filter: {} }));
      expect((await store.list()).map((w) => w.id)).toEqual(['b', 'a']);
      expect((await store.list())[1]!.filter).toEqual({});
    });

    it('changes only the fields given, and keeps a disabled reason only while disabled', async () => {
      await store.create(webhook('w1'));
      const paused = await store.update('w1', { state: 'paused', updatedAt: '2026-05-04T11:00:00.000Z' });
      expect(paused).toEqual({ ...webhook('w1'), state: 'paused', updatedAt: '2026-05-04T11:00:00.000Z' });
      const disabled = await store.update('w1', {
        state: 'disabled',
        disabledReason: 'refused for 24 h',
        url: 'https://example.org/other',
        filter: { types: ['AccountLost'] },
        updatedAt: '2026-05-04T12:00:00.000Z',
      });
      expect(disabled).toMatchObject({
        state: 'disabled',
        disabledReason: 'refused for 24 h',
        url: 'https://example.org/other',
        filter: { types: ['AccountLost'] },
      });
      const resumed = await store.update('w1', { state: 'active', updatedAt: '2026-05-04T13:00:00.000Z' });
      expect(resumed).not.toHaveProperty('disabledReason');
      expect(await store.get('w1')).toEqual(resumed);
      expect(
        await store.update('nope', { state: 'paused', updatedAt: '2026-05-04T13:00:00.000Z' }),
      ).toBeUndefined();
    });

    it('replaces the stored secret when a change gives one, and keeps it otherwise', async () => {
      await store.create(webhook('w1'));
      const other = 'sealed:v1:c29tZXRoaW5nIGVsc2U=';
      await store.update('w1', { secret: other, updatedAt: '2026-05-04T09:00:00.000Z' });
      expect(await store.get('w1')).toEqual({ ...webhook('w1'), secret: other });
      await store.update('w1', { state: 'paused', updatedAt: '2026-05-04T10:00:00.000Z' });
      expect((await store.get('w1'))?.secret).toBe(other);
    });

    it('keeps a replay request (a bigint beyond 2^53 intact) through other changes until cleared', async () => {
      await store.create(webhook('w1'));
      await store.create(webhook('w2', { replayFrom: 0n }));
      expect(await store.get('w1')).not.toHaveProperty('replayFrom');
      expect((await store.get('w2'))?.replayFrom).toBe(0n);
      const asked = await store.update('w1', { replayFrom: BIG, updatedAt: '2026-05-04T10:00:00.000Z' });
      expect(asked).toEqual({ ...webhook('w1'), replayFrom: BIG, updatedAt: '2026-05-04T10:00:00.000Z' });
      await store.update('w1', { state: 'paused', updatedAt: '2026-05-04T11:00:00.000Z' });
      expect((await store.get('w1'))?.replayFrom).toBe(BIG);
      expect((await store.list()).map((w) => w.replayFrom)).toEqual([BIG, 0n]);
    });

    it('clears a replay request only while it is still the one seen, its updatedAt kept', async () => {
      await store.create(webhook('w1'));
      await store.update('w1', { replayFrom: BIG, updatedAt: '2026-05-04T10:00:00.000Z' });
      // Asked again meanwhile (another server): clearing the one seen before leaves the new one.
      await store.update('w1', { replayFrom: 3n, updatedAt: '2026-05-04T10:00:01.000Z' });
      expect(await store.clearReplay('w1', BIG)).toBe(false);
      expect((await store.get('w1'))?.replayFrom).toBe(3n);
      expect(await store.clearReplay('w1', 3n)).toBe(true);
      expect(await store.get('w1')).toEqual({ ...webhook('w1'), updatedAt: '2026-05-04T10:00:01.000Z' });
      expect(await store.clearReplay('w1', 3n)).toBe(false);
      expect(await store.clearReplay('nope', 3n)).toBe(false);
    });

    it('answers a webhook’s attempts newest first, a bigint beyond 2^53 intact, apart from other webhooks', async () => {
      await store.create(webhook('w1'));
      await store.create(webhook('w2'));
      await store.recordAttempt(attempt('w1', 1));
      await store.recordAttempt(taken('w2', 2, { status: 204 }));
      await store.recordAttempt(taken('w1', 3, { attempt: 2 }));
      const page = await store.attempts('w1', { limit: 10 });
      expect(page.next).toBeUndefined();
      expect(page.items.map(({ seq: _seq, ...a }) => a)).toEqual([
        taken('w1', 3, { attempt: 2 }),
        attempt('w1', 1),
      ]);
      expect(page.items[0]).not.toHaveProperty('error');
      expect(page.items[0]!.position).toBe(BIG + 3n);
      expect(page.items[0]!.seq).toBeGreaterThan(page.items[1]!.seq);
      expect((await store.attempts('w2', { limit: 10 })).items).toHaveLength(1);
    });

    it('pages the attempts with `before`, and says when there are more', async () => {
      await store.create(webhook('w1'));
      for (let n = 1; n <= 4; n += 1) await store.recordAttempt(attempt('w1', n));
      const first = await store.attempts('w1', { limit: 3 });
      expect(first.items.map((a) => a.position)).toEqual([BIG + 4n, BIG + 3n, BIG + 2n]);
      expect(first.next).toBe(first.items[2]!.seq);
      const second = await store.attempts('w1', { limit: 3, before: first.next! });
      expect(second.items.map((a) => a.position)).toEqual([BIG + 1n]);
      expect(second.next).toBeUndefined();
    });

    it('keeps only the most recent attempts of each webhook (bounded storage)', async () => {
      await store.create(webhook('w1'));
      await store.create(webhook('w2'));
      await store.recordAttempt(attempt('w2', 100));
      for (let n = 1; n <= KEEP + 7; n += 1) await store.recordAttempt(attempt('w1', n));
      const kept = await store.attempts('w1', { limit: 100 });
      expect(kept.items.map((a) => a.position)).toEqual(
        Array.from({ length: KEEP }, (_, i) => BIG + BigInt(KEEP + 7 - i)),
      );
      expect((await store.attempts('w2', { limit: 100 })).items).toHaveLength(1);
    });

    it('removes a webhook with its attempts; removing it again finds none', async () => {
      await store.create(webhook('w1'));
      await store.recordAttempt(attempt('w1', 1));
      expect(await store.remove('w1')).toBe(true);
      expect(await store.get('w1')).toBeUndefined();
      expect((await store.attempts('w1', { limit: 10 })).items).toEqual([]);
      expect(await store.remove('w1')).toBe(false);
    });
  });
};
