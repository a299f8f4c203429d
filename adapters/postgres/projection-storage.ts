// The projector's storage in PostgreSQL: builds recorded in projection_checkpoints, versioned
// physical tables, views over the live ones, and one transaction per batch for the rows and
// the checkpoint. A batch's transaction locks its checkpoint row first, so two projectors on
// one database take turns, and the one that finds the checkpoint moved fails (CheckpointMoved).
// A live build split into partitions keeps each one's checkpoint in projection_partitions: a
// batch of a partition locks and moves that row only, so the partitions commit side by side.
// DDL is transactional in PostgreSQL: a swap moves every view at once, or none.
import type pg from 'pg';
import type { IsoDate, Policy } from '../../domain/kernel/index.js';
import { CURRENT_AS, currentAs, type Collection, type Projection } from '../../projections/projection.js';
import {
  DOC_COLUMN,
  dropTableSql,
  dropViewSql,
  layoutsOf,
  parseLayouts,
  quote,
  sameTable,
  viewSql,
  type TableLayout,
} from '../../src/consumers/projector/table-layout.js';
import {
  checkedPartitionNumber,
  lowestPosition,
  splitOf,
  type StoredCheckpoint,
} from '../../src/consumers/projector/build-partitions.js';
import {
  CheckpointMoved,
  type AsyncBuildTables,
  type Build,
  type BuildState,
  type Clock,
  type CommitRequest,
  type DocumentKeys,
  type FetchedDocuments,
  type ProjectionStorage,
  type SqlValue,
} from '../../src/ports.js';
import { systemClock } from '../../src/system-clock.js';
import { sqliteNumberText } from './sqlite-number-text.js';
import { inTransaction, type PostgresReadModelDatabase } from './read-model-database.js';
import { ARRAY_TYPES, createTableSql } from './read-model-tables.js';

interface CheckpointRow {
  projection: string;
  state: BuildState;
  version: number;
  build: number;
  position: string;
  tables: string;
  store_id: string | null;
}

const CHECKPOINT_COLUMNS = 'projection, state, version, build, position::text AS position, tables, store_id';

/** A checkpoint with its partitions' positions (by number; null: not split), read in one statement. */
interface BuildRow extends CheckpointRow {
  partitions: string[] | null;
  partition_store: string | null;
}

const BUILD_SQL = `SELECT c.projection, c.state, c.version, c.build, c.position::text AS position, c.tables, c.store_id,
    (SELECT array_agg(p.position::text ORDER BY p."partition") FROM projection_partitions p
     WHERE p.projection = c.projection AND p.version = c.version AND p.build = c.build) AS partitions,
    (SELECT p.store_id FROM projection_partitions p
     WHERE p.projection = c.projection AND p.version = c.version AND p.build = c.build
       AND p.store_id IS NOT NULL ORDER BY p."partition" LIMIT 1) AS partition_store
  FROM projection_checkpoints c WHERE c.projection = $1`;

/**
 * A build as stored: split, at the lowest of its partitions' positions (the checkpoint row's
 * stays at the split), and from the store a partition's commit last recorded, if any.
 */
const toBuild = (row: BuildRow): Build => {
  const positions = (row.partitions ?? []).map((position) => BigInt(position));
  const store = row.partition_store ?? row.store_id;
  return {
    projection: row.projection,
    state: row.state,
    version: row.version,
    build: row.build,
    position: positions.length === 0 ? BigInt(row.position) : lowestPosition(positions),
    ...(positions.length === 0 ? {} : { partitions: positions }),
    ...(store === null ? {} : { store }),
  };
};

type Queryable = Pick<pg.PoolClient, 'query'>;

const checkpointOf = (row: { position: string; store_id: string | null }): StoredCheckpoint => ({
  position: BigInt(row.position),
  store: row.store_id,
});

const storedBuild = async (client: Queryable, build: Build): Promise<Build> => {
  const result = await client.query<BuildRow>(`${BUILD_SQL} AND c.version = $2 AND c.build = $3`, [
    build.projection,
    build.version,
    build.build,
  ]);
  const row = result.rows[0];
  if (row === undefined)
    throw new Error(`No checkpoint for ${build.projection} v${build.version} build ${build.build}`);
  return toBuild(row);
};

