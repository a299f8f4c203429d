import { describe, expect, it } from 'vitest';
import { ChangeSignal, followLog } from '../../src/log-subscription.js';
import type { StoredEvent } from '../../src/ports.js';

const event = (position: bigint): StoredEvent => ({
  eventId: `e${position}`,
  type: 'T',
  streamId: 'account-1',
  revision: position - 1n,
  globalPosition: position,
  recordedAt: '2026-01-01T00:00:00.000Z',
  data: {},
  metadata: { schemaVersion: 1 },
  hash: 'h',
});

describe('followLog', () => {
  it('does not miss an append that lands while it is reading (no poll to save it)', async () => {
    const log: StoredEvent[] = [];
    const changed = new ChangeSignal();
    let reads = 0;
    const subscription = followLog({
      changeVersion: () => changed.version,
      // The first read finds nothing, and an append lands before it returns.
      readAfter: async (after) => {
        reads += 1;
        const found = log.filter((e) => e.globalPosition > after);
        if (reads === 1) {
          log.push(event(1n));
          changed.notify();
        }
        return found;
      },
      waitForChange: (signal, seen) => changed.wait(signal, undefined, seen),
    });
    const next = await Promise.race([
      subscription[Symbol.asyncIterator]().next(),
      new Promise<'stalled'>((resolve) => setTimeout(() => resolve('stalled'), 1000)),
    ]);
    expect(next).toMatchObject({ done: false, value: { globalPosition: 1n } });
    await subscription.close();
  });
});
