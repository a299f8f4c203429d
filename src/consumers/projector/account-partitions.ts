// Which partition of a projection split by account an event belongs to: its stream's account,
// hashed. An account's stream names the account in its id; an agreement's or a commitment's
// names it only in its first event (AgreementDrafted, CommitmentCreated): seen in a batch, or
// read from the store once, and kept (bounded in bytes) for the batches after.
import { ByteBoundedCache } from '../../byte-bounded-cache.js';
import type { EventStore, StoredEvent } from '../../ports.js';

const ACCOUNT_STREAM = 'account-';

/** The first events that name the account of a stream not named for it. */
const FIRST_EVENTS: ReadonlySet<string> = new Set(['AgreementDrafted', 'CommitmentCreated']);

/** A stream id and its account id in the cache, with the entry's own cost. */
const entryBytes = (streamId: string, accountId: string): number =>
  100 + 2 * (streamId.length + accountId.length);

/** The accounts of streams kept between batches: a few hundred thousand streams' worth. */
export const STREAM_ACCOUNTS_BYTES = 32 * 1024 * 1024;

/** FNV-1a over the id's UTF-16 code units: stable across processes and releases, unlike a seeded hash. */
const fnv1a = (text: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
};

/** The partition (0 to count - 1) an account's documents belong to. */
export const partitionOfAccount = (accountId: string, count: number): number => fnv1a(accountId) % count;

/** A stream of a projection split by account that names no account. */
export class StreamWithoutAccount extends Error {
  override readonly name = 'StreamWithoutAccount';
  constructor(readonly streamId: string) {
    super(`${streamId} names no account: its events can't be given to a partition by account`);
  }
}

const named = (event: StoredEvent): string | undefined => {
  if (event.streamId.startsWith(ACCOUNT_STREAM)) return event.streamId.slice(ACCOUNT_STREAM.length);
  const accountId = FIRST_EVENTS.has(event.type) ? event.data['accountId'] : undefined;
  return typeof accountId === 'string' ? accountId : undefined;
};

export class StreamAccounts {
  private readonly known: ByteBoundedCache<string>;

  constructor(
    private readonly store: EventStore,
    maxBytes: number = STREAM_ACCOUNTS_BYTES,
  ) {
    this.known = new ByteBoundedCache(maxBytes);
  }

  /**
   * The account of each stream of `events`, as a lookup: streams whose first event is in the
   * batch (or was seen before) at once, the others from their first event in the store.
   */
  async of(events: readonly StoredEvent[]): Promise<(streamId: string) => string> {
    const accounts = new Map<string, string>();
    for (const event of events) {
      if (accounts.has(event.streamId)) continue;
      const accountId = named(event) ?? this.known.get(event.streamId)?.value;
      if (accountId !== undefined) this.remember(accounts, event.streamId, accountId);
    }
    const missing = [...new Set(events.map((event) => event.streamId))].filter((id) => !accounts.has(id));
    for (const streamId of missing) {
      const accountId = await this.firstNamed(streamId);
      if (accountId !== undefined) this.remember(accounts, streamId, accountId);
    }
    return (streamId) => {
      const accountId = accounts.get(streamId);
      if (accountId === undefined) throw new StreamWithoutAccount(streamId);
      return accountId;
    };
  }

  private remember(accounts: Map<string, string>, streamId: string, accountId: string): void {
    accounts.set(streamId, accountId);
    if (!streamId.startsWith(ACCOUNT_STREAM))
      this.known.set(streamId, accountId, entryBytes(streamId, accountId));
  }

  private async firstNamed(streamId: string): Promise<string | undefined> {
    for await (const first of this.store.readStream(streamId, { maxCount: 1 })) return named(first);
    return undefined;
  }
}
