// The SQLite store keeps the heads of streams it wrote in memory, so an append to one of them
// inserts without reading its head. Another connection's commit (another process appending,
// or events deleted behind the store's back) makes those heads stale: the store must see it and
// read afresh, so the expected-revision check and the hash chain stay exactly as without them.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createSqliteEventStore } from '../../../adapters/sqlite/event-store.js';
import { WrongExpectedRevision, type EventStore, type NewEvent } from '../../../src/ports.js';
import { collect } from '../../contracts/event-store.contract.js';

let dir: string;
let path: string;
const opened: EventStore[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kare-heads-'));
  path = join(dir, 'events.sqlite');
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
  rmSync(dir, { recursive: true, force: true });
});

const open = (): EventStore => {
  const store = createSqliteEventStore({ path, sync: 'normal' });
  opened.push(store);
  return store;
};

const event = (n: number): NewEvent => ({
  eventId: crypto.randomUUID(),
  type: 'Noted',
  data: { n },
  metadata: { schemaVersion: 1 },
});

const revisionsOf = async (store: EventStore, streamId: string) =>
  (await collect(store.readStream(streamId))).map((e) => [e.revision, e.data['n']]);

it('appends after the head another connection wrote, with the expected revision it reached', async () => {
  const ours = open();
  const theirs = open();
  await ours.append('note-1', [event(0)], { expectedRevision: 'no_stream' });
  await ours.append('note-1', [event(1)], { expectedRevision: 0n });
  await theirs.append('note-1', [event(2)], { expectedRevision: 1n });

  // Against the head this store wrote last (1) this would be refused; the file's head is 2.
  await expect(ours.append('note-1', [event(3)], { expectedRevision: 2n })).resolves.toMatchObject({
    nextRevision: 3n,
  });
  await theirs.append('note-1', [event(4)], { expectedRevision: 3n });
  // The head this store wrote (3) is no longer the file's (4): a conflict naming the real head.
  const stale = await ours.append('note-1', [event(5)], { expectedRevision: 3n }).catch((e: unknown) => e);
  expect(stale).toBeInstanceOf(WrongExpectedRevision);
  expect((stale as WrongExpectedRevision).actual).toBe(4n);
  await theirs.append('note-1', [event(5)], { expectedRevision: 4n });
  await ours.append('note-1', [event(6), event(7)], { expectedRevision: 'any' });

  expect(await revisionsOf(ours, 'note-1')).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((n) => [BigInt(n), n]));
  // Every event is chained to the one before it, whichever connection wrote it.
  await expect(ours.verify('note-1')).resolves.toMatchObject({ ok: true, events: 8n });
});

it('sees events deleted behind its back: the stream went back, the append is refused', async () => {
  const ours = open();
  await ours.append('note-1', [event(0), event(1), event(2)], { expectedRevision: 'no_stream' });
  const raw = new Database(path);
  raw.prepare("DELETE FROM events WHERE stream_id = 'note-1' AND revision = 2").run();
  raw.close();

  const refused = await ours.append('note-1', [event(3)], { expectedRevision: 2n }).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(WrongExpectedRevision);
  expect((refused as WrongExpectedRevision).actual).toBe(1n);
  // Nothing was chained to the deleted event's hash.
  await ours.append('note-1', [event(3)], { expectedRevision: 1n });
  await expect(ours.verify('note-1')).resolves.toMatchObject({ ok: true, events: 3n });
});

it('keeps no head from a group that failed: its appends were undone with it', async () => {
  const ours = open();
  await ours.append('note-1', [event(0)], { expectedRevision: 'no_stream' });
  // An error the store does not expect (here a trigger's) fails the whole group it is in.
  const raw = new Database(path);
  raw.exec(
    "CREATE TRIGGER refuse AFTER INSERT ON events WHEN NEW.type = 'Refused' BEGIN SELECT RAISE(ABORT, 'refused'); END",
  );
  raw.close();
  const group = [
    ours.append('note-1', [event(1)], { expectedRevision: 0n }),
    ours.append('note-2', [{ ...event(0), type: 'Refused' }], { expectedRevision: 'no_stream' }),
  ];
  const outcomes = await Promise.allSettled(group);
  expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);

  // note-1's head is still revision 0: the append at revision 1 was rolled back with the group.
  await expect(ours.append('note-1', [event(1)], { expectedRevision: 0n })).resolves.toMatchObject({
    nextRevision: 1n,
  });
  expect(await revisionsOf(ours, 'note-1')).toEqual([
    [0n, 0],
    [1n, 1],
  ]);
  await expect(ours.verify('note-1')).resolves.toMatchObject({ ok: true, events: 2n });
});
