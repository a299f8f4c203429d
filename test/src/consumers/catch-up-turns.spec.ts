// A consumer catching up through a long log on a store in process (SQLite answers without a turn
// of the event loop) lets the loop turn between pages: a server rebuilding its read models at
// start still listens and answers meanwhile (found serving a 3,000-account book after an upgrade).
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteEventStore } from '../../../adapters/sqlite/event-store.js';
import { ConsumerRunner, RUNNER_DEFAULTS } from '../../../src/consumers/consumer-runner.js';
import type { EventStore } from '../../../src/ports.js';
import { loopTurnsDuring } from '../../support/loop-turns.js';
import { appendCounted, tempDir, type TempDir } from './projector/fixtures.js';

let dir: TempDir | undefined;
let store: EventStore | undefined;

afterEach(async () => {
  await store?.close();
  dir?.remove();
});

describe('catching up through a long log', () => {
  it('gives the event loop a turn after every page', async () => {
    dir = tempDir();
    store = createSqliteEventStore({ path: dir.path('kare.sqlite'), sync: 'normal' });
    await appendCounted(store, 2000);
    let saved: bigint | undefined;
    let handled = 0;
    const runner = new ConsumerRunner(
      store,
      {
        name: 'counter',
        checkpoint: { load: async () => saved, save: async (position) => void (saved = position) },
        handle: async (events) => {
          handled += events.length;
        },
      },
      { ...RUNNER_DEFAULTS, batchSize: 200 },
    );
    const { turns } = await loopTurnsDuring(() => runner.catchUp());
    expect(handled).toBe(2000);
    // Ten pages of 200: the loop turned between them (a timer or a request would have run).
    expect(turns).toBeGreaterThanOrEqual(9);
  });
});
