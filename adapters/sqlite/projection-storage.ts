// The projector's storage in the read-model database: builds recorded in
// projection_checkpoints, versioned physical tables, views over the live ones, and one
// transaction per batch for the rows and the checkpoint. A live build split into partitions
// keeps each one's checkpoint in projection_partitions: a batch of a partition moves that one.
import { systemClock } from '../../src/system-clock.js';
import { refreshStatistics } from './read-model-database.js';
import { writeTransaction } from './write-transaction.js';
import type Database from 'better-sqlite3';
import type { IsoDate, Policy } from '../../domain/kernel/index.js';
import { CURRENT_AS, currentAs, type Collection, type Projection } from '../../projections/projection.js';
import {
  checkedPartitionNumber,
  lowestPosition,
  splitOf,
  storeOf,
  type StoredCheckpoint,
} from '../../src/consumers/projector/build-partitions.js';
import {
  CheckpointMoved,
  type Clock,
  type Build,
  type BuildState,
  type SyncBuildTables,
  type CommitRequest,
  type ProjectionStorage,
} from '../../src/ports.js';
import {
  createTableSql,
  DOC_COLUMN,
  dropTableSql,
  dropViewSql,
  layoutsOf,
  parseLayouts,
  quote,
  sameTable,
  viewSql,
  type TableLayout,
} from './read-model-tables.js';

interface CheckpointRow {
  projection: string;
  state: BuildState;
  version: bigint;
  build: bigint;
  position: bigint;
  tables: string;
  store_id: string | null;
}

interface PartitionRow {
  position: bigint;
  store_id: string | null;
}

/**
 * A build as stored: split, at the lowest of its partitions' positions (the checkpoint row's
 * stays at the split), and from the store a partition's commit last recorded, if any.
 */
const checkpointOf = (row: { position: bigint; store_id: string | null }): StoredCheckpoint => ({
  position: row.position,
  store: row.store_id,
});

const toBuild = (row: CheckpointRow, partitions: readonly PartitionRow[] = []): Build => {
  const store = storeOf(checkpointOf(row), partitions.map(checkpointOf));
  const positions = partitions.map((p) => p.position);
  return {
    projection: row.projection,
    state: row.state,
    version: Number(row.version),
    build: Number(row.build),
    position: positions.length === 0 ? row.position : lowestPosition(positions),
    ...(positions.length === 0 ? {} : { partitions: positions }),
    ...(store === null ? {} : { store }),
  };
};

/** The statements on one physical table. */
const tableStatements = (db: Database.Database, layout: TableLayout) => {
  const table = quote(layout.physical);
  const key = quote(layout.key);
  const columns = layout.columns.map((column) => quote(column.name));
  const doc = quote(DOC_COLUMN);
  return {
    layout,
    read: db.prepare<[string], { doc: string }>(`SELECT ${doc} AS doc FROM ${table} WHERE ${key} = ?`),
    upsert: db.prepare(
      `INSERT INTO ${table} (${[key, ...columns, doc].join(', ')})
       VALUES (${['?', ...columns.map(() => '?'), '?'].join(', ')})
       ON CONFLICT (${key}) DO UPDATE SET ${[...columns, doc].map((c) => `${c} = excluded.${c}`).join(', ')}`,
    ),
    remove: db.prepare(`DELETE FROM ${table} WHERE ${key} = ?`),
  };
};

/** The statements that keep a table's rows current as of a day (its collection has `current`). */
const currentStatements = (db: Database.Database, layout: TableLayout) => {
  const table = quote(layout.physical);
  const key = quote(layout.key);
  const columns = layout.columns.map((column) => quote(column.name));
  const currentAs = quote(CURRENT_AS);
  return {
    stale: db.prepare<[{ current: string; limit: number }], { key: string; doc: string }>(
      `SELECT ${key} AS key, ${quote(DOC_COLUMN)} AS doc FROM ${table}
       WHERE ${currentAs} IS NULL OR ${currentAs} < @current OR ${currentAs} > @current LIMIT @limit`,
    ),
    rewrite: db.prepare(`UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE ${key} = ?`),
  };
};

