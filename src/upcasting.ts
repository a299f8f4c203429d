// Old event shapes become the current one at the store boundary, on every read path, so
// that `evolve`, projections and subscribers only ever see current events.
import type { StoredEvent, Upcaster } from './ports.js';

export type UpcasterRegistry = ReadonlyMap<string, Upcaster>;

const key = (type: string, version: number): string => `${type}@${version}`;

export const upcasterRegistry = (upcasters: readonly Upcaster[] = []): UpcasterRegistry => {
  const registry = new Map<string, Upcaster>();
  for (const upcaster of upcasters) {
    const k = key(upcaster.type, upcaster.fromVersion);
    if (registry.has(k)) throw new Error(`Two upcasters for ${k}`);
    registry.set(k, upcaster);
  }
  return registry;
};

/** Applies upcasters one version at a time until none matches. The stored hash is kept as stored. */
export const upcast = (registry: UpcasterRegistry, event: StoredEvent): StoredEvent => {
  if (registry.size === 0) return event;
  let current = event;
  for (;;) {
    const upcaster = registry.get(key(current.type, current.metadata.schemaVersion));
    if (upcaster === undefined) return current;
    const next = upcaster.upcast(current.data);
    if (next.schemaVersion <= current.metadata.schemaVersion) {
      throw new Error(`Upcaster for ${current.type}@${current.metadata.schemaVersion} does not move forward`);
    }
    current = {
      ...current,
      data: next.data,
      metadata: { ...current.metadata, schemaVersion: next.schemaVersion },
    };
  }
};
