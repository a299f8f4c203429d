// A projection is data plus a reducer: which events it handles, the tables it keeps, and a
// pure `apply` that reads and writes documents by key through a small synchronous context.
// The projector (src/projector) runs it against SQLite; tests run it against a Map.

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
  /** Deterministic: the same events in the same order give the same documents. Never reads a clock. */
  readonly apply: (event: ProjectedEvent, context: ProjectionContext) => void;
}

/** A typed collection definition that fits in `Projection.collections`. */
export const collection = <Doc>(definition: Collection<Doc>): Collection<never> =>
  definition as unknown as Collection<never>;
