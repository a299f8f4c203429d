// Small projections for the projector's tests: a counter per stream (versions with different
// tables), and orders with two served collections, an internal lookup and deletions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { v4 as uuid } from 'uuid';
import { collection, type Projection } from '../../../../projections/projection.js';
import type { EventStore, JsonObject, NewEvent } from '../../../../src/ports.js';

interface Counter {
  readonly streamId: string;
  readonly count: number;
  readonly lastType: string;
}

/** v1: count and last type per stream. v2 adds a `category` column (and so new tables). */
export const counterProjection = (version = 1, name = 'stream-counter'): Projection => ({
  name,
  version,
  handles: ['Counted', 'Touched'],
  collections: {
    counters: collection<Counter & { readonly category?: string }>({
      table: name === 'stream-counter' ? 'stream_counts' : name.replaceAll('-', '_'),
      key: 'stream_id',
      columns: [
        { name: 'count', type: 'INTEGER', description: 'Events counted in the stream' },
        { name: 'last_type', type: 'TEXT', description: 'The type of the last one' },
        ...(version >= 2
          ? [{ name: 'category', type: 'TEXT' as const, description: 'Stream category' }]
          : []),
      ],
      indexes: [['count']],
      toRow: (doc) => ({
        count: doc.count,
        last_type: doc.lastType,
        ...(version >= 2 ? { category: doc.category ?? null } : {}),
      }),
    }),
  },
  apply: (event, context) => {
    const doc = context.get<Counter>('counters', event.streamId);
    context.put('counters', event.streamId, {
      streamId: event.streamId,
      count: (doc?.count ?? 0) + 1,
      lastType: event.type,
      ...(version >= 2 ? { category: event.streamId.split('-')[0] } : {}),
    });
  },
});

interface Order {
  readonly orderId: string;
  readonly customer: string;
  readonly amount: number;
  readonly note: string | null;
}
interface CustomerTotal {
  readonly customer: string;
  readonly orders: number;
  readonly amount: number;
}

/** OrderPlaced {orderId, customer, amount, note?} / OrderCancelled {orderId}: deletes the order. */
export const ordersProjection = (version = 1): Projection => ({
  name: 'orders',
  version,
  handles: ['OrderPlaced', 'OrderCancelled'],
  collections: {
    orders: collection<Order>({
      table: 'orders',
      key: 'order_id',
      columns: [
        { name: 'customer', type: 'TEXT', description: 'Who ordered' },
        { name: 'amount', type: 'INTEGER', description: 'In cents' },
        { name: 'note', type: 'TEXT', description: 'Free text, often empty' },
      ],
      indexes: [['customer', 'amount']],
      toRow: (doc) => ({ customer: doc.customer, amount: doc.amount, note: doc.note }),
    }),
    customers: collection<CustomerTotal>({
      table: 'customer_totals',
      key: 'customer',
      columns: [
        { name: 'orders', type: 'INTEGER', description: 'Open orders' },
        { name: 'amount', type: 'REAL', description: 'Their total' },
      ],
      indexes: [],
      toRow: (doc) => ({ orders: doc.orders, amount: doc.amount }),
    }),
    lookup: collection<{ readonly customer: string; readonly amount: number }>({
      table: 'order_lookup',
      key: 'order_id',
      columns: [],
      indexes: [],
      toRow: () => ({}),
      internal: true,
    }),
  },
  apply: (event, context) => {
    const orderId = String(event.data['orderId']);
    if (event.type === 'OrderPlaced') {
      const customer = String(event.data['customer']);
      const amount = Number(event.data['amount']);
      const note = typeof event.data['note'] === 'string' ? event.data['note'] : null;
      context.put<Order>('orders', orderId, { orderId, customer, amount, note });
      context.put('lookup', orderId, { customer, amount });
      const total = context.get<CustomerTotal>('customers', customer);
      context.put<CustomerTotal>('customers', customer, {
        customer,
        orders: (total?.orders ?? 0) + 1,
        amount: (total?.amount ?? 0) + amount,
      });
      return;
    }
    const placed = context.get<{ customer: string; amount: number }>('lookup', orderId);
    if (placed === undefined) return;
    context.delete('orders', orderId);
    context.delete('lookup', orderId);
    const total = context.get<CustomerTotal>('customers', placed.customer)!;
    if (total.orders === 1) context.delete('customers', placed.customer);
    else
      context.put<CustomerTotal>('customers', placed.customer, {
        customer: placed.customer,
        orders: total.orders - 1,
        amount: total.amount - placed.amount,
      });
  },
});

