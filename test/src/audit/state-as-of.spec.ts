import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemorySnapshotStore } from '../../../adapters/memory/snapshot-store.js';
import { stateAsOf, type StateAsOf, type StateAt } from '../../../src/audit/state-as-of.js';
import { evolveStored } from '../../../src/commands/aggregate.js';
import { AGGREGATES } from '../../../src/commands/aggregates.js';
import type { StoredEvent } from '../../../src/ports.js';
import { ACCOUNT, AGREEMENT, writeAccountBook, writeLongAccount, writer } from './account-book.js';
import { countingStore, eventsOf, recordingSnapshots } from './counting-store.js';
import { AUDIT_STORES, type AuditSubject } from './stores.js';

const STREAM = `account-${ACCOUNT}`;

const found = (result: StateAsOf): StateAt => {
  if (result.kind !== 'state')
    throw new Error(
      `expected a state, got ${JSON.stringify(result, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`,
    );
  return result;
};

/** The state by hand: the account's evolve over the stream's first events. */
const foldAccount = (events: readonly StoredEvent[], upTo: bigint): unknown =>
  events
    .filter((e) => e.revision <= upTo)
    .reduce(
      (state, event) => evolveStored(AGGREGATES.account, state, event),
      AGGREGATES.account.decider.initialState,
    );

const minus1ms = (iso: string): string => new Date(Date.parse(iso) - 1).toISOString();

describe.each(AUDIT_STORES)('state as of a revision or a moment on $name', (factory) => {
  let subject: AuditSubject;
  let events: StoredEvent[];
  let override: StoredEvent;
  let managerChange: StoredEvent;

  beforeEach(async () => {
    subject = factory.create();
    await writeAccountBook(writer(subject.store, subject.snapshots));
    events = await eventsOf(subject.store, STREAM);
    override = events.find((e) => e.type === 'TierOverridden')!;
    managerChange = events.findLast((e) => e.type === 'AccountManagerAssigned')!;
  });
  afterEach(() => subject.cleanup());

  const deps = () => ({ store: subject.store, snapshots: subject.snapshots });

  it('gives the state just before and just after a tier override, equal to folding by hand', async () => {
    const before = found(await stateAsOf(deps(), 'account', ACCOUNT, { revision: override.revision - 1n }));
    const after = found(await stateAsOf(deps(), 'account', ACCOUNT, { revision: override.revision }));
    expect(before.state).toEqual(foldAccount(events, override.revision - 1n));
    expect(after.state).toEqual(foldAccount(events, override.revision));
    expect(before.state).toMatchObject({ override: null });
    expect(after.state).toMatchObject({
      override: { tier: 'A', approvedBy: 'dir-zhao', expiresOn: '2026-08-31', reason: 'strategic account' },
    });
    expect(after).toMatchObject({
      kind: 'state',
      streamId: STREAM,
      revision: override.revision,
      recordedAt: override.recordedAt,
      position: override.globalPosition,
    });
  });

  it('gives the manager as it was at a moment: recorded at or before it counts, after it does not', async () => {
    const justBefore = found(
      await stateAsOf(deps(), 'account', ACCOUNT, { recordedAt: minus1ms(managerChange.recordedAt) }),
    );
    const atIt = found(await stateAsOf(deps(), 'account', ACCOUNT, { recordedAt: managerChange.recordedAt }));
    expect(justBefore.state).toMatchObject({ managerId: 'mgr-li' });
    expect(justBefore.revision).toBe(managerChange.revision - 1n);
    expect(justBefore.state).toEqual(foldAccount(events, managerChange.revision - 1n));
    expect(atIt.state).toMatchObject({ managerId: 'mgr-wang', managerHistory: ['mgr-li', 'mgr-wang'] });
    expect(atIt.state).toEqual(foldAccount(events, managerChange.revision));
    expect(atIt.recordedAt).toBe(managerChange.recordedAt);
  });

  it('reads a moment written without milliseconds or in another zone as the same instant', async () => {
    // The override was recorded at 09:00:06.000Z (one second per append from 09:00:00).
    expect(override.recordedAt).toBe('2026-03-02T09:00:06.000Z');
    const plain = found(await stateAsOf(deps(), 'account', ACCOUNT, { recordedAt: '2026-03-02T09:00:06Z' }));
    const zoned = found(
      await stateAsOf(deps(), 'account', ACCOUNT, { recordedAt: '2026-03-02T17:00:05+08:00' }),
    );
    expect(plain.revision).toBe(override.revision);
    expect(zoned.revision).toBe(override.revision - 1n);
  });

  it('gives the latest state for a moment after the last event', async () => {
    const later = found(
      await stateAsOf(deps(), 'account', ACCOUNT, { recordedAt: '2030-01-01T00:00:00.000Z' }),
    );
    expect(later.revision).toBe(events.at(-1)!.revision);
    expect(later.state).toEqual(foldAccount(events, later.revision));
  });

  it('works for the other aggregates too', async () => {
    const drafted = found(await stateAsOf(deps(), 'agreement', AGREEMENT, { revision: 0n }));
    expect(drafted.state).toMatchObject({ status: 'DRAFT' });
    const active = found(await stateAsOf(deps(), 'agreement', AGREEMENT, { revision: 1n }));
    expect(active.state).toMatchObject({ status: 'ACTIVE' });
  });

  it('answers a revision beyond the end with the last revision there is', async () => {
    expect(await stateAsOf(deps(), 'account', ACCOUNT, { revision: 7n })).toEqual({
      kind: 'revision_beyond_end',
      streamId: STREAM,
      requested: 7n,
      lastRevision: 6n,
    });
  });

  it('answers a negative revision as invalid', async () => {
    expect(await stateAsOf(deps(), 'account', ACCOUNT, { revision: -1n })).toEqual({
      kind: 'invalid_revision',
      streamId: STREAM,
      requested: -1n,
    });
  });

  it('answers a moment before the first event with the time of the first event', async () => {
    expect(await stateAsOf(deps(), 'account', ACCOUNT, { recordedAt: '2026-03-02T08:59:59.999Z' })).toEqual({
      kind: 'before_first_event',
      streamId: STREAM,
      requested: '2026-03-02T08:59:59.999Z',
      firstRecordedAt: events[0]!.recordedAt,
    });
  });

  it('answers a moment that is not a time as invalid', async () => {
    expect(await stateAsOf(deps(), 'account', ACCOUNT, { recordedAt: 'last tuesday' })).toEqual({
      kind: 'invalid_timestamp',
      streamId: STREAM,
      requested: 'last tuesday',
    });
  });

  it('answers stream_not_found for an aggregate that was never written, by revision and by moment', async () => {
    const missing = { kind: 'stream_not_found', streamId: 'account-nobody' };
    expect(await stateAsOf(deps(), 'account', 'nobody', { revision: 0n })).toEqual(missing);
    expect(await stateAsOf(deps(), 'account', 'nobody', { recordedAt: '2030-01-01T00:00:00.000Z' })).toEqual(
      missing,
    );
  });
});

