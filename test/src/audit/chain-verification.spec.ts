import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAll, verifyStream } from '../../../src/audit/chain-verification.js';
import { ACCOUNT, AGREEMENT, COMMITMENT, commands, writeAccountBook, writer } from './account-book.js';
import { eventsOf } from './counting-store.js';
import { AUDIT_STORES, type AuditSubject } from './stores.js';

const STREAMS = [`account-${ACCOUNT}`, `agreement-${AGREEMENT}`, `supply-${COMMITMENT}`, 'account-globex'];

describe.each(AUDIT_STORES)('hash-chain verification on $name', (factory) => {
  let subject: AuditSubject;

  beforeEach(async () => {
    subject = factory.create();
    const write = writer(subject.store, subject.snapshots);
    await writeAccountBook(write);
    await write.send('account', 'globex', commands.register('globex'));
  });
  afterEach(() => subject.cleanup());

  it('verifies one stream: its events and the hash at its head', async () => {
    const events = await eventsOf(subject.store, `account-${ACCOUNT}`);
    expect(await verifyStream(subject.store, `account-${ACCOUNT}`)).toEqual({
      kind: 'verified',
      result: { ok: true, streamId: `account-${ACCOUNT}`, events: 7n, headHash: events.at(-1)!.hash },
    });
  });

  it('answers stream_not_found when verifying a stream without events', async () => {
    expect(await verifyStream(subject.store, 'supply-nothing')).toEqual({
      kind: 'stream_not_found',
      streamId: 'supply-nothing',
    });
  });

  it('finds one altered event in one stream and names its revision', async () => {
    subject.tamper(`agreement-${AGREEMENT}`, 1n, (data) => ({ ...data, signedBy: 'Mr. Nobody' }));
    expect(await verifyStream(subject.store, `agreement-${AGREEMENT}`)).toMatchObject({
      kind: 'verified',
      result: { ok: false, streamId: `agreement-${AGREEMENT}`, brokenAt: 1n },
    });
  });

  it('verifies every stream of the store and says all is well', async () => {
    expect(await verifyAll(subject.store)).toEqual({ streams: STREAMS.length, ok: true, broken: [] });
  });

  it('names the stream and revision of an event altered behind the store’s back', async () => {
    subject.tamper(`supply-${COMMITMENT}`, 1n, (data) => ({ ...data, qty: 90 }));
    subject.tamper(`account-${ACCOUNT}`, 4n, (data) => ({ ...data, tier: 'C' }));
    const summary = await verifyAll(subject.store);
    expect(summary.streams).toBe(STREAMS.length);
    expect(summary.ok).toBe(false);
    expect(summary.broken).toEqual([
      { streamId: `account-${ACCOUNT}`, brokenAt: 4n, reason: expect.stringContaining('hash') },
      { streamId: `supply-${COMMITMENT}`, brokenAt: 1n, reason: expect.stringContaining('hash') },
    ]);
  });

  it('reports progress after each stream, with the total', async () => {
    const calls: [number, number | undefined][] = [];
    await verifyAll(subject.store, { onProgress: (done, total) => calls.push([done, total]) });
    const total = STREAMS.length;
    expect(calls).toEqual([0, 1, 2, 3, 4].map((done) => [done, total]));
  });
});

describe('verification of an empty store', () => {
  it('finds no stream and nothing broken', async () => {
    const subject = AUDIT_STORES[0]!.create();
    try {
      expect(await verifyAll(subject.store)).toEqual({ streams: 0, ok: true, broken: [] });
    } finally {
      await subject.cleanup();
    }
  });
});
