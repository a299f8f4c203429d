// The read-model store contract: one suite, run against every read-model database (SQLite,
// PostgreSQL). What an analyst opens (a typed table per collection and build, a view of the
// logical name over the live one), the projector's storage (rows and checkpoint in one
// transaction, a checkpoint moved by another writer refused, an atomic blue/green swap, the
// same rows however events fall into batches) and ReadModelStore queries (where, between,
// orderBy, limit, keyset pagination) with every column checked and every value a parameter.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../adapters/memory/event-store.js';
import {
  collection,
  type Column,
  type ProjectedEvent,
  type Projection,
} from '../../projections/projection.js';
import type { Link } from '../../projections/read-model.js';
import { createProjector, type ProjectorOptions } from '../../src/consumers/projector/projector.js';
import {
  CheckpointMoved,
  InvalidReadModelQuery,
  type Build,
  type BuildTables,
  type CommitRequest,
  type EventStore,
  type ProjectionStorage,
  type ReadModelQuery,
  type ReadModelStore,
  type SqlValue,
} from '../../src/ports.js';
import { collect } from './event-store.contract.js';
import { runProjection } from '../support/projection-harness.js';
import {
  appendOrders,
  counterProjection,
  event,
  ordersProjection,
} from '../src/consumers/projector/fixtures.js';

/** What an analyst's SQL client sees of the database. */
export interface Analyst {
  /** A table's columns in order: name, type as the database names it, whether it is the primary key. */
  columns(table: string): Promise<(readonly [string, string, boolean])[]>;
  /** The columns of each index declared on a table (the primary key's left out). */
  indexes(table: string): Promise<string[][]>;
  /** Each view's name and the table it selects from. */
  views(): Promise<Record<string, string>>;
  /** The tables, by name. */
  tables(): Promise<string[]>;
  /** The rows of a query, whole numbers as numbers and the document as its JSON text. */
  rows(sql: string): Promise<Record<string, unknown>[]>;
}

export interface ReadModelConnection {
  readonly storage: ProjectionStorage;
  readonly reads: ReadModelStore;
}

export interface ReadModelDatabase extends ReadModelConnection {
  /** Another connection to the same database, as a second process would open it. */
  connect(): ReadModelConnection;
  readonly analyst: Analyst;
  cleanup(): Promise<void>;
}

export interface ReadModelStoreFactory {
  readonly name: string;
  /** How the database names the type of each kind of column. */
  readonly types: {
    readonly TEXT: string;
    readonly INTEGER: string;
    readonly REAL: string;
    readonly doc: string;
  };
  create(): Promise<ReadModelDatabase>;
}

/** [orderId, customer, amount, note]: ties on customer and amount, some notes missing. */
const ORDERS: readonly (readonly [string, string, number, string | null])[] = [
  ['o-01', 'c-b', 300, 'rush'],
  ['o-02', 'c-a', 100, null],
  ['o-03', 'c-c', 200, 'gift'],
  ['o-04', 'c-a', 300, null],
  ['o-05', 'c-b', 150, 'rush'],
  ['o-06', 'c-c', 100, 'boxed'],
  ['o-07', 'c-a', 200, null],
  ['o-08', 'c-b', 250, 'gift'],
  ['o-09', 'c-a', 300, 'rush'],
  ['o-10', 'c-c', 50, null],
  ['o-11', 'c-b', 200, 'it\'s "quoted"'],
];

/**
 * The orders again, each with the words of its note as pairs (the `note` filter's link) and the
 * days it counts for its customer (a link `during` days): from the 1st of January plus its amount
 * in fifties, for two days when it has a note, for good when it has none.
 */