export const createSqliteProjectionStorage = (
  db: Database.Database,
  options: { readonly clock?: Clock } = {},
): ProjectionStorage => {
  const clock = options.clock ?? systemClock;
  const statements = {
    builds: db.prepare<[string], CheckpointRow>(
      'SELECT projection, state, version, build, position, tables, store_id FROM projection_checkpoints WHERE projection = ?',
    ),
    one: db.prepare<[string, number, number], CheckpointRow>(
      `SELECT projection, state, version, build, position, tables, store_id FROM projection_checkpoints
       WHERE projection = ? AND version = ? AND build = ?`,
    ),
    insert: db.prepare(
      `INSERT INTO projection_checkpoints (projection, state, version, build, position, tables, updated_at)
       VALUES (?, ?, ?, ?, 0, ?, ?)`,
    ),
    remove: db.prepare(
      'DELETE FROM projection_checkpoints WHERE projection = ? AND version = ? AND build = ?',
    ),
    // Never a split build's: its partitions' checkpoints are the ones that move.
    advance: db.prepare(
      `UPDATE projection_checkpoints SET position = @to, store_id = coalesce(@store, store_id), updated_at = @now
       WHERE projection = @projection AND version = @version AND build = @build AND position = @from
         AND NOT EXISTS (SELECT 1 FROM projection_partitions
                         WHERE projection = @projection AND version = @version AND build = @build)`,
    ),
    partitions: db.prepare<[string, number, number], PartitionRow>(
      `SELECT position, store_id FROM projection_partitions
       WHERE projection = ? AND version = ? AND build = ? ORDER BY "partition"`,
    ),
    advancePartition: db.prepare(
      `UPDATE projection_partitions SET position = @to, store_id = coalesce(@store, store_id), updated_at = @now
       WHERE projection = @projection AND version = @version AND build = @build
         AND "partition" = @partition AND position = @from`,
    ),
    insertPartition: db.prepare(
      `INSERT INTO projection_partitions (projection, version, build, "partition", position, store_id, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    removePartitions: db.prepare(
      'DELETE FROM projection_partitions WHERE projection = ? AND version = ? AND build = ?',
    ),
    settle: db.prepare(
      `UPDATE projection_checkpoints SET position = ?, store_id = ?, updated_at = ?
       WHERE projection = ? AND version = ? AND build = ?`,
    ),
    makeLive: db.prepare(
      `UPDATE projection_checkpoints SET state = 'live', updated_at = ?
       WHERE projection = ? AND version = ? AND build = ? AND state = 'building'`,
    ),
  };

  const recorded = (build: Build): { row: CheckpointRow; layouts: TableLayout[] } => {
    const row = statements.one.get(build.projection, build.version, build.build);
    if (row === undefined)
      throw new Error(`No checkpoint for ${build.projection} v${build.version} build ${build.build}`);
    return { row, layouts: parseLayouts(row.tables, build.projection) };
  };

  const partitionsOf = (build: Pick<Build, 'projection' | 'version' | 'build'>) =>
    statements.partitions.all(build.projection, build.version, build.build);

  const remove = (build: Build): void => {
    statements.removePartitions.run(build.projection, build.version, build.build);
    statements.remove.run(build.projection, build.version, build.build);
  };

  // In one (read) transaction: the checkpoints and the partitions of one moment.
  const builds = db.transaction((projection: string) => {
    const out: { live?: Build; building?: Build } = {};
    for (const row of statements.builds.all(projection)) {
      const build = { projection, version: Number(row.version), build: Number(row.build) };
      out[row.state] = toBuild(row, partitionsOf(build));
    }
    return out;
  });

  const split = writeTransaction(db, (build: Build, count: number): Build => {
    const { row } = recorded(build);
    const partitions = partitionsOf(build);
    const plan = splitOf(build, row.state, checkpointOf(row), partitions.map(checkpointOf), count);
    if (plan === 'unchanged') return toBuild(row, partitions);
    const { position: at, store } = plan;
    const now = clock.now();
    statements.removePartitions.run(build.projection, build.version, build.build);
    if (count > 1)
      for (let partition = 0; partition < count; partition++)
        statements.insertPartition.run(
          build.projection,
          build.version,
          build.build,
          partition,
          at,
          store,
          now,
        );
    statements.settle.run(at, store, now, build.projection, build.version, build.build);
    return toBuild(recorded(build).row, partitionsOf(build));
  });

  const create = writeTransaction(db, (projection: Projection, state: BuildState, build: number): Build => {
    const layouts = layoutsOf(projection, projection.version, build);
    for (const layout of layouts) for (const sql of createTableSql(layout)) db.exec(sql);
    if (state === 'live') for (const layout of layouts) for (const sql of viewSql(layout)) db.exec(sql);
    statements.insert.run(
      projection.name,
      state,
      projection.version,
      build,
      JSON.stringify(layouts),
      clock.now(),
    );
    return { projection: projection.name, state, version: projection.version, build, position: 0n };
  });

  const discard = writeTransaction(db, (build: Build): void => {
    const { layouts } = recorded(build);
    if (build.state === 'live')
      for (const layout of layouts) if (!layout.internal) db.exec(dropViewSql(layout));
    for (const layout of layouts) db.exec(dropTableSql(layout));
    remove(build);
  });

  const promote = writeTransaction(db, (next: Build, previous: Build | undefined): Build => {
    const incoming = recorded(next).layouts;
    const outgoing = previous === undefined ? [] : recorded(previous).layouts;
    // The views move first: in this transaction, so no reader ever finds a table missing.
    for (const layout of incoming) for (const sql of viewSql(layout)) db.exec(sql);
    const served = new Set(incoming.filter((l) => !l.internal).map((l) => l.table));
    for (const layout of outgoing)
      if (!layout.internal && !served.has(layout.table)) db.exec(dropViewSql(layout));
    if (previous !== undefined) {
      remove(previous);
      for (const layout of outgoing) db.exec(dropTableSql(layout));
    }
    const made = statements.makeLive.run(clock.now(), next.projection, next.version, next.build);
    if (made.changes !== 1) throw new Error(`${next.projection} v${next.version} is not being built`);
    return { ...next, state: 'live' };
  });

  const tables = (projection: Projection, build: Build, partition?: number): SyncBuildTables => {
    if (partition !== undefined) checkedPartitionNumber(partition, 0, 'A partition');
    const stored = recorded(build).layouts;
    const defined = layoutsOf(projection, build.version, build.build);
    const differs =
      stored.length !== defined.length || stored.some((layout, i) => !sameTable(layout, defined[i]!));
    if (differs)
      throw new Error(
        `The tables of ${projection.name} v${build.version} differ from its definition: bump its version to rebuild them`,
      );
    const byCollection = new Map(stored.map((layout) => [layout.collection, tableStatements(db, layout)]));
    const of = (collection: string) => {
      const found = byCollection.get(collection);
      if (found === undefined) throw new Error(`${projection.name} has no collection ${collection}`);
      return found;
    };
    const write = (request: CommitRequest): void => {
      for (const [collection, changes] of request.changes) {
        const { layout, upsert, remove } = of(collection);
        for (const [key, change] of changes) {
          if (change === null) remove.run(key);
          else
            upsert.run(key, ...layout.columns.map((column) => change.row[column.name] ?? null), change.json);
        }
      }
      const checkpoint = {
        to: request.to,
        store: request.store ?? null,
        now: clock.now(),
        projection: build.projection,
        version: build.version,
        build: build.build,
        from: request.from,
      };
      const moved =
        partition === undefined
          ? statements.advance.run(checkpoint)
          : statements.advancePartition.run({ ...checkpoint, partition });
      if (moved.changes !== 1) throw new CheckpointMoved(build.projection, request.from);
      request.beforeCommit?.();
    };
    const transact = writeTransaction(db, write);
    const current = new Map<string, ReturnType<typeof currentStatements>>();
    const currentOf = (collection: string) => {
      let found = current.get(collection);
      if (found === undefined)
        current.set(collection, (found = currentStatements(db, of(collection).layout)));
      return found;
    };
    const refreshCurrent = writeTransaction(
      db,
      (collection: string, day: IsoDate, policy: Policy, limit: number): number => {
        const rowOf = (projection.collections[collection] as unknown as Collection<unknown> | undefined)
          ?.current;
        if (rowOf === undefined) throw new Error(`${projection.name}.${collection} keeps no current rows`);
        const { layout } = of(collection);
        const { stale, rewrite } = currentOf(collection);
        const rows = stale.all({ current: currentAs(day, policy), limit });
        for (const { key, doc } of rows) {
          const row = rowOf(JSON.parse(doc), day, policy);
          rewrite.run(...layout.columns.map((column) => row[column.name] ?? null), key);
        }
        return rows.length;
      },
    );
    return {
      reads: 'sync',
      read: (collection, key) => of(collection).read.get(key)?.doc,
      transact,
      refreshCurrent: (collection: string, day: IsoDate, policy: Policy, limit: number) =>
        refreshCurrent(collection, day, policy, limit),
    };
  };

  // Every write is IMMEDIATE (write-transaction.ts).
  return {
    builds,
    create: (projection, state, build) => create(projection, state, build),
    discard: (build) => discard(build),
    tables,
    split: (build, count) => split(build, checkedPartitionNumber(count, 1, 'A count of partitions')),
    promote: (next, previous) => promote(next, previous),
    refreshStatistics: () => refreshStatistics(db),
  };
};
