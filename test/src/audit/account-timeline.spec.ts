import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  accountTimeline,
  type AccountTimeline,
  type AccountTimelinePage,
} from '../../../src/audit/account-timeline.js';
import type { StoredEvent } from '../../../src/ports.js';
import { collect } from '../../contracts/event-store.contract.js';
import { createMemoryStreamIndex, type MemoryStreamIndex } from '../../support/memory-stream-index.js';
import {
  ACCOUNT,
  AGREEMENT,
  COMMITMENT,
  commands,
  writeAccountBook,
  writeLongAccount,
  writer,
  type Writer,
} from './account-book.js';
import { countingStore } from './counting-store.js';
import { AUDIT_STORES, type AuditSubject } from './stores.js';

const page = (timeline: AccountTimeline): AccountTimelinePage => {
  if (timeline.kind !== 'page') throw new Error(`expected a page, got ${timeline.kind}`);
  return timeline;
};

const ACCOUNT_STREAMS = [`account-${ACCOUNT}`, `agreement-${AGREEMENT}`, `supply-${COMMITMENT}`];
const OTHER = 'globex';

describe.each(AUDIT_STORES)('account timeline on $name', (factory) => {
  let subject: AuditSubject;
  let write: Writer;
  let index: MemoryStreamIndex;
  /** What the timeline must be: the account's events from $all, in its order. */
  let expected: StoredEvent[];

  beforeEach(async () => {
    subject = factory.create();
    write = writer(subject.store, subject.snapshots);
    index = createMemoryStreamIndex();
    index.link(ACCOUNT, `agreement-${AGREEMENT}`);
    index.link(ACCOUNT, `supply-${COMMITMENT}`);
    // Another account's events interleave with this one's: the timeline must leave them out.
    await write.send('account', OTHER, commands.register(OTHER));
    await writeAccountBook(write);
    await write.send('account', OTHER, commands.assignManager('mgr-zhou'));
    await write.send('account', ACCOUNT, commands.openRequest('sr-1'));
    expected = (await collect(subject.store.readAll())).filter((e) => ACCOUNT_STREAMS.includes(e.streamId));
  });
  afterEach(() => subject.cleanup());

  it("merges the account's, its agreement's and its commitment's events in global-position order", async () => {
    const timeline = page(await accountTimeline(subject.store, index, ACCOUNT));
    expect(timeline.streams).toEqual(ACCOUNT_STREAMS);
    expect(new Set(timeline.events.map((e) => e.streamId))).toEqual(new Set(ACCOUNT_STREAMS));
    expect(timeline.events).toEqual(expected);
    expect(timeline.events).toHaveLength(12);
    expect(timeline.next).toBeUndefined();
    const positions = timeline.events.map((e) => e.globalPosition);
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    // Who, when, why travel with every event.
    expect(timeline.events.find((e) => e.type === 'CommitmentCreated')?.metadata.actor).toBe('carol');
  });

  it.each([1, 2, 3, 5, 11, 12, 13])(
    'pages by the position cursor without gaps or repeats (%i a page)',
    async (limit) => {
      const seen: StoredEvent[] = [];
      let after: bigint | undefined;
      for (let pages = 0; pages < 20; pages += 1) {
        const current = page(
          await accountTimeline(subject.store, index, ACCOUNT, {
            limit,
            ...(after === undefined ? {} : { after }),
          }),
        );
        expect(current.events.length).toBeLessThanOrEqual(limit);
        seen.push(...current.events);
        if (current.next === undefined) break;
        expect(current.next).toBe(current.events.at(-1)?.globalPosition);
        after = current.next;
      }
      expect(seen).toEqual(expected);
    },
  );

  it('starts after any position, even one of another account', async () => {
    const all = await collect(subject.store.readAll());
    const otherManager = all.find((e) => e.streamId === `account-${OTHER}` && e.revision === 1n)!;
    const rest = page(
      await accountTimeline(subject.store, index, ACCOUNT, { after: otherManager.globalPosition }),
    );
    expect(rest.events).toEqual(expected.filter((e) => e.globalPosition > otherManager.globalPosition));
    expect(rest.events).toHaveLength(1);

    const end = page(
      await accountTimeline(subject.store, index, ACCOUNT, { after: expected.at(-1)!.globalPosition }),
    );
    expect(end.events).toEqual([]);
    expect(end.next).toBeUndefined();
  });

  it("shows the account's own stream even before the index lists it", async () => {
    const timeline = page(await accountTimeline(subject.store, createMemoryStreamIndex(), ACCOUNT));
    expect(timeline.streams).toEqual([`account-${ACCOUNT}`]);
    expect(timeline.events).toEqual(expected.filter((e) => e.streamId === `account-${ACCOUNT}`));
  });

  it('answers account_not_found for an account without a stream', async () => {
    expect(await accountTimeline(subject.store, index, 'nobody')).toEqual({
      kind: 'account_not_found',
      accountId: 'nobody',
    });
  });

  it('reads about a page, not whole streams, to return a page from the middle', async () => {
    await writeLongAccount(write, 'long', 300);
    index.link('long', `agreement-${AGREEMENT}`);
    const counting = countingStore(subject.store);
    const all = await collect(subject.store.readAll());
    const middle = all.filter((e) => e.streamId === 'account-long')[150]!;

    const current = page(
      await accountTimeline(counting.store, index, 'long', { after: middle.globalPosition, limit: 5 }),
    );
    expect(current.events.map((e) => e.revision)).toEqual([151n, 152n, 153n, 154n, 155n]);
    // 2 streams: a last event each, about log2(300) probes, at most a page and one each.
    expect(counting.streamEventsRead()).toBeLessThan(40);
  });
});
