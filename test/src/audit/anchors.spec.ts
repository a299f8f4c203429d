// Anchors on the memory store: what an anchor records (the changed heads, a root over every head
// chained from the previous root), that nothing new writes nothing, that a big delta is split,
// that two writers agree, and what a verification finds against them: a truncated stream, a
// dropped one, one replaced by another chain, and an anchor stream that does not hold.
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../../adapters/memory/event-store.js';
import {
  ANCHOR_EVENT,
  ANCHOR_STREAM,
  AnchorStreamBroken,
  GENESIS_ROOT,
  MAX_HEADS_PER_ANCHOR,
  anchorEventId,
  anchorRoot,
  createAnchors,
  createChainGuard,
  verifyAll,
  verifyStream,
  type Anchors,
} from '../../../src/audit/index.js';
import type { EventStore, StoredEvent } from '../../../src/ports.js';
import { collect, newEvent } from '../../contracts/event-store.contract.js';
import { hiding } from './hiding-store.js';

const INITIAL_POSITION = 2n ** 53n + 7n;
const fresh = (): EventStore => createMemoryEventStore({ initialPosition: INITIAL_POSITION });

const write = async (store: EventStore, streamId: string, count = 1): Promise<void> => {
  const events = Array.from({ length: count }, (_, i) => newEvent('Noted', { i }));
  await store.append(streamId, events, { expectedRevision: 'any' });
};

const anchorsOf = async (store: EventStore): Promise<StoredEvent[]> =>
  collect(store.readStream(ANCHOR_STREAM));

const headsOf = async (store: EventStore, ...streamIds: string[]) => {
  const heads = new Map<string, { revision: bigint; hash: string }>();
  for (const id of streamIds) {
    const [last] = await collect(store.readStream(id, { direction: 'backwards', maxCount: 1 }));
    heads.set(id, { revision: last!.revision, hash: last!.hash });
  }
  return heads;
};

const running: Anchors[] = [];
const anchorsOn = (store: EventStore, refreshMs?: number): Anchors => {
  const anchors = createAnchors({ store, ...(refreshMs === undefined ? {} : { refreshMs }) });
  running.push(anchors);
  return anchors;
};
afterEach(async () => {
  await Promise.all(running.splice(0).map((a) => a.stop()));
});

