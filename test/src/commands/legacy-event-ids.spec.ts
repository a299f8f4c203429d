// A store written before event ids took the stream into account (uuid v5 of `commandId:index`,
// no command_ids table): a request retried across the upgrade is recognised as the repeat it
// is, and its key stays bound to the aggregate it first wrote.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v4 as uuid, v5 as uuidv5 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteEventStore } from '../../../adapters/sqlite/event-store.js';
import { createCommandHandler, EVENT_ID_NAMESPACE } from '../../../src/commands/command-handler.js';
import type { EventStore } from '../../../src/ports.js';
import { collect } from '../../contracts/event-store.contract.js';
import { commands } from '../../domain/account/builders.js';

const AT = '2026-03-02T09:00:00.000Z';
const KEY = 'key-from-before-the-upgrade';
const register = (accountId: string) =>
  commands.register({ accountId, name: 'Acme Telecom', industry: 'TECHNOLOGY', at: AT });

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The store as the previous release left it: its events, then no command_ids and schema 1. */
const legacyStore = async (): Promise<{ path: string }> => {
  dir = mkdtempSync(join(tmpdir(), 'kare-legacy-ids-'));
  const path = join(dir, 'kare.sqlite');
  const store = createSqliteEventStore({ path, sync: 'normal' });
  const { data } = register('a1');
  await store.append(
    'account-a1',
    [
      {
        eventId: uuidv5(`${KEY}:0`, EVENT_ID_NAMESPACE),
        type: 'AccountRegistered',
        data,
        metadata: { schemaVersion: 1, commandId: KEY },
      },
    ],
    { expectedRevision: 'no_stream' },
  );
  await store.close();
  const db = new Database(path);
  // Its fingerprint column (migration 4) went with the table.
  db.exec('DROP TABLE command_ids; DELETE FROM schema_migrations WHERE version IN (2, 4);');
  db.close();
  return { path };
};

const handlerOn = (store: EventStore) => createCommandHandler({ store, ids: { uuid } });

describe('event ids derived before the stream was part of them', () => {
  it('replays a request retried across the upgrade instead of writing it again', async () => {
    const { path } = await legacyStore();
    const store = createSqliteEventStore({ path, sync: 'normal' });
    try {
      const outcome = await handlerOn(store).handle({
        aggregate: 'account',
        aggregateId: 'a1',
        command: register('a1'),
        commandId: KEY,
      });
      expect(outcome.ok && outcome.result.replayed).toBe(true);
      expect(await collect(store.readStream('account-a1'))).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('keeps the key bound to the aggregate it first wrote (422 on another)', async () => {
    const { path } = await legacyStore();
    const store = createSqliteEventStore({ path, sync: 'normal' });
    try {
      const outcome = await handlerOn(store).handle({
        aggregate: 'account',
        aggregateId: 'a2',
        command: register('a2'),
        commandId: KEY,
      });
      expect(outcome).toMatchObject({
        ok: false,
        failure: { kind: 'idempotency_key_reused', storedIn: 'account-a1' },
      });
      expect(await store.headPosition()).toBe(1n);
    } finally {
      await store.close();
    }
  });
});
