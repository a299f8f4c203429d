// The PostgreSQL ReadModelStore answers every query as the SQLite one does: the same rows in
// the same order, or the same refusal — over text in byte order (upper before lower case,
// accents and emoji after ASCII), NULLs, ties, numbers compared with text and text with
// numbers, ranges and keyset cursors, for queries fast-check makes up.
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../../adapters/memory/event-store.js';
import { createPostgresProjectionStorage } from '../../../adapters/postgres/projection-storage.js';
import { createPostgresReadModelStore } from '../../../adapters/postgres/read-model-store.js';
import { sqliteNumberText } from '../../../adapters/postgres/sqlite-number-text.js';
import { createSqliteProjectionStorage } from '../../../adapters/sqlite/projection-storage.js';
import { openReadModelDatabase } from '../../../adapters/sqlite/read-model-database.js';
import { createSqliteReadModelStore } from '../../../adapters/sqlite/read-model-store.js';
import { collection, type Projection } from '../../../projections/projection.js';
import { createProjector } from '../../../src/consumers/projector/projector.js';
import type { ReadModelQuery, ReadModelStore, SqlValue } from '../../../src/ports.js';
import { event, tempDir, type TempDir } from '../../src/consumers/projector/fixtures.js';
import { scratchDatabase, withPostgres, type ScratchDatabase } from './postgres-fixture.js';

interface Thing {
  readonly key: string;
  readonly t: string | null;
  readonly n: number | null;
  readonly r: number | null;
}

const things: Projection = {
  name: 'things',
  version: 1,
  handles: ['ThingSet'],
  collections: {
    things: collection<Thing>({
      table: 'things',
      key: 'thing_id',
      columns: [
        { name: 't', type: 'TEXT', description: '' },
        { name: 'n', type: 'INTEGER', description: '' },
        { name: 'r', type: 'REAL', description: '' },
      ],
      indexes: [['t'], ['n', 'r']],
      toRow: (doc) => ({ t: doc.t, n: doc.n, r: doc.r }),
    }),
  },
  apply: (e, context) => {
    const thing = e.data as unknown as Thing;
    context.put('things', thing.key, thing);
  },
};

const TEXTS = ['a', 'B', 'b', 'Z', '', 'é', 'e', 'É', '😀', 'ab', 'a b', '10', '9', '1.5', 'abc', "o'q"];
const INTEGERS = [-3, 0, 1, 2, 9, 10, 2 ** 40];
const REALS = [-0.5, 0, 1.5, 2, 9.25, 1e10];
const KEYS = ['k-a', 'k-B', 'k-b', 'K-1', 'k-é', 'k-😀', 'k-10', 'k-9'];

/** A fixed book of rows with many ties and NULLs, the same for both databases. */
const rows = (): Thing[] => {
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const pick = <T>(values: readonly T[]): T | null => (next(5) === 0 ? null : values[next(values.length)]!);
  return Array.from({ length: 48 }, (_, i) => ({
    key: `${KEYS[i % KEYS.length]}-${Math.floor(i / KEYS.length)}`,
    // Every text at least once, then at random.
    t: i < TEXTS.length ? TEXTS[i]! : pick(TEXTS),
    n: pick(INTEGERS),
    r: pick(REALS),
  }));
};

const COLUMNS = ['thing_id', 't', 'n', 'r'] as const;
const value: fc.Arbitrary<SqlValue> = fc.oneof(
  fc.constantFrom(...TEXTS),
  fc.constantFrom(...INTEGERS),
  fc.constantFrom(...REALS),
  fc.constant(null),
);
const sortKey = fc.record({
  column: fc.constantFrom(...COLUMNS),
  direction: fc.constantFrom('asc' as const, 'desc' as const),
});
const query: fc.Arbitrary<ReadModelQuery> = fc
  .record(
    {
      where: fc.dictionary(fc.constantFrom(...COLUMNS), fc.oneof(value, fc.array(value, { maxLength: 3 })), {
        maxKeys: 2,
      }),
      between: fc.dictionary(fc.constantFrom(...COLUMNS), fc.tuple(value, value), { maxKeys: 2 }),
      orderBy: fc.array(sortKey, { maxLength: 3 }),
      limit: fc.integer({ min: 0, max: 20 }),
    },
    { requiredKeys: [] },
  )
  .chain((q) => {
    // A cursor that fits the sort (the key appended unless sorted on), now and then one that doesn't.
    const fits = (q.orderBy ?? []).length + ((q.orderBy ?? []).some((k) => k.column === 'thing_id') ? 0 : 1);
    return fc
      .oneof(
        { weight: 1, arbitrary: fc.constant(undefined) },
        { weight: 3, arbitrary: fc.array(value, { minLength: fits, maxLength: fits }) },
        { weight: 1, arbitrary: fc.array(value, { maxLength: 4 }) },
      )
      .map((after) => (after === undefined ? q : { ...q, after }));
  });

type Answer = { keys: string[] } | { refused: string };

const answer = async (reads: ReadModelStore, q: ReadModelQuery): Promise<Answer> => {
  try {
    return { keys: (await reads.find('things', q)).map((r) => r.key) };
  } catch (error) {
    return { refused: (error as { reason?: string }).reason ?? String(error) };
  }
};