const until = async (check: () => Promise<boolean>, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('taking anchors', () => {
  it('writes nothing for an empty store', async () => {
    const store = fresh();
    expect(await anchorsOn(store).take()).toEqual({ written: 0, latest: undefined });
    expect(await store.headPosition()).toBe(0n);
  });

  it('records every head and a root over them, then only what changed, chained from the previous root', async () => {
    const store = fresh();
    await write(store, 'account-a', 3);
    await write(store, 'account-b', 2);
    const anchors = anchorsOn(store);
    const first = await anchors.take();
    expect(first.written).toBe(1);
    const heads = await headsOf(store, 'account-a', 'account-b');
    const root0 = anchorRoot(GENESIS_ROOT, heads);
    expect(first.latest).toEqual({ sequence: 0n, position: INITIAL_POSITION + 5n, root: root0, streams: 2 });
    const [stored] = await anchorsOf(store);
    expect(stored).toMatchObject({ eventId: anchorEventId(0n), type: ANCHOR_EVENT, revision: 0n });
    expect(stored!.data).toEqual({
      sequence: '0',
      position: (INITIAL_POSITION + 5n).toString(),
      streams: 2,
      heads: [
        { streamId: 'account-a', revision: '2', hash: heads.get('account-a')!.hash },
        { streamId: 'account-b', revision: '1', hash: heads.get('account-b')!.hash },
      ],
      previousRoot: GENESIS_ROOT,
      root: root0,
    });

    // Nothing new: nothing written, the same anchor.
    expect(await anchors.take()).toEqual({ written: 0, latest: first.latest });

    await write(store, 'account-b');
    await write(store, 'supply-c');
    const second = await anchors.take();
    expect(second.written).toBe(1);
    const now = await headsOf(store, 'account-a', 'account-b', 'supply-c');
    expect(second.latest).toMatchObject({ sequence: 1n, root: anchorRoot(root0, now), streams: 3 });
    const [, delta] = await anchorsOf(store);
    expect(delta!.data['heads']).toEqual([
      { streamId: 'account-b', revision: '2', hash: now.get('account-b')!.hash },
      { streamId: 'supply-c', revision: '0', hash: now.get('supply-c')!.hash },
    ]);
    expect(delta!.data['previousRoot']).toBe(root0);
    expect(await anchors.latest()).toEqual(second.latest);
    expect(await anchors.anchoredHead('account-b')).toEqual({ ...now.get('account-b'), sequence: 1n });
    expect(await anchors.anchoredHead('account-a')).toEqual({ ...heads.get('account-a'), sequence: 0n });

    const summary = await verifyAll(store, { root: root0 });
    expect(summary).toMatchObject({ ok: true, streams: 4, broken: [] });
    expect(summary.anchors).toEqual({
      anchors: 2,
      latest: second.latest,
      root: { given: root0, sequence: 0n },
    });
  });

  it('splits a delta bigger than an anchor takes, each part chained', async () => {
    const store = fresh();
    for (let i = 0; i <= MAX_HEADS_PER_ANCHOR; i += 1)
      await write(store, `account-${String(i).padStart(4, '0')}`);
    const taken = await anchorsOn(store).take();
    expect(taken.written).toBe(2);
    expect(taken.latest).toMatchObject({ sequence: 1n, streams: MAX_HEADS_PER_ANCHOR + 1 });
    const [first, second] = await anchorsOf(store);
    expect((first!.data['heads'] as unknown[]).length).toBe(MAX_HEADS_PER_ANCHOR);
    expect((second!.data['heads'] as unknown[]).length).toBe(1);
    expect((await verifyAll(store)).ok).toBe(true);
  });

  it('anchors a long interleaved history once, in as few parts as its heads need', async () => {
    const store = fresh();
    const streams = Array.from({ length: MAX_HEADS_PER_ANCHOR + 1 }, (_, i) => `account-${i}`);
    // Three rounds over every stream, as a real log interleaves them.
    for (let round = 0; round < 3; round += 1) for (const id of streams) await write(store, id);
    const head = await store.headPosition();
    const taken = await anchorsOn(store).take();
    expect(taken.written).toBe(2);
    const [first, last] = await anchorsOf(store);
    // Only the last part claims the whole history: a crash between parts anchors the rest next time.
    expect(first!.data['position']).toBe('0');
    expect(last!.data['position']).toBe(head.toString());
    expect((await verifyAll(store)).ok).toBe(true);
  });

  it('two writers at once agree on one chain of anchors', async () => {
    const store = fresh();
    await write(store, 'account-a', 2);
    await write(store, 'account-b');
    const [one, other] = [anchorsOn(store), anchorsOn(store)];
    const taken = await Promise.all([one.take(), other.take()]);
    expect(taken.map((t) => t.latest?.sequence)).toEqual([0n, 0n]);
    await write(store, 'account-a');
    await one.take();
    // The other follows what the first wrote before anchoring on top of it.
    await write(store, 'account-b');
    expect((await other.take()).latest?.sequence).toBe(2n);
    const summary = await verifyAll(store);
    expect(summary.ok).toBe(true);
    expect(summary.anchors?.anchors).toBe(3);
  });

  it('follows another writer that anchored between its read and its append, then anchors on top', async () => {
    const store = fresh();
    await write(store, 'account-a');
    const other = anchorsOn(store);
    let raced = false;
    const racing = Object.assign(Object.create(store) as EventStore, {
      append: async (...args: Parameters<EventStore['append']>) => {
        if (args[0] === ANCHOR_STREAM && !raced) {
          raced = true;
          await write(store, 'account-b');
          await other.take();
        }
        return store.append(...args);
      },
    });
    const taken = await anchorsOn(racing).take();
    expect(taken).toMatchObject({ written: 0, latest: { sequence: 0n, streams: 2 } });
    await write(store, 'account-c');
    expect((await anchorsOn(racing).take()).latest).toMatchObject({ sequence: 1n, streams: 3 });
    expect((await verifyAll(store)).ok).toBe(true);
  });

  it('anchors by the schedule: after N events, and on a timer', async () => {
    const store = fresh();
    const byEvents = anchorsOn(store);
    byEvents.start({ everyEvents: 3, everyMs: 0 });
    await write(store, 'account-a', 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await byEvents.latest()).toBeUndefined();
    await write(store, 'account-b');
    await until(async () => (await byEvents.latest()) !== undefined);
    expect((await byEvents.status())?.name).toBe('anchors');
    await byEvents.stop();

    const byTime = anchorsOn(store);
    byTime.start({ everyEvents: 0, everyMs: 20 });
    byTime.start({ everyEvents: 0, everyMs: 20 });
    expect(await byTime.status()).toBeUndefined();
    await write(store, 'account-c');
    await until(async () => (await byTime.latest())?.streams === 3);
  });

  it('refuses to anchor on an anchor stream that does not hold', async () => {
    const store = fresh();
    await write(store, 'account-a');
    await store.append(ANCHOR_STREAM, [newEvent('Bogus')], { expectedRevision: 'no_stream' });
    const errors: unknown[] = [];
    const anchors = createAnchors({ store, onError: (error) => errors.push(error) });
    running.push(anchors);
    await expect(anchors.take()).rejects.toThrow(AnchorStreamBroken);
    anchors.start({ everyEvents: 0, everyMs: 10 });
    await until(async () => errors.length > 0);
    expect(errors[0]).toBeInstanceOf(AnchorStreamBroken);
    const summary = await verifyAll(store);
    expect(summary.broken).toEqual([
      { streamId: ANCHOR_STREAM, brokenAt: 0n, reason: 'Bogus at this revision is not an anchor' },
    ]);
  });
});

describe('verifying against the anchors', () => {
  const book = async () => {
    const store = fresh();
    await write(store, 'account-a', 4);
    await write(store, 'account-b', 2);
    await write(store, 'supply-c', 1);
    await anchorsOn(store).take();
    return store;
  };

  it('finds a truncated stream at its first missing revision and a dropped one at 0', async () => {
    const store = await book();
    const tampered = hiding(
      store,
      (e) => (e.streamId === 'account-a' && e.revision >= 2n) || e.streamId === 'supply-c',
    );
    const summary = await verifyAll(tampered);
    expect(summary.ok).toBe(false);
    expect(summary.streams).toBe(4);
    expect(summary.broken).toEqual([
      {
        streamId: 'account-a',
        brokenAt: 2n,
        reason:
          'the stream ends at revision 1, but anchor #0 recorded its head at revision 3: its last events were deleted',
      },
      {
        streamId: 'supply-c',
        brokenAt: 0n,
        reason: 'the stream has disappeared, but anchor #0 recorded its head at revision 0',
      },
    ]);
    // One stream's verification says the same, given its anchored head.
    const anchors = anchorsOn(tampered);
    expect(await verifyStream(tampered, 'supply-c', await anchors.anchoredHead('supply-c'))).toMatchObject({
      kind: 'verified',
      result: { ok: false, brokenAt: 0n },
    });
    expect(await verifyStream(tampered, 'supply-c')).toEqual({
      kind: 'stream_not_found',
      streamId: 'supply-c',
    });
  });

  it('finds a stream replaced by another chain at the anchored revision', async () => {
    const store = await book();
    const other = fresh();
    await write(other, 'account-b', 3);
    const summary = await verifyAll(hiding(store, () => false, new Map([['account-b', other]])));
    expect(summary.broken).toEqual([
      {
        streamId: 'account-b',
        brokenAt: 1n,
        reason: 'revision 1 is not the event anchor #0 recorded (another hash)',
      },
    ]);
  });

  it('finds an anchor that does not chain, or whose root does not fit its heads', async () => {
    const store = await book();
    const [anchor] = await anchorsOf(store);
    const data = anchor!.data;
    await store.append(
      ANCHOR_STREAM,
      [
        {
          ...newEvent(ANCHOR_EVENT, {
            ...data,
            sequence: '5',
            previousRoot: GENESIS_ROOT,
            root: 'a'.repeat(64),
          }),
        },
      ],
      { expectedRevision: 0n },
    );
    const summary = await verifyAll(store, { root: 'b'.repeat(64) });
    expect(summary.broken.map((b) => [b.streamId, b.brokenAt, b.reason])).toEqual([
      [ANCHOR_STREAM, 1n, 'the anchor says it is #5, not #1'],
      [ANCHOR_STREAM, 1n, expect.stringContaining('does not chain from the previous anchor')],
      [ANCHOR_STREAM, 1n, 'the anchor root does not match the heads it covers'],
    ]);
    expect(summary.anchors?.root).toEqual({ given: 'b'.repeat(64), sequence: undefined });
  });

  it('counts the streams an anchor covers against its heads', async () => {
    const store = await book();
    const [anchor] = await anchorsOf(store);
    const heads = await headsOf(store, 'account-a', 'account-b', 'supply-c');
    const root = anchorRoot(anchor!.data['root'] as string, heads);
    await store.append(
      ANCHOR_STREAM,
      [
        newEvent(ANCHOR_EVENT, {
          ...anchor!.data,
          sequence: '1',
          previousRoot: anchor!.data['root'] as string,
          heads: [],
          streams: 9,
          root,
        }),
      ],
      { expectedRevision: 0n },
    );
    expect((await verifyAll(store)).broken).toEqual([
      { streamId: ANCHOR_STREAM, brokenAt: 1n, reason: 'the anchor covers 3 streams, not 9' },
    ]);
  });

  it('says which root was asked for even when there is no anchor', async () => {
    const store = fresh();
    await write(store, 'account-a');
    expect(await verifyAll(store, { root: 'c'.repeat(64) })).toEqual({
      streams: 1,
      ok: true,
      broken: [],
      anchors: { anchors: 0, latest: undefined, root: { given: 'c'.repeat(64), sequence: undefined } },
    });
  });
});

describe('the chain guard', () => {
  it('knows remembered breaks and heads behind their anchors, and forgets a stream found whole', async () => {
    const store = fresh();
    await write(store, 'account-a', 3);
    await write(store, 'account-b', 1);
    const anchors = anchorsOn(store, 0);
    await anchors.take();
    const tampered = hiding(store, (e) => e.streamId === 'account-a' && e.revision === 2n);
    const guard = createChainGuard({ store: tampered, anchors });
    expect(await guard.before('account-b')).toEqual({ anchored: expect.objectContaining({ revision: 0n }) });
    const [broken] = await guard.breaksOf(['account-a', 'account-b', 'account-nobody']).then((b) => [...b]);
    expect(broken).toMatchObject({ streamId: 'account-a', brokenAt: 2n });
    expect((await guard.before('account-a')).broken).toEqual(broken);
    guard.forget('account-a');
    expect((await guard.before('account-a')).broken).toBeUndefined();
    guard.found({ streamId: 'account-x', brokenAt: 4n, reason: 'edited' });
    expect(await createChainGuard({ store }).breaksOf(['account-a'])).toEqual([]);
  });
});
