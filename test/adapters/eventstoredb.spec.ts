// The event store contract against the EventStoreDB adapter: on the in-process stand-in by
// default, or on a real server when KARE_EVENTSTORE_URL is set (e.g. esdb://localhost:2113?tls=false).
import { afterAll, beforeAll } from 'vitest';
import { createEventStoreDbStore } from '../../adapters/eventstoredb/event-store.js';
import { EsdbStandIn } from '../support/esdb-stand-in.js';
import type { JsonObject } from '../../src/ports.js';
import { eventStoreContract } from './event-store.contract.js';

const realServer = process.env['KARE_EVENTSTORE_URL'];
let standIn: EsdbStandIn | undefined;

beforeAll(async () => {
  if (realServer === undefined) standIn = await EsdbStandIn.start();
});
afterAll(async () => {
  await standIn?.stop();
});

const connectionString = (): string => {
  const url = realServer ?? standIn?.connectionString;
  if (url === undefined) throw new Error('the stand-in has not started');
  return url;
};

eventStoreContract({
  name: realServer === undefined ? 'eventstoredb (stand-in)' : `eventstoredb (${realServer})`,
  // A real server is append-only: nothing can alter a stored event behind it.
  canTamper: realServer === undefined,
  // No index of ids: exactly-once per stream for exact-revision and no_stream retries (README).
  capabilities: { idsUniqueAcrossStreams: false },
  create: async (options) => {
    const store = createEventStoreDbStore({
      connectionString: connectionString(),
      upcasters: options?.upcasters,
    });
    return {
      store,
      // A real server is append-only: there is no way to alter a stored event behind it.
      ...(standIn === undefined
        ? {}
        : {
            tamper: async (streamId: string, revision: bigint, mutate: (data: JsonObject) => JsonObject) =>
              standIn!.tamper(streamId, revision, mutate),
          }),
      cleanup: () => store.close(),
    };
  },
});
