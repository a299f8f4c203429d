import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageSize } from '../../../src/audit/page-size.js';
import {
  streamHistory,
  type StreamHistory,
  type StreamHistoryPage,
} from '../../../src/audit/stream-history.js';
import { ACCOUNT, commands, writeAccountBook, writer, type Writer } from './account-book.js';
import { eventsOf } from './counting-store.js';
import { AUDIT_STORES, type AuditSubject } from './stores.js';

const page = (history: StreamHistory): StreamHistoryPage => {
  if (history.kind !== 'page') throw new Error(`expected a page, got ${history.kind}`);
  return history;
};

const STREAM = `account-${ACCOUNT}`;

describe.each(AUDIT_STORES)('stream history on $name', (factory) => {
  let subject: AuditSubject;
  let write: Writer;

  beforeEach(async () => {
    subject = factory.create();
    write = writer(subject.store, subject.snapshots);
    await writeAccountBook(write);
  });
  afterEach(() => subject.cleanup());

  it('pages a stream forwards, each event with its metadata, time, revision, position and hash', async () => {
    const stored = await eventsOf(subject.store, STREAM);
    expect(stored).toHaveLength(7);

    const first = page(await streamHistory(subject.store, STREAM, { limit: 3 }));
    expect(first.events.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
    expect(first.next).toBe(3n);
    const second = page(await streamHistory(subject.store, STREAM, { from: first.next!, limit: 3 }));
    expect(second.events.map((e) => e.revision)).toEqual([3n, 4n, 5n]);
    const last = page(await streamHistory(subject.store, STREAM, { from: second.next!, limit: 3 }));
    expect(last.events.map((e) => e.revision)).toEqual([6n]);
    expect(last.next).toBeUndefined();

    // Everything an auditor needs is there, exactly as stored.
    expect([...first.events, ...second.events, ...last.events]).toEqual(stored);
    const override = second.events.find((e) => e.type === 'TierOverridden')!;
    expect(override.metadata).toMatchObject({ actor: 'dir-zhao', policyVersion: 'v2', schemaVersion: 1 });
    expect(override.metadata.commandId).toEqual(expect.any(String));
    expect(override.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(override.globalPosition > 2n ** 53n).toBe(true);
    expect(override.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('keeps the correlation and causation a caller gave the command', async () => {
    const outcome = await write.handler.handle({
      aggregate: 'account',
      aggregateId: ACCOUNT,
      command: commands.feedback('mgr-wang', 7),
      commandId: 'cmd-audit-1',
      correlationId: 'corr-visit-7',
      causationId: 'evt-visit-planned',
      actor: 'erin',
    });
    expect(outcome.ok).toBe(true);
    const newest = page(await streamHistory(subject.store, STREAM, { direction: 'backwards', limit: 1 }));
    expect(newest.events[0]?.metadata).toEqual({
      commandId: 'cmd-audit-1',
      correlationId: 'corr-visit-7',
      causationId: 'evt-visit-planned',
      actor: 'erin',
      schemaVersion: 1,
    });
  });

  it('pages backwards from the end, then from the revision it names', async () => {
    const newest = page(await streamHistory(subject.store, STREAM, { direction: 'backwards', limit: 4 }));
    expect(newest.direction).toBe('backwards');
    expect(newest.events.map((e) => e.revision)).toEqual([6n, 5n, 4n, 3n]);
    expect(newest.next).toBe(2n);
    const older = page(
      await streamHistory(subject.store, STREAM, { direction: 'backwards', from: newest.next!, limit: 4 }),
    );
    expect(older.events.map((e) => e.revision)).toEqual([2n, 1n, 0n]);
    expect(older.next).toBeUndefined();
  });

  it('gives an empty last page past the end of the stream', async () => {
    const beyond = page(await streamHistory(subject.store, STREAM, { from: 7n }));
    expect(beyond.events).toEqual([]);
    expect(beyond.next).toBeUndefined();
  });

  it('answers stream_not_found for a stream without events', async () => {
    expect(await streamHistory(subject.store, 'account-nobody')).toEqual({
      kind: 'stream_not_found',
      streamId: 'account-nobody',
    });
  });
});

describe('page size', () => {
  it('defaults when not given and stays between 1 and the maximum', () => {
    expect(pageSize(undefined)).toBe(DEFAULT_PAGE_SIZE);
    expect(pageSize(Number.NaN)).toBe(DEFAULT_PAGE_SIZE);
    expect(pageSize(0)).toBe(1);
    expect(pageSize(-5)).toBe(1);
    expect(pageSize(2.7)).toBe(2);
    expect(pageSize(10 * MAX_PAGE_SIZE)).toBe(MAX_PAGE_SIZE);
  });
});
