// A StreamIndex computed from the store on every question: the real stream-index projection
// run in memory over readAll. Always caught up, so tests need no projector.
import { projection, STREAM_INDEX, type StreamIndexDoc } from '../../projections/stream-index/index.js';
import type { EventStore, StreamIndex } from '../../src/ports.js';
import { runProjection } from './projection-harness.js';

export const projectedStreamIndex = (store: EventStore): StreamIndex => {
  const docs = async () => {
    const events = [];
    for await (const event of store.readAll()) events.push(event);
    return [...runProjection(projection, events).docs<StreamIndexDoc>(STREAM_INDEX).entries()].sort(
      ([, a], [, b]) => (BigInt(a.createdAt) < BigInt(b.createdAt) ? -1 : 1),
    );
  };
  return {
    streamsOf: async (accountId) => {
      const mine = (await docs()).filter(([, d]) => d.accountId === accountId);
      return [
        ...mine.filter(([, d]) => d.category === 'account'),
        ...mine.filter(([, d]) => d.category !== 'account'),
      ].map(([streamId]) => streamId);
    },
    accountIds: async () =>
      (await docs()).filter(([, d]) => d.category === 'account').map(([, d]) => d.accountId),
    commitmentsForSku: async (sku) =>
      (await docs())
        .filter(([, d]) => d.category === 'supply' && d.sku === sku)
        .map(([id]) => id.slice('supply-'.length)),
  };
};
