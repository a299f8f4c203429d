// Snapshots in memory: for tests and examples.
import type { Snapshot, SnapshotQuery, SnapshotStore } from '../../src/ports.js';

export const createMemorySnapshotStore = (): SnapshotStore => {
  const byStream = new Map<string, Snapshot[]>();
  return {
    latest: async (streamId: string, query: SnapshotQuery) => {
      const candidates = (byStream.get(streamId) ?? []).filter(
        (s) =>
          s.stateVersion === query.stateVersion &&
          (query.maxRevision === undefined || s.revision <= query.maxRevision) &&
          (query.recordedAtOrBefore === undefined || s.recordedAt <= query.recordedAtOrBefore),
      );
      return candidates.reduce<Snapshot | undefined>(
        (best, s) => (best === undefined || s.revision > best.revision ? s : best),
        undefined,
      );
    },
    save: async (snapshot: Snapshot) => {
      const list = (byStream.get(snapshot.streamId) ?? []).filter(
        (s) => !(s.revision === snapshot.revision && s.stateVersion === snapshot.stateVersion),
      );
      list.push(structuredClone(snapshot));
      byStream.set(snapshot.streamId, list);
    },
  };
};
