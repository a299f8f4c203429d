// A projection is data plus a reducer: which events it handles, the tables it keeps, and a
// pure `apply` that reads and writes documents by key through a small synchronous context.
// The projector (src/projector) runs it against SQLite; tests run it against a Map.
import type { IsoDate, Policy } from '../domain/kernel/index.js';

/** The part of a stored event a projection sees (positions and revisions stay bigint). */
export interface ProjectedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly streamId: string;
  readonly revision: bigint;
  readonly globalPosition: bigint;
  readonly recordedAt: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata: Readonly<Record<string, unknown>>;
}

export type ColumnType = 'TEXT' | 'INTEGER' | 'REAL';

export interface Column {
  /** snake_case, as an analyst sees it in SQL. */
  readonly name: string;
  readonly type: ColumnType;
  readonly description: string;
}

/** A plain SQL value: what an analyst's SQLite client shows. */
export type SqlValue = string | number | null;
export type Row = Readonly<Record<string, SqlValue>>;

/**
 * One table of a projection. Each document is stored as one row: its key, the plain columns
 * of `toRow(doc)` (with indexes for the documented queries), and the whole document as JSON in
 * a `doc` column, so the reducer gets back exactly what it wrote.
 */
export interface Collection<Doc> {
  /** Logical table name, e.g. `tier_status`. The projector versions the physical table. */
  readonly table: string;
  /** The primary key column, holding the document key. */
  readonly key: string;
  readonly columns: readonly Column[];
  /** Each entry is one index: the columns it covers, in order. */
  readonly indexes: readonly (readonly string[])[];
  readonly toRow: (doc: Doc) => Row;
  /**
   * For a table whose plain columns move with the day (T12M, flags, estimated stock): the row as
   * of `day` under `policy`, with `current_as` = currentAs(day, policy). `toRow` gives them as of
   * the document's own day (deterministic, `current_as` null); a job of the projector keeps the
   * rows current as of today with this, so a query for today sorts by them in SQL.
   */
  readonly current?: (doc: Doc, day: IsoDate, policy: Policy) => Row;
  /** Internal tables (lookups a reducer needs) are not served to analysts. */
  readonly internal?: boolean;
}

/** Synchronous reads and writes of documents by collection and key, inside one transaction. */
export interface ProjectionContext {
  get<Doc>(collection: string, key: string): Doc | undefined;
  put<Doc>(collection: string, key: string, doc: Doc): void;
  delete(collection: string, key: string): void;
}

export interface Projection {
  /** kebab-case, e.g. `tier-status`; also the name of `kare rebuild NAME`. */
  readonly name: string;
  /** Bump it when apply or the tables change: the projector rebuilds beside the live tables and swaps. */
  readonly version: number;
  /** The event types apply reacts to; others only move the checkpoint. */
  readonly handles: readonly string[];
  readonly collections: Readonly<Record<string, Collection<never>>>;
  /**
   * `account`: every document belongs to one account, and only events of that account's streams
   * change it, so the projection can be split into partitions by account that workers apply side
   * by side. Absent: its documents add up over accounts (a region, a manager): it runs whole.
   */
  readonly partitionedBy?: 'account';
  /** Deterministic: the same events in the same order give the same documents. Never reads a clock. */
  readonly apply: (event: ProjectedEvent, context: ProjectionContext) => void;
}

/** A typed collection definition that fits in `Projection.collections`. */
export const collection = <Doc>(definition: Collection<Doc>): Collection<never> =>
  definition as unknown as Collection<never>;

/** The column saying which day and policy a row's plain columns are current as of (null: its own day). */
export const CURRENT_AS = 'current_as';

/** The column's declaration, for a collection with `current`. */
export const CURRENT_AS_COLUMN: Column = {
  name: CURRENT_AS,
  type: 'TEXT',
  description:
    'The day and policy the row’s time-dependent columns are as of (`YYYY-MM-DD/<policy>`), kept current by a daily job; null: as of the day of the row’s latest event',
};

/** What `current_as` holds for rows current as of `day` under `policy`. */
export const currentAs = (day: IsoDate, policy: Policy): string => `${day}/${policy.version}`;

/** The day and policy the daily job keeps rows current as of. */
export interface Today {
  readonly day: IsoDate;
  readonly policy: Policy;
}

/**
 * `toRow` and `current` of a collection kept current, from one function: the row as of the
 * document's own day and policy (`today` absent: what the projector writes, never reading a
 * clock), or as of the daily job's day.
 */
export const keptCurrent = <Doc>(
  rowAsOf: (doc: Doc, today?: Today) => Row,
): Required<Pick<Collection<Doc>, 'toRow' | 'current'>> => ({
  toRow: (doc) => ({ ...rowAsOf(doc), [CURRENT_AS]: null }),
  current: (doc, day, policy) => ({ ...rowAsOf(doc, { day, policy }), [CURRENT_AS]: currentAs(day, policy) }),
});