export const event = (type: string, data: JsonObject = {}): NewEvent => ({
  eventId: uuid(),
  type,
  data,
  metadata: { schemaVersion: 1 },
});

/** Appends `count` events over `streams` streams, Counted and Touched in turn; returns the last position. */
export const appendCounted = async (
  store: EventStore,
  count: number,
  streams = 7,
  prefix = 'account',
): Promise<bigint> => {
  let position = 0n;
  for (let i = 0; i < count; i += 1) {
    const type = i % 3 === 2 ? 'Touched' : 'Counted';
    ({ position } = await store.append(`${prefix}-${i % streams}`, [event(type, { i })], {
      expectedRevision: 'any',
    }));
  }
  return position;
};

/** Places and cancels orders; deterministic. Returns the last position. */
export const appendOrders = async (store: EventStore, count: number): Promise<bigint> => {
  let position = 0n;
  for (let i = 0; i < count; i += 1) {
    const cancel = i % 5 === 4;
    const data = cancel
      ? { orderId: `o-${i - 2}` }
      : {
          orderId: `o-${i}`,
          customer: `c-${i % 11}`,
          amount: 100 + i,
          ...(i % 4 === 0 ? { note: `n${i}` } : {}),
        };
    ({ position } = await store.append(
      `order-${i % 13}`,
      [event(cancel ? 'OrderCancelled' : 'OrderPlaced', data)],
      {
        expectedRevision: 'any',
      },
    ));
  }
  return position;
};

export interface TempDir {
  readonly path: (name: string) => string;
  readonly remove: () => void;
}

export const tempDir = (): TempDir => {
  const dir = mkdtempSync(join(tmpdir(), 'kare-projector-'));
  return { path: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
};

/**
 * Every row of every collection of each live build, internal ones included, read with a
 * plain connection as an analyst would: { "projection/collection": rows ordered by key }.
 */
export const allRows = (path: string): Record<string, unknown[]> => {
  const db = new Database(path, { readonly: true });
  try {
    const out: Record<string, unknown[]> = {};
    const live = db
      .prepare(
        "SELECT projection, tables FROM projection_checkpoints WHERE state = 'live' ORDER BY projection",
      )
      .all() as { projection: string; tables: string }[];
    for (const { projection, tables } of live) {
      for (const layout of JSON.parse(tables) as { collection: string; physical: string; key: string }[]) {
        out[`${projection}/${layout.collection}`] = db
          .prepare(`SELECT * FROM "${layout.physical}" ORDER BY "${layout.key}"`)
          .all();
      }
    }
    return out;
  } finally {
    db.close();
  }
};

export interface CheckpointRecord {
  readonly projection: string;
  readonly state: string;
  readonly version: number;
  readonly build: number;
  readonly position: bigint;
}

/** The checkpoints as recorded: one row per build (positions as bigint, as stored). */
export const checkpoints = (path: string): CheckpointRecord[] => {
  const db = new Database(path, { readonly: true });
  db.defaultSafeIntegers(true);
  try {
    const rows = db
      .prepare(
        'SELECT projection, state, version, build, position FROM projection_checkpoints ORDER BY projection, state',
      )
      .all() as { projection: string; state: string; version: bigint; build: bigint; position: bigint }[];
    return rows.map((row) => ({ ...row, version: Number(row.version), build: Number(row.build) }));
  } finally {
    db.close();
  }
};

/** The names of the tables and views in the file. */
export const schemaObjects = (path: string): { tables: string[]; views: string[] } => {
  const db = new Database(path, { readonly: true });
  try {
    const names = (type: string) =>
      (
        db.prepare('SELECT name FROM sqlite_master WHERE type = ? ORDER BY name').all(type) as {
          name: string;
        }[]
      ).map((row) => row.name);
    return { tables: names('table'), views: names('view') };
  } finally {
    db.close();
  }
};

/** Polls `probe` until it returns true, failing after `timeoutMs` (a bound, not a speed assertion). */
export const eventually = async (
  probe: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};