const linkedOrdersProjection = (): Projection => {
  const dayOf = (n: number): string => `2026-01-${String(n).padStart(2, '0')}`;
  return {
    name: 'linked-orders',
    version: 1,
    handles: ['OrderPlaced'],
    collections: {
      orders: collection<{ readonly customer: string; readonly amount: number }>({
        table: 'linked_orders',
        key: 'order_id',
        columns: [
          { name: 'customer', type: 'TEXT', description: 'Who ordered' },
          { name: 'amount', type: 'INTEGER', description: 'In cents' },
        ],
        indexes: [['amount']],
        toRow: (doc) => ({ customer: doc.customer, amount: doc.amount }),
      }),
      words: collection<{ readonly orderId: string; readonly word: string }>({
        table: 'order_words',
        key: 'order_word',
        columns: [
          { name: 'order_id', type: 'TEXT', description: 'The order' },
          { name: 'word', type: 'TEXT', description: 'A word of its note' },
        ],
        indexes: [['word', 'order_id']],
        toRow: (doc) => ({ order_id: doc.orderId, word: doc.word }),
        internal: true,
      }),
      spans: collection<{
        readonly orderId: string;
        readonly customer: string;
        from: string;
        until: string | null;
      }>({
        table: 'order_days',
        key: 'order_id',
        columns: [
          { name: 'customer', type: 'TEXT', description: 'Who ordered' },
          { name: 'since', type: 'TEXT', description: 'First day it counts' },
          { name: 'until', type: 'TEXT', description: 'Day it stops counting; null: never' },
        ],
        indexes: [['customer', 'since', 'until']],
        toRow: (doc) => ({ customer: doc.customer, since: doc.from, until: doc.until }),
        internal: true,
      }),
    },
    apply: (event, context) => {
      const orderId = String(event.data['orderId']);
      const customer = String(event.data['customer']);
      const amount = Number(event.data['amount']);
      const note = typeof event.data['note'] === 'string' ? event.data['note'] : '';
      context.put('orders', orderId, { customer, amount });
      for (const word of note.split(/\W+/).filter((w) => w !== ''))
        context.put('words', `${orderId}/${word}`, { orderId, word });
      const from = amount / 50;
      context.put('spans', orderId, {
        orderId,
        customer,
        from: dayOf(from),
        until: note === '' ? null : dayOf(from + 2),
      });
    },
  };
};

const rejection = async (promise: Promise<unknown>): Promise<InvalidReadModelQuery> => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidReadModelQuery);
    return error as InvalidReadModelQuery;
  }
  throw new Error('expected the query to be refused');
};

/**
 * Makes a batch's request, reading documents as a projector does (outside the transaction), and
 * commits it: on tables read in process or across a network alike.
 */
export const transact = async (
  tables: BuildTables,
  batch: (
    read: (collection: string, key: string) => Promise<string | undefined>,
  ) => Promise<CommitRequest | undefined>,
): Promise<void> => {
  if (tables.reads === 'async') {
    const request = await batch(async (collection, key) =>
      (await tables.fetch(new Map([[collection, new Set([key])]]))).get(collection)?.get(key),
    );
    if (request !== undefined) await tables.transact(request);
    return;
  }
  const request = await batch(async (collection, key) => tables.read(collection, key));
  if (request !== undefined) tables.transact(request);
};

/** A counter's change: the document and its row, as the projector would commit it. */
const counted = (key: string, count: number) => ({
  json: JSON.stringify({ streamId: key, count, lastType: 'Counted' }),
  row: { count, last_type: 'Counted' },
});

