import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/ports.js';
import { upcast, upcasterRegistry } from '../../src/upcasting.js';

const stored = (type: string, schemaVersion: number, data: StoredEvent['data']): StoredEvent => ({
  eventId: 'e1',
  type,
  streamId: 'account-1',
  revision: 0n,
  globalPosition: 1n,
  recordedAt: '2026-01-01T00:00:00.000Z',
  data,
  metadata: { schemaVersion },
  hash: 'h',
});

describe('upcasting', () => {
  it('applies upcasters one version at a time and leaves other types alone', () => {
    const registry = upcasterRegistry([
      { type: 'A', fromVersion: 1, upcast: (d) => ({ data: { ...d, v2: true }, schemaVersion: 2 }) },
      { type: 'A', fromVersion: 2, upcast: (d) => ({ data: { ...d, v3: true }, schemaVersion: 3 }) },
    ]);
    const event = upcast(registry, stored('A', 1, { x: 1 }));
    expect(event.data).toEqual({ x: 1, v2: true, v3: true });
    expect(event.metadata.schemaVersion).toBe(3);
    expect(event.hash).toBe('h');
    expect(upcast(registry, stored('B', 1, { x: 1 })).data).toEqual({ x: 1 });
  });

  it('refuses two upcasters for one version and one that does not move forward', () => {
    const up = {
      type: 'A',
      fromVersion: 1,
      upcast: (d: StoredEvent['data']) => ({ data: d, schemaVersion: 1 }),
    };
    expect(() => upcasterRegistry([up, up])).toThrow(/Two upcasters/);
    expect(() => upcast(upcasterRegistry([up]), stored('A', 1, {}))).toThrow(/does not move forward/);
  });
});
