// Runs a projection over events in memory: given events → expected documents and rows.
import type {
  Collection,
  Projection,
  ProjectedEvent,
  ProjectionContext,
  Row,
} from '../../projections/projection.js';

export interface ProjectionRun {
  docs<Doc>(collection: string): ReadonlyMap<string, Doc>;
  doc<Doc>(collection: string, key: string): Doc | undefined;
  /** The plain-column rows an analyst would see, key column included, ordered by key. */
  rows(collection: string): Row[];
}

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
};

export const runProjection = (projection: Projection, events: readonly ProjectedEvent[]): ProjectionRun => {
  const store = new Map<string, Map<string, unknown>>();
  const table = (name: string): Map<string, unknown> => {
    if (projection.collections[name] === undefined)
      throw new Error(`${projection.name} has no collection ${name}`);
    let docs = store.get(name);
    if (docs === undefined) store.set(name, (docs = new Map()));
    return docs;
  };
  const context: ProjectionContext = {
    // Documents go through JSON as they do in SQLite, so a reducer can't rely on shared references.
    // ... and frozen, as the projector hands them out: a reducer that mutates one fails here too.
    get: <Doc>(collection: string, key: string) => {
      const doc = table(collection).get(key);
      return doc === undefined ? undefined : (deepFreeze(JSON.parse(JSON.stringify(doc))) as Doc);
    },
    put: (collection, key, doc) => {
      table(collection).set(key, JSON.parse(JSON.stringify(doc)));
    },
    delete: (collection, key) => {
      table(collection).delete(key);
    },
  };
  for (const event of events) {
    if (projection.handles.includes(event.type)) projection.apply(event, context);
  }
  return {
    docs: <Doc>(name: string) => table(name) as Map<string, Doc>,
    doc: <Doc>(name: string, key: string) => table(name).get(key) as Doc | undefined,
    rows: (name) => {
      const definition = projection.collections[name] as unknown as Collection<unknown>;
      return [...table(name).entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, doc]) => ({ [definition.key]: key, ...definition.toRow(doc) }));
    },
  };
};

/** Builds a stream of ProjectedEvents from domain events, numbering revisions and positions. */
export const eventLog = () => {
  const revisions = new Map<string, bigint>();
  let position = 0n;
  const events: ProjectedEvent[] = [];
  const add = (streamId: string, event: { readonly type: string; readonly data: object }): ProjectedEvent => {
    const revision = revisions.get(streamId) ?? 0n;
    revisions.set(streamId, revision + 1n);
    position += 1n;
    const data = event.data as Record<string, unknown>;
    const projected: ProjectedEvent = {
      eventId: `event-${position}`,
      type: event.type,
      streamId,
      revision,
      globalPosition: position,
      recordedAt: typeof data['at'] === 'string' ? data['at'] : '2026-01-01T00:00:00.000Z',
      data,
      metadata: { schemaVersion: 1 },
    };
    events.push(projected);
    return projected;
  };
  return { add, events };
};