const recorded = async (
  client: Queryable,
  build: Build,
  lock = false,
): Promise<{ row: CheckpointRow; layouts: TableLayout[] }> => {
  const result = await client.query<CheckpointRow>(
    `SELECT ${CHECKPOINT_COLUMNS} FROM projection_checkpoints
     WHERE projection = $1 AND version = $2 AND build = $3${lock ? ' FOR UPDATE' : ''}`,
    [build.projection, build.version, build.build],
  );
  const row = result.rows[0];
  if (row === undefined)
    throw new Error(`No checkpoint for ${build.projection} v${build.version} build ${build.build}`);
  return { row, layouts: parseLayouts(row.tables, build.projection) };
};

/** A plain value as its column stores it: a number in a TEXT column is its text, as in SQLite. */
const columnValue = (value: SqlValue | undefined, type: TableLayout['columns'][number]['type']): SqlValue =>
  value === undefined || value === null
    ? null
    : type === 'TEXT' && typeof value === 'number'
      ? sqliteNumberText(value)
      : value;

/** The statements of one physical table: a batch's upserts and deletes, one statement each. */
const tableWrites = (layout: TableLayout) => {
  const table = quote(layout.physical);
  const key = quote(layout.key);
  const columns = layout.columns.map((column) => quote(column.name));
  const doc = quote(DOC_COLUMN);
  const types = ['text[]', ...layout.columns.map((column) => ARRAY_TYPES[column.type]), 'json[]'];
  const updates = [...columns, doc].map((c) => `${c} = excluded.${c}`).join(', ');
  return {
    layout,
    // Every row of the batch in one statement: a parameter per column, an array each.
    upsert: `INSERT INTO ${table} (${[key, ...columns, doc].join(', ')})
             SELECT * FROM unnest(${types.map((type, i) => `$${i + 1}::${type}`).join(', ')})
             ON CONFLICT (${key}) DO UPDATE SET ${updates}`,
    remove: `DELETE FROM ${table} WHERE ${key} = ANY($1::text[])`,
    fetch: (param: number, tag: number) =>
      `SELECT ${tag} AS c, ${key} AS k, ${doc}::text AS d FROM ${table} WHERE ${key} = ANY($${param}::text[])`,
  };
};

export interface PostgresProjectionStorageOptions {
  readonly clock?: Clock;
  /**
   * Runs in each batch's transaction after its checkpoint moved, before COMMIT: a throw rolls
   * the batch back. A worker under a lease checks it still holds the projection's (fencing): a
   * batch of one partition (ProjectionStorage.tables) names it.
   */
  readonly fence?: (client: Queryable, projection: string, partition?: number) => Promise<void>;
}

