// The SQLite read models as analysts and queries see them: one table per collection and
// build behind a view of the logical name, and ReadModelStore queries (where, between,
// orderBy, limit, keyset pagination) with every column checked and every value a parameter.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../adapters/memory/event-store.js';
import { createSqliteProjectionStorage } from '../../adapters/sqlite/projection-storage.js';
import { openReadModelDatabase } from '../../adapters/sqlite/read-model-database.js';
import { createSqliteReadModelStore } from '../../adapters/sqlite/read-model-store.js';
import { collection, type Column, type Projection } from '../../projections/projection.js';
import {
  InvalidReadModelQuery,
  type EventStore,
  type ReadModelQuery,
  type ReadModelStore,
  type SqlValue,
} from '../../src/ports.js';
import { createProjector } from '../../src/consumers/projector/projector.js';
import {
  counterProjection,
  event,
  ordersProjection,
  tempDir,
  type TempDir,
} from '../src/consumers/projector/fixtures.js';

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

const rejection = async (promise: Promise<unknown>): Promise<InvalidReadModelQuery> => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidReadModelQuery);
    return error as InvalidReadModelQuery;
  }
  throw new Error('expected the query to be refused');
};

let dir: TempDir;
let store: EventStore;
let db: Database.Database;
let reads: ReadModelStore;

const project = async (projections: readonly Projection[], on: Database.Database = db): Promise<void> => {
  await createProjector({ store, storage: createSqliteProjectionStorage(on), projections }).catchUp();
};

beforeEach(async () => {
  dir = tempDir();
  store = createMemoryEventStore();
  for (const [orderId, customer, amount, note] of ORDERS) {
    await store.append(
      `order-${orderId}`,
      [event('OrderPlaced', { orderId, customer, amount, ...(note === null ? {} : { note }) })],
      { expectedRevision: 'no_stream' },
    );
  }
  db = openReadModelDatabase(dir.path('read.sqlite'));
  reads = createSqliteReadModelStore(db);
  await project([ordersProjection(), counterProjection()]);
});
afterEach(async () => {
  db.close();
  await store.close();
  dir.remove();
});

const keys = async (query: ReadModelQuery, table = 'orders'): Promise<string[]> =>
  (await reads.find(table, query)).map((r) => r.key);

describe('the tables an analyst opens', () => {
  it('has per collection a table with the key, the typed plain columns and the document, behind a view', () => {
    const analyst = new Database(dir.path('read.sqlite'), { readonly: true });
    try {
      const columns = (table: string) =>
        (
          analyst.prepare(`PRAGMA table_info("${table}")`).all() as {
            name: string;
            type: string;
            pk: number;
          }[]
        ).map(({ name, type, pk }) => [name, type, pk]);
      expect(columns('orders__v1')).toEqual([
        ['order_id', 'TEXT', 1],
        ['customer', 'TEXT', 0],
        ['amount', 'INTEGER', 0],
        ['note', 'TEXT', 0],
        ['doc', 'TEXT', 0],
      ]);
      expect(columns('customer_totals__v1')).toEqual([
        ['customer', 'TEXT', 1],
        ['orders', 'INTEGER', 0],
        ['amount', 'REAL', 0],
        ['doc', 'TEXT', 0],
      ]);
      const indexes = analyst.prepare("PRAGMA index_list('orders__v1')").all() as {
        name: string;
        origin: string;
      }[];
      const declared = indexes.filter((index) => index.origin === 'c');
      expect(declared).toHaveLength(1);
      expect(
        (analyst.prepare(`PRAGMA index_info("${declared[0]!.name}")`).all() as { name: string }[]).map(
          (c) => c.name,
        ),
      ).toEqual(['customer', 'amount']);

      const views = analyst
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY name")
        .all();
      expect(views).toEqual([
        {
          name: 'customer_totals',
          sql: 'CREATE VIEW "customer_totals" AS SELECT * FROM "customer_totals__v1"',
        },
        { name: 'orders', sql: 'CREATE VIEW "orders" AS SELECT * FROM "orders__v1"' },
        { name: 'stream_counts', sql: 'CREATE VIEW "stream_counts" AS SELECT * FROM "stream_counts__v1"' },
      ]);
      // The internal lookup has its table but no view.
      expect(analyst.prepare('SELECT COUNT(*) AS n FROM order_lookup__v1').get()).toEqual({
        n: ORDERS.length,
      });

      const row = analyst.prepare("SELECT * FROM orders WHERE order_id = 'o-01'").get() as Record<
        string,
        unknown
      >;
      expect(row).toEqual({
        order_id: 'o-01',
        customer: 'c-b',
        amount: 300,
        note: 'rush',
        doc: JSON.stringify({ orderId: 'o-01', customer: 'c-b', amount: 300, note: 'rush' }),
      });
      expect(
        analyst.prepare('SELECT version, name FROM read_model_migrations ORDER BY version').all(),
      ).toEqual([
        { version: 1, name: 'projection checkpoints' },
        { version: 2, name: 'snapshots' },
        { version: 3, name: 'checkpoint issuers' },
      ]);
    } finally {
      analyst.close();
    }
  });

  it('refuses a definition whose names are not plain SQL names or collide with the stores, creating nothing', () => {
    const storage = createSqliteProjectionStorage(db);
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
    const tablesBefore = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all();

    expect(() => storage.create(named('events'), 'live', 0)).toThrow(/reserved/);
    expect(() => storage.create(named('snapshots'), 'live', 0)).toThrow(/reserved/);
    expect(() => storage.create(named('x"; DROP TABLE events; --'), 'live', 0)).toThrow(
      /not a snake_case SQL name/,
    );
    expect(() => storage.create(named('two__parts'), 'live', 0)).toThrow(/__/);
    expect(() =>
      storage.create(named('things', [{ name: 'doc', type: 'TEXT', description: '' }]), 'live', 0),
    ).toThrow(/reserved/);
    expect(() => storage.create(named('things', [], 'Id'), 'live', 0)).toThrow(/not a snake_case SQL name/);
    const badType = [{ name: 'n', type: 'BLOB' as never, description: '' }];
    expect(() => storage.create(named('things', badType), 'live', 0)).toThrow(/TEXT, INTEGER or REAL/);
    const badIndex: Projection = {
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
    };
    expect(() => storage.create(badIndex, 'live', 0)).toThrow(/undeclared column nope/);

    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all()).toEqual(
      tablesBefore,
    );
  });
});