describe.each(AUDIT_STORES)('time travel over a long stream on $name', (factory) => {
  const LONG = 'long';
  let subject: AuditSubject;

  beforeEach(() => {
    subject = factory.create();
  });
  afterEach(() => subject.cleanup());

  it("starts from the commands' snapshots and still equals folding by hand", async () => {
    await writeLongAccount(writer(subject.store, subject.snapshots), LONG, 250);
    const events = await eventsOf(subject.store, `account-${LONG}`);
    const counting = countingStore(subject.store);
    for (const revision of [0n, 50n, 98n, 99n, 100n, 150n, 199n, 200n, 249n]) {
      counting.reset();
      const at = found(
        await stateAsOf({ store: counting.store, snapshots: subject.snapshots }, 'account', LONG, {
          revision,
        }),
      );
      expect(at.state).toEqual(foldAccount(events, revision));
      // Never more than an interval of events after the nearest snapshot (and the event itself).
      expect(counting.streamEventsRead()).toBeLessThanOrEqual(101);
    }
    const moment = events[180]!.recordedAt;
    const byMoment = found(
      await stateAsOf({ store: subject.store, snapshots: subject.snapshots }, 'account', LONG, {
        recordedAt: moment,
      }),
    );
    expect(byMoment.revision).toBe(180n);
    expect(byMoment.state).toEqual(foldAccount(events, 180n));
  });

  it('saves the snapshots it passes when the commands left none (read repair)', async () => {
    // Written without a snapshot store, as an imported book would be.
    await writeLongAccount(writer(subject.store), LONG, 250);
    const events = await eventsOf(subject.store, `account-${LONG}`);
    const { snapshots, saved } = recordingSnapshots(createMemorySnapshotStore());

    const first = found(
      await stateAsOf({ store: subject.store, snapshots }, 'account', LONG, { revision: 230n }),
    );
    expect(first.state).toEqual(foldAccount(events, 230n));
    expect(saved.map((s) => s.revision)).toEqual([99n, 199n]);
    expect(saved[0]).toEqual({
      revision: 99n,
      recordedAt: events[99]!.recordedAt,
      state: foldAccount(events, 99n),
    });
    expect(saved[1]).toEqual({
      revision: 199n,
      recordedAt: events[199]!.recordedAt,
      state: foldAccount(events, 199n),
    });

    // The next question starts from the snapshot at 199.
    const counting = countingStore(subject.store);
    const second = found(
      await stateAsOf({ store: counting.store, snapshots }, 'account', LONG, { revision: 240n }),
    );
    expect(second.state).toEqual(foldAccount(events, 240n));
    expect(counting.streamEventsRead()).toBeLessThanOrEqual(42);
    expect(saved).toHaveLength(2);
  });

  it('repairs up to a moment, and no further', async () => {
    await writeLongAccount(writer(subject.store), LONG, 250);
    const events = await eventsOf(subject.store, `account-${LONG}`);
    const { snapshots, saved } = recordingSnapshots(createMemorySnapshotStore());
    const at = found(
      await stateAsOf({ store: subject.store, snapshots }, 'account', LONG, {
        recordedAt: events[150]!.recordedAt,
      }),
    );
    expect(at.revision).toBe(150n);
    expect(at.state).toEqual(foldAccount(events, 150n));
    expect(saved.map((s) => s.revision)).toEqual([99n]);
  });

  it('still answers, by revision and by moment, when a snapshot cannot be saved', async () => {
    await writeLongAccount(writer(subject.store), LONG, 250);
    const events = await eventsOf(subject.store, `account-${LONG}`);
    const { snapshots, saved } = recordingSnapshots(createMemorySnapshotStore(), true);
    const deps = { store: subject.store, snapshots };
    const byRevision = found(await stateAsOf(deps, 'account', LONG, { revision: 110n }));
    expect(byRevision.state).toEqual(foldAccount(events, 110n));
    const byMoment = found(await stateAsOf(deps, 'account', LONG, { recordedAt: events[230]!.recordedAt }));
    expect(byMoment.revision).toBe(230n);
    expect(byMoment.state).toEqual(foldAccount(events, 230n));
    expect(saved).toEqual([]);
  });

  it('answers over a snapshot store that keeps nothing, folding each event about once', async () => {
    await writeLongAccount(writer(subject.store), LONG, 250);
    const events = await eventsOf(subject.store, `account-${LONG}`);
    let saves = 0;
    const forgetful = { latest: async () => undefined, save: async () => void (saves += 1) };
    const counting = countingStore(subject.store);
    const byRevision = found(
      await stateAsOf({ store: counting.store, snapshots: forgetful }, 'account', LONG, { revision: 240n }),
    );
    expect(byRevision.state).toEqual(foldAccount(events, 240n));
    // The fold, the repair to the first checkpoint, and no more once the store shows it kept nothing.
    expect(saves).toBe(1);
    expect(counting.streamEventsRead()).toBeLessThan(2 * 241 + 10);
    const byMoment = found(
      await stateAsOf({ store: subject.store, snapshots: forgetful }, 'account', LONG, {
        recordedAt: events[230]!.recordedAt,
      }),
    );
    expect(byMoment.revision).toBe(230n);
    expect(byMoment.state).toEqual(foldAccount(events, 230n));
  });

  it('folds from the start without a snapshot store, by revision and by moment', async () => {
    await writeLongAccount(writer(subject.store), LONG, 250);
    const events = await eventsOf(subject.store, `account-${LONG}`);
    const byRevision = found(await stateAsOf({ store: subject.store }, 'account', LONG, { revision: 110n }));
    expect(byRevision.state).toEqual(foldAccount(events, 110n));
    const byMoment = found(
      await stateAsOf({ store: subject.store }, 'account', LONG, { recordedAt: events[230]!.recordedAt }),
    );
    expect(byMoment.revision).toBe(230n);
    expect(byMoment.state).toEqual(foldAccount(events, 230n));
  });

  it('reads and asks for about an interval of events for a moment, once the snapshots are there', async () => {
    await writeLongAccount(writer(subject.store, subject.snapshots), LONG, 1000);
    const events = await eventsOf(subject.store, `account-${LONG}`);
    const counting = countingStore(subject.store);
    for (const revision of [5n, 420n, 999n]) {
      counting.reset();
      const deps = { store: counting.store, snapshots: subject.snapshots };
      const at = found(
        await stateAsOf(deps, 'account', LONG, { recordedAt: events[Number(revision)]!.recordedAt }),
      );
      expect(at.revision).toBe(revision);
      expect(at.state).toEqual(foldAccount(events, revision));
      // At most an interval after the snapshot, the one that shows the moment has passed, and the event.
      expect(counting.streamEventsRead()).toBeLessThanOrEqual(102);
      // Nor does it ask the store for more: a store reading in large pages would fetch them all.
      expect(counting.largestReadAsked()).toBeLessThanOrEqual(100);
    }
  });
});