export const readModelStoreContract = (factory: ReadModelStoreFactory): void => {
  describe(`read-model store contract: ${factory.name}`, () => {
    let store: EventStore;
    let subject: ReadModelDatabase;
    let reads: ReadModelStore;

    const project = async (
      projections: readonly Projection[],
      on: ReadModelConnection = subject,
      options: Omit<ProjectorOptions, 'store' | 'storage' | 'projections'> = {},
    ): Promise<void> => {
      await createProjector({ store, storage: on.storage, projections, ...options }).catchUp();
    };

    beforeEach(async () => {
      store = createMemoryEventStore();
      for (const [orderId, customer, amount, note] of ORDERS) {
        await store.append(
          `order-${orderId}`,
          [event('OrderPlaced', { orderId, customer, amount, ...(note === null ? {} : { note }) })],
          { expectedRevision: 'no_stream' },
        );
      }
      subject = await factory.create();
      reads = subject.reads;
      await project([ordersProjection(), counterProjection()]);
    });
    afterEach(async () => {
      await subject.cleanup();
      await store.close();
    });

    const keys = async (query: ReadModelQuery, table = 'orders'): Promise<string[]> =>
      (await reads.find(table, query)).map((r) => r.key);

    describe('the tables an analyst opens', () => {
      it('has per collection a table with the key, the typed plain columns and the document, behind a view', async () => {
        const { analyst } = subject;
        const { TEXT, INTEGER, REAL, doc } = factory.types;
        expect(await analyst.columns('orders__v1')).toEqual([
          ['order_id', TEXT, true],
          ['customer', TEXT, false],
          ['amount', INTEGER, false],
          ['note', TEXT, false],
          ['doc', doc, false],
        ]);
        expect(await analyst.columns('customer_totals__v1')).toEqual([
          ['customer', TEXT, true],
          ['orders', INTEGER, false],
          ['amount', REAL, false],
          ['doc', doc, false],
        ]);
        // The key last: rows tied on the declared columns come off the index in key order.
        expect(await analyst.indexes('orders__v1')).toEqual([['customer', 'amount', 'order_id']]);
        expect(await analyst.views()).toEqual({
          customer_totals: 'customer_totals__v1',
          orders: 'orders__v1',
          stream_counts: 'stream_counts__v1',
        });
        // The internal lookup has its table but no view.
        expect(await analyst.rows('SELECT COUNT(*) AS n FROM order_lookup__v1')).toEqual([
          { n: ORDERS.length },
        ]);
        expect(await analyst.rows("SELECT * FROM orders WHERE order_id = 'o-01'")).toEqual([
          {
            order_id: 'o-01',
            customer: 'c-b',
            amount: 300,
            note: 'rush',
            doc: JSON.stringify({ orderId: 'o-01', customer: 'c-b', amount: 300, note: 'rush' }),
          },
        ]);
      });

      it('refuses a definition whose names are not plain SQL names or collide with the stores, creating nothing', async () => {
        const { storage, analyst } = subject;
        const named = (
          table: string,
          columns: readonly Column[] = [{ name: 'n', type: 'INTEGER', description: '' }],
          key = 'id',
        ) =>
          ({
            name: `bad-${table.length}`,
            version: 1,
            handles: [],
            apply: () => undefined,
            collections: {
              things: collection<unknown>({ table, key, columns, indexes: [], toRow: () => ({}) }),
            },
          }) satisfies Projection;
        const refused = (projection: Projection) =>
          expect(Promise.resolve().then(() => storage.create(projection, 'live', 0))).rejects;
        const tablesBefore = await analyst.tables();

        await refused(named('events')).toThrow(/reserved/);
        await refused(named('snapshots')).toThrow(/reserved/);
        await refused(named('projection_checkpoints')).toThrow(/reserved/);
        await refused(named('x"; DROP TABLE events; --')).toThrow(/not a snake_case SQL name/);
        await refused(named('two__parts')).toThrow(/__/);
        await refused(named('things', [{ name: 'doc', type: 'TEXT', description: '' }])).toThrow(/reserved/);
        await refused(named('things', [], 'Id')).toThrow(/not a snake_case SQL name/);
        await refused(named('things', [{ name: 'n', type: 'BLOB' as never, description: '' }])).toThrow(
          /TEXT, INTEGER or REAL/,
        );
        await refused({
          ...named('things'),
          collections: {
            things: collection<unknown>({
              table: 'things',
              key: 'id',
              columns: [],
              indexes: [['nope']],
              toRow: () => ({}),
            }),
          },
        }).toThrow(/undeclared column nope/);

        expect(await analyst.tables()).toEqual(tablesBefore);
      });
    });

    describe('projection storage', () => {
      const counter = counterProjection(1, 'tally');
      const fresh = async (): Promise<{ build: Build; tables: BuildTables }> => {
        const build = await subject.storage.create(counter, 'live', 0);
        return { build, tables: await subject.storage.tables(counter, build) };
      };

      it('commits the rows and the checkpoint together, and neither when the transaction fails', async () => {
        const { tables } = await fresh();
        await transact(tables, async () => ({
          changes: new Map([['counters', new Map([['s-1', counted('s-1', 1)]])]]),
          from: 0n,
          to: 2n ** 60n,
          store: 'store-1',
        }));
        expect((await subject.storage.builds('tally')).live).toMatchObject({
          position: 2n ** 60n,
          store: 'store-1',
        });
        await expect(
          transact(tables, async (read) => {
            expect(JSON.parse((await read('counters', 's-1'))!)).toMatchObject({ count: 1 });
            return {
              changes: new Map([
                [
                  'counters',
                  new Map([
                    ['s-1', counted('s-1', 2)],
                    ['s-2', counted('s-2', 1)],
                  ]),
                ],
              ]),
              from: 2n ** 60n,
              to: 2n ** 60n + 5n,
              beforeCommit: () => {
                throw new Error('power cut');
              },
            };
          }),
        ).rejects.toThrow(/power cut/);
        expect((await subject.storage.builds('tally')).live?.position).toBe(2n ** 60n);
        expect((await reads.find('tally')).map((r) => r.row)).toEqual([
          { stream_id: 's-1', count: 1, last_type: 'Counted' },
        ]);
      });

      it('refuses a batch whose checkpoint another writer moved, writing nothing of it', async () => {
        const { build, tables } = await fresh();
        const other = subject.connect();
        const theirs = await other.storage.tables(counter, build);
        await transact(theirs, async () => ({
          changes: new Map([['counters', new Map([['s-1', counted('s-1', 7)]])]]),
          from: 0n,
          to: 7n,
        }));
        const late = transact(tables, async () => ({
          changes: new Map([
            [
              'counters',
              new Map([
                ['s-1', counted('s-1', 3)],
                ['s-2', counted('s-2', 3)],
              ]),
            ],
          ]),
          from: 0n,
          to: 3n,
        }));
        await expect(late).rejects.toBeInstanceOf(CheckpointMoved);
        expect((await subject.storage.builds('tally')).live?.position).toBe(7n);
        expect((await reads.find('tally')).map((r) => r.row)).toEqual([
          { stream_id: 's-1', count: 7, last_type: 'Counted' },
        ]);
      });

      it('stores a number a row puts in a text column as SQLite writes it, and finds it by that number', async () => {
        const { tables } = await fresh();
        await transact(tables, async () => ({
          changes: new Map([
            [
              'counters',
              new Map([
                ['s-1', { json: '{}', row: { count: 1, last_type: 10 } }],
                ['s-2', { json: '{}', row: { count: 2, last_type: 2.5 } }],
              ]),
            ],
          ]),
          from: 0n,
          to: 1n,
        }));
        expect((await reads.find('tally')).map((r) => r.row['last_type'])).toEqual(['10.0', '2.5']);
        expect((await reads.find('tally', { where: { last_type: 10 } })).map((r) => r.key)).toEqual(['s-1']);
        expect((await reads.find('tally', { where: { last_type: '10' } })).map((r) => r.key)).toEqual([]);
      });

      it('deletes the documents a batch deletes', async () => {
        const { tables } = await fresh();
        await transact(tables, async () => ({
          changes: new Map([
            [
              'counters',
              new Map([
                ['s-1', counted('s-1', 1)],
                ['s-2', counted('s-2', 1)],
              ]),
            ],
          ]),
          from: 0n,
          to: 1n,
        }));
        await transact(tables, async () => ({
          changes: new Map([['counters', new Map([['s-1', null]])]]),
          from: 1n,
          to: 2n,
        }));
        expect((await reads.find('tally')).map((r) => r.key)).toEqual(['s-2']);
      });

      it('swaps a building build in at once: views move, the old tables and checkpoint go', async () => {
        const live = (await subject.storage.builds('stream-counter')).live!;
        const v2 = counterProjection(2);
        const building = await subject.storage.create(v2, 'building', 0);
        expect(await subject.analyst.views()).toMatchObject({ stream_counts: 'stream_counts__v1' });
        const promoted = await subject.storage.promote(building, live);
        expect(promoted).toMatchObject({ state: 'live', version: 2 });
        expect(await subject.analyst.views()).toMatchObject({ stream_counts: 'stream_counts__v2' });
        expect(await subject.analyst.tables()).not.toContain('stream_counts__v1');
        expect(await subject.storage.builds('stream-counter')).toEqual({ live: promoted });
        expect((await reads.find('stream_counts')).map((r) => r.row)).toEqual([]);
      });

      it('discards an abandoned build: its tables and checkpoint', async () => {
        const building = await subject.storage.create(counterProjection(2), 'building', 0);
        expect(await subject.analyst.tables()).toContain('stream_counts__v2');
        await subject.storage.discard(building);
        expect(await subject.analyst.tables()).not.toContain('stream_counts__v2');
        expect((await subject.storage.builds('stream-counter')).building).toBeUndefined();
      });

      it('gives the same rows however the events fall into batches and whatever is cached', async () => {
        await appendOrders(store, 120);
        const events = (await collect(store.readAll())) as unknown as ProjectedEvent[];
        const expected = runProjection(ordersProjection(2), events);
        for (const options of [
          { batchSize: 1, documentCacheBytes: 0, heldBatchBytes: 0 },
          { batchSize: 7, documentCacheBytes: 0, heldBatchBytes: 0 },
          { batchSize: 2000, documentCacheBytes: 0 },
          { batchSize: 13, documentCacheBytes: 16 * 1024 * 1024, heldBatchBytes: 0 },
          // Pages held in one batch (all of them, or a few at a time), with and without a cache.
          { batchSize: 7, documentCacheBytes: 0 },
          { batchSize: 5, documentCacheBytes: 16 * 1024 * 1024, heldBatchBytes: 8 * 1024 },
        ]) {
          // A rebuild from the first event, on another connection, at this batch size and cache.
          const other = subject.connect();
          await createProjector({
            store,
            storage: other.storage,
            projections: [ordersProjection(2)],
            ...options,
          }).rebuild('orders');
          for (const [name, table] of [
            ['orders', 'orders'],
            ['customers', 'customer_totals'],
          ] as const) {
            const rows = await other.reads.find(table);
            expect(
              rows.map((r) => r.row),
              JSON.stringify(options),
            ).toEqual(expected.rows(name));
            expect(rows.map((r) => r.doc)).toEqual(rows.map((r) => expected.doc(name, r.key)));
          }
        }
      });
    });

    describe('queries', () => {
      it('gets a row by key with its plain columns (numbers, not bigints) and its document', async () => {
        expect(await reads.get('orders', 'o-05')).toEqual({
          key: 'o-05',
          row: { order_id: 'o-05', customer: 'c-b', amount: 150, note: 'rush' },
          doc: { orderId: 'o-05', customer: 'c-b', amount: 150, note: 'rush' },
        });
        expect(await reads.get('orders', 'o-99')).toBeUndefined();
        const total = await reads.get('customer_totals', 'c-a');
        expect(total?.row).toEqual({ customer: 'c-a', orders: 4, amount: 900 });
      });

      it('finds every row in key order by default', async () => {
        expect(await keys({})).toEqual(ORDERS.map(([id]) => id));
      });

      it('filters by equality, membership and missing values', async () => {
        expect(await keys({ where: { customer: 'c-a' } })).toEqual(['o-02', 'o-04', 'o-07', 'o-09']);
        expect(await keys({ where: { customer: 'c-a', amount: 300 } })).toEqual(['o-04', 'o-09']);
        expect(await keys({ where: { amount: [50, 150] } })).toEqual(['o-05', 'o-10']);
        expect(await keys({ where: { note: null } })).toEqual(['o-02', 'o-04', 'o-07', 'o-10']);
        expect(await keys({ where: { note: ['gift', null] } })).toEqual([
          'o-02',
          'o-03',
          'o-04',
          'o-07',
          'o-08',
          'o-10',
        ]);
        expect(await keys({ where: { note: [] } })).toEqual([]);
        expect(await keys({ where: { order_id: 'o-03' } })).toEqual(['o-03']);
      });

      it('filters by a value missing or other than one given (except)', async () => {
        // Notes: rush o-01 o-05 o-09, gift o-03 o-08, boxed o-06, quoted o-11, none o-02 o-04 o-07 o-10.
        expect(await keys({ except: { note: 'rush' } })).toEqual([
          'o-02',
          'o-03',
          'o-04',
          'o-06',
          'o-07',
          'o-08',
          'o-10',
          'o-11',
        ]);
        expect(await keys({ except: { note: null } })).toEqual([
          'o-01',
          'o-03',
          'o-05',
          'o-06',
          'o-08',
          'o-09',
          'o-11',
        ]);
        expect(await keys({ except: { amount: 300 }, where: { customer: 'c-a' } })).toEqual(['o-02', 'o-07']);
      });

      it('compares a number column with text, and a text column with a number, as SQLite does', async () => {
        expect(await keys({ where: { amount: '300' } })).toEqual(['o-01', 'o-04', 'o-09']);
        expect(await keys({ where: { amount: 'lots' } })).toEqual([]);
        expect(await keys({ between: { amount: [null, 'lots'] } })).toHaveLength(ORDERS.length);
        expect(await keys({ between: { amount: ['lots', null] } })).toEqual([]);
        expect(await keys({ where: { amount: 150.5 } })).toEqual([]);
        expect(await keys({ between: { amount: [149.5, 150.5] } })).toEqual(['o-05']);
        expect(await keys({ where: { customer: 7 } })).toEqual([]);
      });

      it('filters by inclusive ranges, open at either end', async () => {
        expect(await keys({ between: { amount: [200, 250] } })).toEqual(['o-03', 'o-07', 'o-08', 'o-11']);
        expect(await keys({ between: { amount: [null, 100] } })).toEqual(['o-02', 'o-06', 'o-10']);
        expect(await keys({ between: { amount: [300, null] } })).toEqual(['o-01', 'o-04', 'o-09']);
        expect(await keys({ between: { order_id: ['o-09', 'o-10'] }, where: { customer: 'c-c' } })).toEqual([
          'o-10',
        ]);
      });

      it('sorts by columns in either direction with the key as the last tie-breaker, and limits', async () => {
        // Ties broken by the key in the first sort key's direction: as a (column, key) index reads backwards.
        expect(await keys({ orderBy: [{ column: 'amount', direction: 'desc' }] })).toEqual([
          'o-09',
          'o-04',
          'o-01',
          'o-08',
          'o-11',
          'o-07',
          'o-03',
          'o-05',
          'o-06',
          'o-02',
          'o-10',
        ]);
        expect(
          await keys({
            orderBy: [
              { column: 'customer', direction: 'desc' },
              { column: 'amount', direction: 'asc' },
            ],
            limit: 4,
          }),
        ).toEqual(['o-10', 'o-06', 'o-03', 'o-05']);
        expect(await keys({ orderBy: [{ column: 'order_id', direction: 'desc' }], limit: 2 })).toEqual([
          'o-11',
          'o-10',
        ]);
        expect(await keys({ limit: 0 })).toEqual([]);
      });

      it('sorts missing values first ascending and last descending', async () => {
        const notes = async (direction: 'asc' | 'desc') =>
          (await reads.find('orders', { orderBy: [{ column: 'note', direction }] })).map(
            (r) => r.row['note'],
          );
        expect(await notes('asc')).toEqual([
          null,
          null,
          null,
          null,
          'boxed',
          'gift',
          'gift',
          'it\'s "quoted"',
          'rush',
          'rush',
          'rush',
        ]);
        expect(await notes('desc')).toEqual([
          'rush',
          'rush',
          'rush',
          'it\'s "quoted"',
          'gift',
          'gift',
          'boxed',
          null,
          null,
          null,
          null,
        ]);
      });

      it('pages with a keyset cursor through any sort, nulls and ties included, exactly once each', async () => {
        const sorts: ReadModelQuery['orderBy'][] = [
          [],
          [{ column: 'amount', direction: 'asc' }],
          [{ column: 'amount', direction: 'desc' }],
          [{ column: 'note', direction: 'asc' }],
          [{ column: 'note', direction: 'desc' }],
          [
            { column: 'customer', direction: 'asc' },
            { column: 'note', direction: 'desc' },
          ],
          [
            { column: 'note', direction: 'asc' },
            { column: 'amount', direction: 'desc' },
          ],
        ];
        for (const orderBy of sorts) {
          const sortColumns = [...(orderBy ?? []).map((s) => s.column), 'order_id'];
          const everything = await keys({ orderBy });
          for (const limit of [1, 2, 3, 5]) {
            const paged: string[] = [];
            let after: SqlValue[] | undefined;
            for (;;) {
              const page = await reads.find('orders', {
                orderBy,
                limit,
                ...(after === undefined ? {} : { after }),
              });
              paged.push(...page.map((r) => r.key));
              if (page.length < limit) break;
              const last = page.at(-1)!;
              after = sortColumns.map((column) => last.row[column] ?? null);
            }
            expect(paged, JSON.stringify({ orderBy, limit })).toEqual(everything);
          }
        }
      });

      it('combines filters with a cursor', async () => {
        const first = await reads.find('orders', {
          where: { customer: ['c-a', 'c-b'] },
          orderBy: [{ column: 'amount', direction: 'desc' }],
          limit: 3,
        });
        expect(first.map((r) => r.key)).toEqual(['o-09', 'o-04', 'o-01']);
        const rest = await keys({
          where: { customer: ['c-a', 'c-b'] },
          orderBy: [{ column: 'amount', direction: 'desc' }],
          after: [300, 'o-01'],
        });
        expect(rest).toEqual(['o-08', 'o-11', 'o-07', 'o-05', 'o-02']);
      });

      it('selects through a link table of the same build: the rows paired with any value asked, on a day', async () => {
        await project([linkedOrdersProjection()]);
        const words: Link = { table: 'order_words', key: 'order_id', value: 'word' };
        const days: Link = {
          table: 'order_days',
          key: 'order_id',
          value: 'customer',
          during: { from: 'since', until: 'until' },
        };
        const linked = async (query: ReadModelQuery): Promise<string[]> => keys(query, 'linked_orders');
        // Notes: rush o-01 o-05 o-09, gift o-03 o-08, boxed o-06, `it's "quoted"` o-11.
        expect(await linked({ links: [{ link: words, values: ['rush'] }] })).toEqual([
          'o-01',
          'o-05',
          'o-09',
        ]);
        expect(await linked({ links: [{ link: words, values: ['gift', 'boxed', 'gift'] }] })).toEqual([
          'o-03',
          'o-06',
          'o-08',
        ]);
        expect(await linked({ links: [{ link: words, values: ['quoted', 's'] }] })).toEqual(['o-11']);
        expect(await linked({ links: [{ link: words, values: [] }] })).toEqual([]);
        expect(await linked({ links: [{ link: words, values: ["rush') OR 1=1 --"] }] })).toEqual([]);
        // With the other filters, a sort and a cursor (the arms of a descending page): all hold.
        const rushOrGift = { links: [{ link: words, values: ['rush', 'gift'] }] };
        expect(await linked({ ...rushOrGift, where: { customer: 'c-b' } })).toEqual(['o-01', 'o-05', 'o-08']);
        expect(await linked({ ...rushOrGift, between: { amount: [200, null] } })).toEqual([
          'o-01',
          'o-03',
          'o-08',
          'o-09',
        ]);
        const sorted = { ...rushOrGift, orderBy: [{ column: 'amount', direction: 'desc' }] } as const;
        expect(await linked({ ...sorted, limit: 2 })).toEqual(['o-09', 'o-01']);
        expect(await linked({ ...sorted, after: [300, 'o-01'] })).toEqual(['o-08', 'o-03', 'o-05']);
        expect(await linked({ ...sorted, except: { customer: 'c-a' }, after: [300, 'o-01'] })).toEqual([
          'o-08',
          'o-03',
          'o-05',
        ]);
        // Two links: both hold.
        expect(
          await linked({
            links: [
              { link: words, values: ['rush', 'gift'] },
              { link: days, values: ['c-b'], day: '2026-01-05' },
            ],
          }),
        ).toEqual(['o-08']);
        // c-a: o-02 from the 2nd, o-07 from the 4th, o-04 from the 6th, o-09 on the 6th and 7th.
        const ofCa = (day: string) => linked({ links: [{ link: days, values: ['c-a'], day }] });
        expect(await ofCa('2026-01-01')).toEqual([]);
        expect(await ofCa('2026-01-04')).toEqual(['o-02', 'o-07']);
        expect(await ofCa('2026-01-07')).toEqual(['o-02', 'o-04', 'o-07', 'o-09']);
        expect(await ofCa('2026-01-08')).toEqual(['o-02', 'o-04', 'o-07']);
        // A link that holds on some days needs one; a link's names are plain SQL names.
        const dayless = await rejection(
          reads.find('linked_orders', { links: [{ link: days, values: ['c-a'] }] } as never),
        );
        expect(dayless.reason).toBe('bad_value');
        for (const name of ['order_words; DROP TABLE orders__v1; --', 'order__words'])
          expect(
            (
              await rejection(
                reads.find('linked_orders', {
                  links: [{ link: { ...words, table: name }, values: ['rush'] }],
                } as never),
              )
            ).reason,
          ).toBe('unknown_column');
        const column = await rejection(
          reads.find('linked_orders', {
            links: [{ link: { ...words, value: 'word = word OR 1' }, values: ['x'] }],
          } as never),
        );
        expect(column.reason).toBe('unknown_column');
        expect(await keys({}, 'linked_orders')).toHaveLength(ORDERS.length);
      });

      it('refuses unknown columns wherever a query names one, listing the columns it has', async () => {
        const allowed = ['order_id', 'customer', 'amount', 'note'];
        const where = await rejection(reads.find('orders', { where: { doc: 'x' } }));
        expect(where).toMatchObject({ reason: 'unknown_column', allowed });
        await rejection(reads.find('orders', { between: { price: [1, 2] } }));
        await rejection(reads.find('orders', { orderBy: [{ column: 'amount DESC; --', direction: 'asc' }] }));
        const injected = await rejection(
          reads.find('orders', { where: { 'amount = 1 OR 1; DROP TABLE orders__v1; --': 1 } }),
        );
        expect(injected.reason).toBe('unknown_column');
        expect(await keys({})).toHaveLength(ORDERS.length);
      });

      it('treats values as values, never as SQL', async () => {
        expect(await keys({ where: { customer: "c-a' OR '1'='1" } })).toEqual([]);
        expect(await keys({ where: { note: 'it\'s "quoted"' } })).toEqual(['o-11']);
        expect(await keys({ where: { customer: ["x') OR 1=1 --", 'c-c'] } })).toEqual([
          'o-03',
          'o-06',
          'o-10',
        ]);
      });

      it('refuses a bad direction, cursor, value or limit', async () => {
        const direction = await rejection(
          reads.find('orders', { orderBy: [{ column: 'amount', direction: 'sideways' as 'asc' }] }),
        );
        expect(direction.reason).toBe('bad_value');
        const cursor = await rejection(
          reads.find('orders', { orderBy: [{ column: 'amount', direction: 'asc' }], after: [300] }),
        );
        expect(cursor.reason).toBe('bad_cursor');
        const value = await rejection(reads.find('orders', { where: { amount: { $gt: 1 } as never } }));
        expect(value.reason).toBe('bad_value');
        expect((await rejection(reads.find('orders', { limit: -1 }))).reason).toBe('bad_limit');
        expect((await rejection(reads.find('orders', { limit: 1.5 }))).reason).toBe('bad_limit');
      });

      it('serves only the live views: unknown and internal collections are refused with the served ones listed', async () => {
        const unknown = await rejection(reads.find('tier_status'));
        expect(unknown).toMatchObject({
          reason: 'unknown_collection',
          allowed: ['customer_totals', 'orders', 'stream_counts'],
        });
        await rejection(reads.find('order_lookup'));
        await rejection(reads.get('orders__v1', 'o-01'));
        await rejection(reads.find('events'));
      });

      it('sees on another connection the columns of a new version once it is swapped in', async () => {
        const other = subject.connect();
        await rejection(other.reads.find('stream_counts', { where: { category: 'order' } }));
        await store.append('order-x', [event('Counted'), event('Counted')], { expectedRevision: 'any' });
        await project([ordersProjection(), counterProjection(2)]);
        const found = await other.reads.find('stream_counts', { where: { category: 'order' } });
        expect(found.map((r) => r.row)).toEqual([
          { stream_id: 'order-x', count: 2, last_type: 'Counted', category: 'order' },
        ]);
      });
    });
  });
};