describe('ReadModelStore on SQLite', () => {
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

  it('filters by inclusive ranges, open at either end', async () => {
    expect(await keys({ between: { amount: [200, 250] } })).toEqual(['o-03', 'o-07', 'o-08', 'o-11']);
    expect(await keys({ between: { amount: [null, 100] } })).toEqual(['o-02', 'o-06', 'o-10']);
    expect(await keys({ between: { amount: [300, null] } })).toEqual(['o-01', 'o-04', 'o-09']);
    expect(await keys({ between: { order_id: ['o-09', 'o-10'] }, where: { customer: 'c-c' } })).toEqual([
      'o-10',
    ]);
  });

  it('sorts by columns in either direction with the key as the last tie-breaker, and limits', async () => {
    expect(await keys({ orderBy: [{ column: 'amount', direction: 'desc' }] })).toEqual([
      'o-01',
      'o-04',
      'o-09',
      'o-08',
      'o-03',
      'o-07',
      'o-11',
      'o-05',
      'o-02',
      'o-06',
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
    expect(first.map((r) => r.key)).toEqual(['o-01', 'o-04', 'o-09']);
    const rest = await keys({
      where: { customer: ['c-a', 'c-b'] },
      orderBy: [{ column: 'amount', direction: 'desc' }],
      after: [300, 'o-09'],
    });
    expect(rest).toEqual(['o-08', 'o-07', 'o-11', 'o-05', 'o-02']);
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
    expect(await keys({ where: { customer: ["x') OR 1=1 --", 'c-c'] } })).toEqual(['o-03', 'o-06', 'o-10']);
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
    const other = openReadModelDatabase(dir.path('read.sqlite'));
    try {
      const otherReads = createSqliteReadModelStore(other);
      await rejection(otherReads.find('stream_counts', { where: { category: 'order' } }));
      await store.append('order-x', [event('Counted'), event('Counted')], { expectedRevision: 'any' });
      await project([ordersProjection(), counterProjection(2)]);
      const counted = await otherReads.find('stream_counts', { where: { category: 'order' } });
      expect(counted.map((r) => r.row)).toEqual([
        { stream_id: 'order-x', count: 2, last_type: 'Counted', category: 'order' },
      ]);
    } finally {
      other.close();
    }
  });
});