export const createPostgresProjectionStorage = (
  db: PostgresReadModelDatabase,
  options: PostgresProjectionStorageOptions = {},
): ProjectionStorage => {
  const clock = options.clock ?? systemClock;
  const { fence } = options;

  const exec = async (client: Queryable, statements: readonly string[]): Promise<void> => {
    for (const sql of statements) await client.query(sql);
  };

  const builds = async (projection: string) => {
    await db.ready();
    // One statement: the checkpoints and the partitions of one snapshot.
    const result = await db.pool.query<BuildRow>(BUILD_SQL, [projection]);
    const out: { live?: Build; building?: Build } = {};
    for (const row of result.rows) out[row.state] = toBuild(row);
    return out;
  };

  const create = async (projection: Projection, state: BuildState, build: number): Promise<Build> => {
    const layouts = layoutsOf(projection, projection.version, build);
    const ddl = layouts.flatMap(createTableSql);
    return inTransaction(db, async (client) => {
      await exec(client, ddl);
      if (state === 'live') await exec(client, layouts.flatMap(viewSql));
      await client.query(
        `INSERT INTO projection_checkpoints (projection, state, version, build, position, tables, updated_at)
         VALUES ($1, $2, $3, $4, 0, $5, $6)`,
        [projection.name, state, projection.version, build, JSON.stringify(layouts), clock.now()],
      );
      return { projection: projection.name, state, version: projection.version, build, position: 0n };
    });
  };

  const buildKey = (build: Build) => [build.projection, build.version, build.build];

  const removePartitions = (client: Queryable, build: Build) =>
    client.query(
      'DELETE FROM projection_partitions WHERE projection = $1 AND version = $2 AND build = $3',
      buildKey(build),
    );

  const removeCheckpoint = async (client: Queryable, build: Build): Promise<void> => {
    await removePartitions(client, build);
    await client.query(
      'DELETE FROM projection_checkpoints WHERE projection = $1 AND version = $2 AND build = $3',
      buildKey(build),
    );
  };

  // The checkpoint row locked, then the partitions': a partition's batch in flight finishes first.
  const split = async (build: Build, count: number): Promise<Build> => {
    checkedPartitionNumber(count, 1, 'A count of partitions');
    return inTransaction(db, async (client) => {
      const { row } = await recorded(client, build, true);
      const partitions = (
        await client.query<{ position: string; store_id: string | null }>(
          `SELECT position::text AS position, store_id FROM projection_partitions
           WHERE projection = $1 AND version = $2 AND build = $3 ORDER BY "partition" FOR UPDATE`,
          buildKey(build),
        )
      ).rows.map(checkpointOf);
      const plan = splitOf(build, row.state, checkpointOf(row), partitions, count);
      if (plan === 'unchanged') return storedBuild(client, build);
      const { position: at, store } = plan;
      const now = clock.now();
      await removePartitions(client, build);
      if (count > 1)
        await client.query(
          `INSERT INTO projection_partitions (projection, version, build, "partition", position, store_id, updated_at)
           SELECT $1, $2, $3, n, $4::bigint, $5, $6 FROM generate_series(0, $7::int - 1) AS n`,
          [...buildKey(build), at.toString(), store, now, count],
        );
      await client.query(
        `UPDATE projection_checkpoints SET position = $1, store_id = $2, updated_at = $3
         WHERE projection = $4 AND version = $5 AND build = $6`,
        [at.toString(), store, now, ...buildKey(build)],
      );
      return storedBuild(client, build);
    });
  };

  const discard = (build: Build): Promise<void> =>
    inTransaction(db, async (client) => {
      const { layouts } = await recorded(client, build, true);
      if (build.state === 'live') await exec(client, layouts.filter((l) => !l.internal).map(dropViewSql));
      await exec(client, layouts.map(dropTableSql));
      await removeCheckpoint(client, build);
    });

  const promote = (next: Build, previous: Build | undefined): Promise<Build> =>
    inTransaction(db, async (client) => {
      const incoming = (await recorded(client, next, true)).layouts;
      const outgoing = previous === undefined ? [] : (await recorded(client, previous, true)).layouts;
      // The views move first, in this transaction: no reader ever finds a table missing.
      await exec(client, incoming.flatMap(viewSql));
      const served = new Set(incoming.filter((l) => !l.internal).map((l) => l.table));
      await exec(client, outgoing.filter((l) => !l.internal && !served.has(l.table)).map(dropViewSql));
      if (previous !== undefined) {
        await removeCheckpoint(client, previous);
        await exec(client, outgoing.map(dropTableSql));
      }
      const made = await client.query(
        `UPDATE projection_checkpoints SET state = 'live', updated_at = $1
         WHERE projection = $2 AND version = $3 AND build = $4 AND state = 'building'`,
        [clock.now(), next.projection, next.version, next.build],
      );
      if (made.rowCount !== 1) throw new Error(`${next.projection} v${next.version} is not being built`);
      return { ...next, state: 'live' };
    });

  const tables = async (
    projection: Projection,
    build: Build,
    partition?: number,
  ): Promise<AsyncBuildTables> => {
    if (partition !== undefined) checkedPartitionNumber(partition, 0, 'A partition');
    await db.ready();
    const stored = (await recorded(db.pool, build)).layouts;
    const defined = layoutsOf(projection, build.version, build.build);
    const differs =
      stored.length !== defined.length || stored.some((layout, i) => !sameTable(layout, defined[i]!));
    if (differs)
      throw new Error(
        `The tables of ${projection.name} v${build.version} differ from its definition: bump its version to rebuild them`,
      );
    const collections = stored.map(tableWrites);
    const byCollection = new Map(collections.map((writes) => [writes.layout.collection, writes]));
    const tag = new Map(collections.map((writes, i) => [writes.layout.collection, i]));
    const of = (collection: string) => {
      const found = byCollection.get(collection);
      if (found === undefined) throw new Error(`${projection.name} has no collection ${collection}`);
      return found;
    };

    // Every collection's keys in one statement: one round trip, whatever the batch missed.
    const fetch = async (client: Queryable, keys: DocumentKeys): Promise<FetchedDocuments> => {
      const parts: string[] = [];
      const params: string[][] = [];
      for (const [collection, wanted] of keys) {
        if (wanted.size === 0) continue;
        params.push([...wanted]);
        parts.push(of(collection).fetch(params.length, tag.get(collection)!));
      }
      const out = new Map<string, Map<string, string>>();
      if (parts.length === 0) return out;
      const result = await client.query<{ c: number; k: string; d: string }>(
        parts.join(' UNION ALL '),
        params,
      );
      for (const { c, k, d } of result.rows) {
        const collection = collections[c]!.layout.collection;
        let docs = out.get(collection);
        if (docs === undefined) out.set(collection, (docs = new Map()));
        docs.set(k, d);
      }
      return out;
    };

    const write = async (client: Queryable, request: CommitRequest): Promise<void> => {
      for (const [collection, changes] of request.changes) {
        const { layout, upsert, remove } = of(collection);
        const removed: string[] = [];
        const keys: string[] = [];
        const values: SqlValue[][] = layout.columns.map(() => []);
        const docs: string[] = [];
        for (const [key, change] of changes) {
          if (change === null) {
            removed.push(key);
            continue;
          }
          keys.push(key);
          layout.columns.forEach((column, i) =>
            values[i]!.push(columnValue(change.row[column.name], column.type)),
          );
          docs.push(change.json);
        }
        if (removed.length > 0) await client.query(remove, [removed]);
        if (keys.length > 0) await client.query(upsert, [keys, ...values, docs]);
      }
      const checkpoint = [
        request.to.toString(),
        request.store ?? null,
        clock.now(),
        ...buildKey(build),
        request.from.toString(),
      ];
      // A split build's checkpoint never moves whole: its partitions' do, each its own.
      const moved = await client.query(
        partition === undefined
          ? `UPDATE projection_checkpoints SET position = $1, store_id = coalesce($2, store_id), updated_at = $3
             WHERE projection = $4 AND version = $5 AND build = $6 AND position = $7
               AND NOT EXISTS (SELECT 1 FROM projection_partitions
                               WHERE projection = $4 AND version = $5 AND build = $6)`
          : `UPDATE projection_partitions SET position = $1, store_id = coalesce($2, store_id), updated_at = $3
             WHERE projection = $4 AND version = $5 AND build = $6 AND position = $7 AND "partition" = $8`,
        partition === undefined ? checkpoint : [...checkpoint, partition],
      );
      if (moved.rowCount !== 1) throw new CheckpointMoved(build.projection, request.from);
      await fence?.(client, build.projection, partition);
      request.beforeCommit?.();
    };

    // The daily job: the rows it rewrites are locked first, so a batch of the projector writing
    // one of them waits for it (and its newer document wins), never the other way round.
    const refreshCurrent = (collection: string, day: IsoDate, policy: Policy, limit: number) =>
      inTransaction(db, async (client) => {
        const rowOf = (projection.collections[collection] as unknown as Collection<unknown> | undefined)
          ?.current;
        if (rowOf === undefined) throw new Error(`${projection.name}.${collection} keeps no current rows`);
        const { layout, upsert } = of(collection);
        const currentAsColumn = quote(CURRENT_AS);
        const stale = await client.query<{ k: string; d: string }>(
          `SELECT ${quote(layout.key)} AS k, ${quote(DOC_COLUMN)}::text AS d FROM ${quote(layout.physical)}
           WHERE ${currentAsColumn} IS NULL OR ${currentAsColumn} < $1 OR ${currentAsColumn} > $1 LIMIT $2 FOR UPDATE`,
          [currentAs(day, policy), limit],
        );
        if (stale.rows.length === 0) return 0;
        const keys: string[] = [];
        const values: SqlValue[][] = layout.columns.map(() => []);
        const docs: string[] = [];
        for (const { k, d } of stale.rows) {
          const row = rowOf(JSON.parse(d), day, policy);
          keys.push(k);
          layout.columns.forEach((column, i) => values[i]!.push(columnValue(row[column.name], column.type)));
          docs.push(d);
        }
        await client.query(upsert, [keys, ...values, docs]);
        return stale.rows.length;
      });

    return {
      reads: 'async',
      refreshCurrent,
      fetch: (keys) => fetch(db.pool, keys),
      transact: (request) =>
        inTransaction(db, async (client) => {
          // The checkpoint row first (the partition's, of a partition): another projector's batch
          // on it waits until ours is done; the other partitions' don't.
          const lock = await client.query(
            partition === undefined
              ? `SELECT 1 FROM projection_checkpoints
                 WHERE projection = $1 AND version = $2 AND build = $3 FOR UPDATE`
              : `SELECT 1 FROM projection_partitions
                 WHERE projection = $1 AND version = $2 AND build = $3 AND "partition" = $4 FOR UPDATE`,
            partition === undefined ? buildKey(build) : [...buildKey(build), partition],
          );
          if (lock.rowCount !== 1)
            throw new Error(
              `${build.projection}: ${partition === undefined ? '' : `partition ${partition} of `}build ${build.build} of v${build.version} is no longer stored`,
            );
          await write(client, request);
        }),
    };
  };

  return { builds, create, discard, tables, split, promote };
};
