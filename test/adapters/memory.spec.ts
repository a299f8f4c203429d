import { createMemoryEventStore, tamperMemoryEvent } from '../../adapters/memory/event-store.js';
import { eventStoreContract } from '../contracts/event-store.contract.js';

eventStoreContract({
  name: 'memory',
  create: async (options) => {
    const store = createMemoryEventStore({
      upcasters: options?.upcasters,
      initialPosition: 2n ** 53n + 1001n,
    });
    return {
      store,
      tamper: async (streamId, revision, mutate) => tamperMemoryEvent(store, streamId, revision, mutate),
      cleanup: () => store.close(),
    };
  },
});
