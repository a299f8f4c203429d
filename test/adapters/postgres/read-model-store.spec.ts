// The read-model store contract on PostgreSQL (a schema per test), and what only PostgreSQL
// shows: its migrations and the indexes' NULL order.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPostgresProjectionStorage } from '../../../adapters/postgres/projection-storage.js';
import { compileFind } from '../../../adapters/postgres/read-model-query.js';
import { layoutsOf, type TableLayout } from '../../../src/consumers/projector/table-layout.js';
import type { ReadModelQuery } from '../../../src/ports.js';
import { createPostgresReadModelStore } from '../../../adapters/postgres/read-model-store.js';
import { readModelStoreContract, type Analyst } from '../../contracts/read-model-store.contract.js';
import { counterProjection } from '../../src/consumers/projector/fixtures.js';
import { scratchDatabase, withPostgres } from './postgres-fixture.js';

/** An analyst's client: whole numbers as numbers, JSON as its text. */
const analystOn = (url: string, schema: string): { analyst: Analyst; close(): Promise<void> } => {
  const pool = new pg.Pool({
    connectionString: url,
    max: 2,
    options: `-c search_path=${schema}`,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === 20 ? Number : oid === 114 ? (v: string) => v : pg.types.getTypeParser(oid, format)) as never,
    },
  });
  const query = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
    (await pool.query<T>(sql, params)).rows;
  return {
    analyst: {
      columns: async (table) =>
        (
          await query<{ name: string; type: string; pk: boolean }>(
            `SELECT a.attname AS name, format_type(a.atttypid, NULL) AS type,
                    EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary
                            AND a.attnum = ANY(i.indkey)) AS pk
             FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relname = $1 AND n.nspname = $2 AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum`,
            [table, schema],
          )
        ).map(({ name, type, pk }) => [name, type, pk] as const),
      indexes: async (table) =>
        (
          await query<{ columns: string[] }>(
            `SELECT array_agg(a.attname::text ORDER BY k.ord) AS columns
             FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
             WHERE c.relname = $1 AND n.nspname = $2 AND NOT i.indisprimary
             GROUP BY i.indexrelid ORDER BY i.indexrelid`,
            [table, schema],
          )
        ).map((row) => row.columns),
      views: async () =>
        Object.fromEntries(
          (
            await query<{ view_name: string; table_name: string }>(
              `SELECT view_name, table_name FROM information_schema.view_table_usage
               WHERE view_schema = $1 ORDER BY view_name`,
              [schema],
            )
          ).map((row) => [row.view_name, row.table_name]),
        ),
      tables: async () =>
        (
          await query<{ tablename: string }>(
            'SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename',
            [schema],
          )
        ).map((row) => row.tablename),
      rows: (sql) => query(sql),
    },
    close: () => pool.end(),
  };
};

withPostgres((url) => {
  readModelStoreContract({
    name: 'postgres',
    types: { TEXT: 'text', INTEGER: 'bigint', REAL: 'double precision', doc: 'json' },
    create: async () => {
      const scratch = await scratchDatabase(url);
      const connect = () => {
        const db = scratch.open();
        return { storage: createPostgresProjectionStorage(db), reads: createPostgresReadModelStore(db) };
      };
      const { analyst, close } = analystOn(url, scratch.schema);
      return {
        storage: createPostgresProjectionStorage(scratch.db),
        reads: createPostgresReadModelStore(scratch.db),
        connect,
        analyst,
        cleanup: async () => {
          await close();
          await scratch.drop();
        },
      };
    },
  });

  describe('the PostgreSQL read-model schema', () => {
    it('records its migrations, and keeps text in byte order and NULLs first in its indexes, as SQLite does', async () => {
      const scratch = await scratchDatabase(url);
      try {
        const storage = createPostgresProjectionStorage(scratch.db);
        await storage.create(counterProjection(), 'live', 0);
        const migrations = await scratch.db.pool.query(
          'SELECT version, name FROM read_model_migrations ORDER BY version',
        );
        expect(migrations.rows).toEqual([
          { version: 1, name: 'projection checkpoints' },
          { version: 2, name: 'snapshots' },
          { version: 3, name: 'process checkpoints' },
          { version: 4, name: 'projection partitions' },
        ]);
        const definition = await scratch.db.pool.query<{ indexdef: string }>(
          "SELECT indexdef FROM pg_indexes WHERE tablename = 'stream_counts__v1' AND indexname LIKE '%ix0%'",
        );
        expect(definition.rows[0]?.indexdef).toMatch(/\("?count"? NULLS FIRST, "?\w+"? NULLS FIRST\)/);
        const collation = await scratch.db.pool.query<{ collation_name: string }>(
          "SELECT collation_name FROM information_schema.columns WHERE table_name = 'stream_counts__v1' AND column_name = 'last_type'",
        );
        expect(collation.rows[0]?.collation_name).toBe('C');
      } finally {
        await scratch.drop();
      }
    });

    /**
     * The counter projection's live table in a scratch database, and `EXPLAIN` of a query compiled
     * for it on a connection with `setting` (a plan kind turned off).
     */
    const withPlans = async (
      setting: string,
      check: (layout: TableLayout, explain: (query: ReadModelQuery) => Promise<string>) => Promise<void>,
    ): Promise<void> => {
      const scratch = await scratchDatabase(url);
      try {
        const projection = counterProjection();
        await createPostgresProjectionStorage(scratch.db).create(projection, 'live', 0);
        const [layout] = layoutsOf(projection, projection.version, 0);
        const client = await scratch.db.pool.connect();
        try {
          await client.query(`SET ${setting}`);
          await check(layout!, async (query) => {
            const page = compileFind(layout!, query);
            const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${page.sql}`, [
              ...page.params,
            ]);
            return plan.rows.map((row) => row['QUERY PLAN']).join('\n');
          });
        } finally {
          client.release();
        }
      } finally {
        await scratch.drop();
      }
    };

    it('reads a page after a cursor as ranges of the sort’s index, one for each way a row can be beyond it', async () => {
      await withPlans('enable_seqscan = off', async (_layout, explain) => {
        // Most counted first (NULLs last): fewer than 5, no count at all, or 5 and a smaller id.
        const text = await explain({
          orderBy: [{ column: 'count', direction: 'desc' }],
          after: [5, 'stream-0500'],
          limit: 51,
        });
        const bounds = text.match(/Index Cond: .*/g) ?? [];
        expect(bounds.filter((bound) => /count < /.test(bound))).toHaveLength(1);
        expect(bounds.filter((bound) => /count IS NULL/.test(bound))).toHaveLength(1);
        expect(bounds.filter((bound) => /count = .*stream_id < /.test(bound))).toHaveLength(1);
      });
    });

    it('pages by the key alone off the primary key, either way: no sort of the table', async () => {
      // Without sorts allowed, a plan still sorting means no index gives the order.
      await withPlans('enable_sort = off', async (layout, explain) => {
        for (const direction of ['asc', 'desc'] as const) {
          const text = await explain({
            orderBy: [{ column: layout.key, direction }],
            after: ['stream-0500'],
            limit: 51,
          });
          expect(text, direction).toMatch(/Index (Only )?Scan( Backward)? using \S*pkey/);
          expect(text, direction).not.toMatch(/Sort/);
        }
      });
    });
  });
});
