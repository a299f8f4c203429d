// The event store contract against the EventStoreDB adapter: on the in-process stand-in by
// default — once appending through BatchAppend (what real servers serve) and once through
// Append, on one node and on a 3-node cluster over TLS with credentials — or on a real server
// when KARE_EVENTSTORE_URL is set (e.g. esdb://localhost:2113?tls=false).
import { afterAll, beforeAll, expect } from 'vitest';
import { createEventStoreDbStore } from '../../adapters/eventstoredb/event-store.js';
import { EsdbStandIn, type StandInOptions } from '../support/esdb-stand-in.js';
import { testCertificates } from '../support/esdb-stand-in/certificates.js';
import type { JsonObject } from '../../src/ports.js';
import { eventStoreContract } from '../contracts/event-store.contract.js';

const realServer = process.env['KARE_EVENTSTORE_URL'];

const contractOn = (
  name: string,
  options: () => StandInOptions | undefined,
  /** Move the leadership to the next node this often while the contract runs. */
  electEveryMs?: number,
): void => {
  let standIn: EsdbStandIn | undefined;
  let elections: NodeJS.Timeout | undefined;
  let elected = 0;

  beforeAll(async () => {
    const standInOptions = options();
    if (standInOptions !== undefined) standIn = await EsdbStandIn.start(standInOptions);
    if (standIn !== undefined && electEveryMs !== undefined) {
      const cluster = standIn;
      elections = setInterval(() => {
        cluster.elect((cluster.leader + 1) % 3);
        elected += 1;
      }, electEveryMs);
    }
  });
  afterAll(async () => {
    clearInterval(elections);
    if (electEveryMs !== undefined) expect(elected).toBeGreaterThan(3);
    // The appends took the path this run is about.
    if (standIn !== undefined) {
      const mode = options()?.appendMode ?? 'batch';
      expect(standIn.served[mode === 'batch' ? 'batchAppend' : 'append']).toBeGreaterThan(0);
      expect(standIn.served[mode === 'batch' ? 'append' : 'batchAppend']).toBe(0);
    }
    await standIn?.stop();
  });

  const connectionString = (): string => {
    const url = realServer ?? standIn?.connectionString;
    if (url === undefined) throw new Error('the stand-in has not started');
    return url;
  };

  eventStoreContract({
    name,
    // A real server is append-only: nothing can alter a stored event behind it.
    canTamper: realServer === undefined,
    // No index of ids: exactly-once per stream for exact-revision and no_stream retries (README).
    capabilities: { idsUniqueAcrossStreams: false },
    create: async (createOptions) => {
      const store = createEventStoreDbStore({
        connectionString: connectionString(),
        upcasters: createOptions?.upcasters,
      });
      return {
        store,
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
};

if (realServer !== undefined) {
  contractOn(`eventstoredb (${realServer})`, () => undefined);
} else {
  contractOn('eventstoredb (stand-in, BatchAppend)', () => ({ appendMode: 'batch' }));
  contractOn('eventstoredb (stand-in, Append)', () => ({ appendMode: 'append' }));
  let certificates: ReturnType<typeof testCertificates> | undefined;
  contractOn(
    'eventstoredb (stand-in, 3-node cluster, TLS, credentials, elections)',
    () => {
      certificates ??= testCertificates();
      return {
        nodes: 3,
        tls: certificates.server,
        users: { kare: { password: 'kare-secret', readAll: true } },
        // Followers lag: a read that decides something and went to one would see the past.
        replicationDelayMs: 200,
      };
    },
    // A new leader every half second, in the middle of whatever the contract is doing.
    500,
  );
}
