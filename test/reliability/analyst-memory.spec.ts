// Issue #14, item 1: one analyst crashed the server by reading a read model with a different
// `asOf` each time — every answer was kept whole in the presented-rows cache (64 result sets, no
// size bound). The cache is now bounded by the bytes of what it holds: a few hundred distinct
// `asOf` reads keep its byte count under its budget and the heap's growth under a bound.
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../adapters/http/app.js';
import {
  PresentedRowsCache,
  TABLE_CHUNK,
  jsonBytes,
  selectRows,
} from '../../adapters/http/read-model-rows.js';
import { readModelRoutes, type ReadModelEngine } from '../../adapters/http/read-model-routes.js';
import type { KeyedRow } from '../../adapters/http/presented-order.js';
import { POLICY_V1 } from '../../domain/kernel/index.js';
import type { Projection } from '../../projections/projection.js';
import { readModel } from '../../projections/read-model.js';
import type { ReadModelQuery } from '../../src/ports.js';
import { loopTurnsDuring } from '../support/loop-turns.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const ROWS = 2000;
interface Doc {
  readonly id: string;
  readonly name: string;
  readonly amount: number;
}
const DOCS = Array.from({ length: ROWS }, (_, i) => ({
  key: `row-${i}`,
  doc: { id: `row-${i}`, name: `Account ${i} ${'x'.repeat(200)}`, amount: i * 1.5 } satisfies Doc,
}));

// Every presented row depends on asOf, as time-dependent fields do: a new day is a new result.
const model = readModel<Doc>({
  name: 'big-daily',
  collection: 'big_daily',
  fields: [
    { name: 'id', type: 'string', description: 'id' },
    { name: 'note', type: 'string', description: 'note' },
    { name: 'amount', type: 'number', description: 'amount' },
  ],
  present: (doc, { asOf }) => ({ id: doc.id, note: `${doc.name} as of ${asOf}`, amount: doc.amount }),
  filters: [],
  sortable: ['amount'],
  reports: [],
});
const projection = {
  name: 'big',
  version: 1,
  handles: [],
  collections: { rows: { table: 'big_daily' } },
  apply: () => undefined,
} as unknown as Projection;

// In key order, as the store pages them: the read presents a table a chunk at a time.
DOCS.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
const engine = {
  readModels: {
    find: async (_collection: string, query?: ReadModelQuery) => {
      const after = query?.after?.[0];
      const rest = after === undefined ? DOCS : DOCS.filter(({ key }) => key > String(after));
      return rest.slice(0, query?.limit ?? rest.length);
    },
    get: async () => undefined,
  },
  projector: {
    status: async () => [{ name: 'big', version: 1, position: 7n }],
    waitFor: async () => true,
  },
  clock: { now: () => '2026-06-15T09:00:00.000Z' },
  policy: POLICY_V1,
} as unknown as ReadModelEngine;

const appWith = (cache: PresentedRowsCache): express.Express =>
  createApp({
    apiKeys: [],
    logger: pino({ level: 'silent' }),
    routes: [readModelRoutes(engine, { models: [model], projections: [projection], presentedRows: cache })],
  });

/** The i-th day after 2020-01-01. */
const dayAfter = (i: number): string => new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10);

describe('an analyst reading a read model as of many days', () => {
  it('keeps the presented-rows cache within its byte budget and the heap growth bounded', async () => {
    const budget = 4 * 1024 * 1024;
    const cache = new PresentedRowsCache(budget);
    const app = appWith(cache);
    // One result set is about 0.5 MB of JSON: the budget holds a handful, never hundreds.
    const first = await request(app).get(`/read-models/big-daily?limit=1&asOf=${dayAfter(0)}`);
    expect(first.status).toBe(200);
    gc();
    const before = process.memoryUsage().heapUsed;
    let highest = 0;
    for (let i = 1; i <= 300; i++) {
      const res = await request(app).get(`/read-models/big-daily?limit=1&asOf=${dayAfter(i)}`);
      expect(res.status).toBe(200);
      highest = Math.max(highest, cache.bytes);
    }
    gc();
    const growth = process.memoryUsage().heapUsed - before;
    expect(highest).toBeGreaterThan(0);
    expect(highest).toBeLessThanOrEqual(budget);
    expect(cache.size).toBeLessThan(20);
    // 300 result sets kept whole would be several hundred MB; the budget allows a few MB of JSON.
    expect(growth).toBeLessThan(32 * 1024 * 1024);
  });
});

describe('a read that presents a whole table (a sort by a value that moves with asOf)', () => {
  it('presents it a chunk at a time, letting the event loop serve others between chunks', async () => {
    const { result: rows, turns } = await loopTurnsDuring(() =>
      selectRows(
        engine.readModels,
        { table: 'big_daily', key: 'id' },
        model,
        { filters: [], asOf: '2026-06-15', minPosition: undefined },
        POLICY_V1,
      ),
    );
    expect(rows).toHaveLength(ROWS);
    // Each chunk but the last gives the loop a turn: other requests are served meanwhile.
    expect(ROWS / TABLE_CHUNK).toBeGreaterThanOrEqual(4);
    expect(turns).toBeGreaterThanOrEqual(3);
  });
});

describe('the presented-rows cache', () => {
  const rows = (n: number, tag: string): KeyedRow[] =>
    Array.from({ length: n }, (_, i) => ({ key: `k${i}`, row: { tag, text: 'y'.repeat(100) } }));
  const sizeOf = (n: number, tag: string) => jsonBytes(rows(n, tag));

  it('evicts the least recently used entries first, by bytes', async () => {
    const one = sizeOf(10, 'a');
    const cache = new PresentedRowsCache(Math.floor(one * 2.5));
    let loads = 0;
    const load = (tag: string) => async () => {
      loads++;
      return rows(10, tag);
    };
    await cache.get('a', load('a'));
    await cache.get('b', load('b'));
    await cache.get('a', load('a')); // a is now the most recent
    await cache.get('c', load('c')); // evicts b
    expect(cache.bytes).toBeLessThanOrEqual(cache.maxBytes);
    expect(loads).toBe(3);
    await cache.get('a', load('a'));
    expect(loads).toBe(3);
    await cache.get('b', load('b'));
    expect(loads).toBe(4);
  });

  it('serves a result larger than the whole budget without keeping it', async () => {
    const cache = new PresentedRowsCache(1000);
    const got = await cache.get('big', async () => rows(100, 'big'));
    expect(got).toHaveLength(100);
    expect(cache.bytes).toBe(0);
    expect(cache.size).toBe(0);
  });

  it('estimates the JSON size of what it holds', () => {
    const value = { a: 'text', b: 12.5, c: [true, null, 'x'], d: { e: false } };
    const exact = JSON.stringify(value).length;
    expect(jsonBytes(value)).toBeGreaterThanOrEqual(exact);
    expect(jsonBytes(value)).toBeLessThan(exact * 2);
  });
});
