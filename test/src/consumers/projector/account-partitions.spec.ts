// Which partition an event of a projection split by account belongs to: its stream's account,
// named by the stream's id or by its first event, found in the batch or read from the store.
import { describe, expect, it, vi } from 'vitest';
import { createMemoryEventStore } from '../../../../adapters/memory/event-store.js';
import {
  partitionOfAccount,
  StreamAccounts,
  StreamWithoutAccount,
} from '../../../../src/consumers/projector/account-partitions.js';
import type { StoredEvent } from '../../../../src/ports.js';
import { event } from './fixtures.js';

const readAll = async (store: ReturnType<typeof createMemoryEventStore>): Promise<StoredEvent[]> => {
  const out: StoredEvent[] = [];
  for await (const stored of store.readAll()) out.push(stored);
  return out;
};

describe('the partitions of accounts', () => {
  it('are the same in every process and release: a fixed hash of the account id', () => {
    // Pinned: a split build's rows were written by these partitions; another hash would mix them.
    expect(['acme', 'globex', 'initech', 'umbrella'].map((id) => partitionOfAccount(id, 4))).toEqual([
      3, 2, 1, 1,
    ]);
    expect(partitionOfAccount('acme', 3)).toBe(1);
    expect(partitionOfAccount('acme', 1)).toBe(0);
    // Spread: a few hundred accounts fall into every one of 4 partitions, none with most of them.
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 400; i += 1) counts[partitionOfAccount(`account-${i}`, 4)]! += 1;
    for (const count of counts) expect(count).toBeGreaterThan(60);
  });

  it('names each stream’s account: by its id, by its first event in the batch, or by its first event in the store', async () => {
    const store = createMemoryEventStore();
    await store.append('account-acme', [event('AccountRegistered', { accountId: 'acme' })], {
      expectedRevision: 'no_stream',
    });
    await store.append(
      'agreement-a1',
      [event('AgreementDrafted', { accountId: 'acme', agreementId: 'a1' })],
      {
        expectedRevision: 'no_stream',
      },
    );
    await store.append(
      'supply-s1',
      [event('CommitmentCreated', { accountId: 'globex', commitmentId: 's1' })],
      {
        expectedRevision: 'no_stream',
      },
    );
    await store.append('agreement-a1', [event('AgreementActivated', { agreementId: 'a1' })], {
      expectedRevision: 'any',
    });
    await store.append('supply-s1', [event('StockPositionReported', { commitmentId: 's1' })], {
      expectedRevision: 'any',
    });
    await store.append('group-g1', [event('GroupFormed', { groupId: 'g1' })], {
      expectedRevision: 'no_stream',
    });
    const events = await readAll(store);

    // A batch with the streams' first events: nothing read from the store.
    const reads = vi.spyOn(store, 'readStream');
    const inBatch = await new StreamAccounts(store).of(events.slice(0, 5));
    expect(['account-acme', 'agreement-a1', 'supply-s1'].map(inBatch)).toEqual(['acme', 'acme', 'globex']);
    expect(reads).not.toHaveBeenCalled();

    // A later batch in a fresh process: the first events are read from the store, once.
    const fresh = new StreamAccounts(store);
    const later = await fresh.of(events.slice(3, 5));
    expect(['agreement-a1', 'supply-s1'].map(later)).toEqual(['acme', 'globex']);
    expect(reads).toHaveBeenCalledTimes(2);
    await fresh.of(events.slice(3, 5));
    expect(reads).toHaveBeenCalledTimes(2);

    // A stream that names no account can't be given to a partition.
    const group = await fresh.of(events.slice(5));
    expect(() => group('group-g1')).toThrow(StreamWithoutAccount);
  });
});