withPostgres((url) => {
  describe('PostgreSQL queries against SQLite', () => {
    let dir: TempDir;
    let scratch: ScratchDatabase;
    let sqlite: ReadModelStore;
    let postgres: ReadModelStore;
    let closeSqlite: () => void;

    beforeAll(async () => {
      const store = createMemoryEventStore();
      for (const thing of rows())
        await store.append(`thing-${thing.key}`, [event('ThingSet', { ...thing })], {
          expectedRevision: 'any',
        });
      dir = tempDir();
      const db = openReadModelDatabase(dir.path('read.sqlite'));
      closeSqlite = () => db.close();
      await createProjector({
        store,
        storage: createSqliteProjectionStorage(db),
        projections: [things],
      }).catchUp();
      sqlite = createSqliteReadModelStore(db);
      scratch = await scratchDatabase(url);
      await createProjector({
        store,
        storage: createPostgresProjectionStorage(scratch.db),
        projections: [things],
      }).catchUp();
      postgres = createPostgresReadModelStore(scratch.db);
      await store.close();
    });
    afterAll(async () => {
      closeSqlite?.();
      dir?.remove();
      await scratch?.drop();
    });

    it('orders text in byte order and NULLs first ascending, last descending, as SQLite does', async () => {
      const order: ReadModelQuery = { orderBy: [{ column: 't', direction: 'asc' }] };
      const texts = (await postgres.find('things', order)).map((r) => r.row['t']);
      expect(texts).toEqual((await sqlite.find('things', order)).map((r) => r.row['t']));
      const present = texts.filter((t): t is string => t !== null);
      expect(present).toEqual([...present].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
      expect(present.indexOf('B')).toBeLessThan(present.indexOf('a'));
      expect(present.indexOf('e')).toBeLessThan(present.indexOf('é'));
      expect(texts[0]).toBeNull();
      const descending = await postgres.find('things', { orderBy: [{ column: 't', direction: 'desc' }] });
      expect(descending.at(-1)?.row['t']).toBeNull();
    });

    it('answers every query with the rows, the order or the refusal SQLite gives', async () => {
      let answered = 0;
      await fc.assert(
        fc.asyncProperty(query, async (q) => {
          const expected = await answer(sqlite, q);
          if ('keys' in expected) answered += 1;
          expect(await answer(postgres, q), JSON.stringify(q)).toEqual(expected);
        }),
        { numRuns: 300 },
      );
      // Most queries ran: a suite of refusals would prove little.
      expect(answered).toBeGreaterThan(150);
    });

    it('pages through any sort with cursors taken from its own rows, as SQLite does', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              column: fc.constantFrom(...COLUMNS),
              direction: fc.constantFrom('asc' as const, 'desc' as const),
            }),
            { maxLength: 3 },
          ),
          fc.integer({ min: 1, max: 7 }),
          async (orderBy, limit) => {
            const columns = [
              ...orderBy.map((o) => o.column),
              ...(orderBy.some((o) => o.column === 'thing_id') ? [] : ['thing_id']),
            ];
            const pages = async (reads: ReadModelStore): Promise<string[]> => {
              const keys: string[] = [];
              let after: SqlValue[] | undefined;
              for (;;) {
                const page = await reads.find('things', {
                  orderBy,
                  limit,
                  ...(after === undefined ? {} : { after }),
                });
                keys.push(...page.map((r) => r.key));
                if (page.length < limit) return keys;
                after = columns.map((c) => page.at(-1)!.row[c] ?? null);
              }
            };
            const paged = await pages(postgres);
            expect(paged).toEqual(await pages(sqlite));
            expect(new Set(paged).size).toBe(rows().length);
          },
        ),
        { numRuns: 60 },
      );
    });
  });
});

describe('the text SQLite makes of a number', () => {
  it('is what SQLite itself makes of every double: any exponent, subnormal, negative, zero, infinite', () => {
    const db = new Database(':memory:');
    try {
      const cast = db.prepare<[number], { s: string }>('SELECT CAST(? AS TEXT) AS s');
      const smallestNormal = 2 ** -1022;
      fc.assert(
        fc.property(
          fc.oneof(
            fc.double({ noNaN: true }),
            fc.double({ noNaN: true, min: -smallestNormal, max: smallestNormal }),
            fc
              .tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 1, max: 17 }))
              .map(([v, digits]) => Number(v.toPrecision(digits))),
            fc.integer(),
            fc.maxSafeInteger(),
            fc.integer({ min: -(10 ** 12) + 1, max: 10 ** 12 - 1 }).map((cents) => cents / 100),
            fc.constantFrom(
              10,
              1e20,
              1e165,
              1e-5,
              0.0001,
              123456789012345,
              1e15,
              1e16,
              1e17,
              2 ** 60,
              -0.5,
              -0,
              0.1 + 0.2,
              6978724.38513556,
              Number.MIN_VALUE,
              -Number.MAX_VALUE,
              smallestNormal,
            ),
          ),
          (v) => {
            expect(sqliteNumberText(v), String(v)).toBe(cast.get(v)!.s);
          },
        ),
        { numRuns: 20000 },
      );
    } finally {
      db.close();
    }
  });
});
