import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createSqliteEventStore } from '../../adapters/sqlite/event-store.js';
import { eventStoreContract } from '../contracts/event-store.contract.js';
import type { RaceOutcome } from './race-writer.js';

const paths = new WeakMap<object, string>();

eventStoreContract({
  name: 'sqlite',
  create: async (options) => {
    const dir = mkdtempSync(join(tmpdir(), 'kare-sqlite-'));
    const path = join(dir, 'events.sqlite');
    const store = createSqliteEventStore({
      path,
      upcasters: options?.upcasters,
      initialPosition: 2n ** 53n + 1001n,
    });
    const subject = {
      store,
      tamper: async (streamId: string, revision: bigint, mutate: (data: never) => unknown) => {
        // Behind the store's back: plain SQL on the file, as an attacker with file access would.
        const raw = new Database(path);
        const row = raw
          .prepare('SELECT data FROM events WHERE stream_id = ? AND revision = ?')
          .get(streamId, revision) as { data: string } | undefined;
        if (row === undefined) throw new Error(`no ${streamId}@${revision}`);
        raw
          .prepare('UPDATE events SET data = ? WHERE stream_id = ? AND revision = ?')
          .run(JSON.stringify(mutate(JSON.parse(row.data) as never)), streamId, revision);
        raw.close();
      },
      cleanup: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
    paths.set(subject, path);
    return subject;
  },
  race: async (subject, plan) => {
    const path = paths.get(subject)!;
    const run = (writer: number) =>
      new Promise<RaceOutcome>((resolve, reject) => {
        const worker = new Worker(new URL('./sqlite-race-worker.mjs', import.meta.url), {
          workerData: { path, writer, appendsPerWriter: plan.appendsPerWriter, streams: plan.streams },
        });
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.once(
          'exit',
          (code) => code !== 0 && reject(new Error(`writer ${writer} exited with ${code}`)),
        );
      });
    return Promise.all(Array.from({ length: plan.writers }, (_, writer) => run(writer)));
  },
});
