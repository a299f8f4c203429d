// A StreamIndex in memory, filled by the test: which streams belong to an account, which
// commitments supply a SKU. The real one is a projection; the audit only needs the port.
import type { StreamIndex } from '../../src/ports.js';

export interface MemoryStreamIndex extends StreamIndex {
  /** Records that `streamId` belongs to the account (its own stream is listed first anyway). */
  link(accountId: string, streamId: string): void;
  /** Records that a commitment supplies a SKU. */
  supplies(sku: string, commitmentId: string): void;
}

export const createMemoryStreamIndex = (): MemoryStreamIndex => {
  const streams = new Map<string, string[]>();
  const skus = new Map<string, string[]>();
  const listFor = (accountId: string): string[] => {
    let list = streams.get(accountId);
    if (list === undefined) streams.set(accountId, (list = [`account-${accountId}`]));
    return list;
  };
  return {
    link: (accountId, streamId) => {
      const list = listFor(accountId);
      if (!list.includes(streamId)) list.push(streamId);
    },
    supplies: (sku, commitmentId) => {
      skus.set(sku, [...(skus.get(sku) ?? []), commitmentId]);
    },
    streamsOf: async (accountId) => [...(streams.get(accountId) ?? [])],
    accountIds: async () => [...streams.keys()],
    commitmentsForSku: async (sku) => [...(skus.get(sku) ?? [])],
  };
};
