// A writer of the SQLite concurrency race, in its own thread with its own connection to the
// one database file. It loads the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';
import { parentPort, workerData } from 'node:worker_threads';

register();
const { createSqliteEventStore } = await import('../../adapters/sqlite/event-store.ts');
const { raceWriter } = await import('./race-writer.ts');

const store = createSqliteEventStore({ path: workerData.path, sync: 'normal' });
const outcome = await raceWriter(store, workerData.writer, workerData);
await store.close();
parentPort.postMessage(outcome);
