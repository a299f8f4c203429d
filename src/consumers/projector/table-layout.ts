// How a projection's collections become tables, whatever the database: per build a physical
// table `<table>__v<version>` (key, the plain columns, the `doc` JSON, the declared indexes)
// and, for served collections, a view `<table>` over the live one. Every identifier is checked
// here, so SQL an adapter builds from a layout never carries a stray string.
import type { ColumnType, Projection } from '../../../projections/projection.js';
import type { LinkSelection } from '../../../projections/read-model.js';
import { InvalidReadModelQuery } from '../../ports.js';

export interface LayoutColumn {
  readonly name: string;
  readonly type: ColumnType;
}

/** One collection of one build, as recorded with its checkpoint. */
export interface TableLayout {
  /** The collection's name in the projection (what `apply` passes to the context). */
  readonly collection: string;
  /** The logical name: the view analysts and queries read. */
  readonly table: string;
  /** The physical table of this build. */
  readonly physical: string;
  readonly key: string;
  readonly columns: readonly LayoutColumn[];
  readonly indexes: readonly (readonly string[])[];
  /** Not served: no view, and queries refuse it. */
  readonly internal: boolean;
}

const IDENTIFIER = /^[a-z][a-z0-9_]{0,99}$/;
const COLUMN_TYPES: readonly ColumnType[] = ['TEXT', 'INTEGER', 'REAL'];
/** Tables of the stores themselves, which a projection's view must never shadow. */
const RESERVED = new Set([
  'events',
  'command_ids',
  'schema_migrations',
  'read_model_migrations',
  'projection_checkpoints',
  'projection_partitions',
  'process_checkpoints',
  'process_checkpoint_migrations',
  'snapshots',
]);
export const DOC_COLUMN = 'doc';

const checkIdentifier = (name: unknown, what: string): string => {
  if (typeof name !== 'string' || !IDENTIFIER.test(name))
    throw new Error(`${what} "${String(name)}" is not a snake_case SQL name (a-z, 0-9, _; at most 100)`);
  return name;
};

/** Quotes a checked identifier (the same in SQLite and PostgreSQL). */
export const quote = (name: string): string => `"${name}"`;

export const physicalName = (table: string, version: number, build: number): string =>
  build === 0 ? `${table}__v${version}` : `${table}__v${version}_${build}`;

/** Checks every name and column of a layout (also of one read back from the database). */
export const checkLayout = (layout: TableLayout, owner: string): TableLayout => {
  const where = `${owner}, table ${String(layout.table)}`;
  const table = checkIdentifier(layout.table, `${owner}: table`);
  // `__` separates a logical name from its version: a table may not look like another's build.
  if (table.includes('__') || table.startsWith('sqlite_') || table.startsWith('pg_') || RESERVED.has(table))
    throw new Error(`${owner}: table name ${table} is reserved or contains "__"`);
  checkIdentifier(layout.physical, `${where}: physical table`);
  const key = checkIdentifier(layout.key, `${where}: key column`);
  const names = new Set([key, DOC_COLUMN]);
  if (key === DOC_COLUMN) throw new Error(`${where}: the key column can't be named ${DOC_COLUMN}`);
  for (const column of layout.columns) {
    checkIdentifier(column.name, `${where}: column`);
    if (names.has(column.name))
      throw new Error(`${where}: column ${column.name} is declared twice or reserved`);
    if (!COLUMN_TYPES.includes(column.type))
      throw new Error(
        `${where}: column ${column.name} has type ${String(column.type)}, not TEXT, INTEGER or REAL`,
      );
    names.add(column.name);
  }
  for (const index of layout.indexes) {
    if (index.length === 0) throw new Error(`${where}: an index covers no column`);
    for (const column of index)
      if (!names.has(column) || column === DOC_COLUMN)
        throw new Error(`${where}: index on undeclared column ${String(column)}`);
  }
  return layout;
};

/** The tables of a build of `projection`, every name checked. */
export const layoutsOf = (projection: Projection, version: number, build: number): TableLayout[] =>
  Object.entries(projection.collections).map(([collection, definition]) =>
    checkLayout(
      {
        collection,
        table: definition.table,
        physical: physicalName(definition.table, version, build),
        key: definition.key,
        columns: definition.columns.map(({ name, type }) => ({ name, type })),
        indexes: definition.indexes.map((index) => [...index]),
        internal: definition.internal === true,
      },
      projection.name,
    ),
  );

/** Reads the layouts recorded with a checkpoint, checking them again: the database may have been edited. */
export const parseLayouts = (json: string, owner: string): TableLayout[] => {
  const parsed = JSON.parse(json) as unknown;
  if (!Array.isArray(parsed)) throw new Error(`${owner}: the recorded tables are not a list`);
  return parsed.map((layout) => checkLayout(layout as TableLayout, owner));
};

/** Whether two layouts give the same table (a definition changed without a version bump differs). */
export const sameTable = (a: TableLayout, b: TableLayout): boolean =>
  a.collection === b.collection &&
  a.table === b.table &&
  a.key === b.key &&
  a.internal === b.internal &&
  JSON.stringify(a.columns) === JSON.stringify(b.columns) &&
  JSON.stringify(a.indexes) === JSON.stringify(b.indexes);

/** The index names of a layout's declared indexes (one scheme for every database). */
export const indexName = (layout: TableLayout, i: number): string =>
  `${layout.physical}__ix${i}_${layout.indexes[i]!.join('_')}`;

/**
 * The columns of a declared index as created: the key last, so rows tied on the indexed columns
 * come in key order and a sort by them (the key as the tie-breaker, in the sort's direction) is
 * read from the index, however many rows tie.
 */
export const indexColumns = (layout: TableLayout, index: readonly string[]): readonly string[] =>
  index.includes(layout.key) ? index : [...index, layout.key];

// The same SQL on SQLite and PostgreSQL: dropping a build's table, and the view of the logical
// name over the live one.
export const dropTableSql = (layout: TableLayout): string => `DROP TABLE IF EXISTS ${quote(layout.physical)}`;

/** Points the logical name at this build's table (no view for an internal collection). */
export const viewSql = (layout: TableLayout): string[] =>
  layout.internal
    ? []
    : [
        `DROP VIEW IF EXISTS ${quote(layout.table)}`,
        `CREATE VIEW ${quote(layout.table)} AS SELECT * FROM ${quote(layout.physical)}`,
      ];

export const dropViewSql = (layout: TableLayout): string => `DROP VIEW IF EXISTS ${quote(layout.table)}`;

/** The served table a query names, or the refusal every read-model store gives (the served ones listed). */
export const servedLayoutOf = (tables: ReadonlyMap<string, TableLayout>, collection: string): TableLayout => {
  const layout = tables.get(collection);
  if (layout === undefined)
    throw new InvalidReadModelQuery(
      'unknown_collection',
      `No read model named "${collection}"`,
      [...tables.keys()].sort(),
    );
  return layout;
};

const LINK_NAME = /^[a-z][a-z0-9_]{0,99}$/;

/** A name a query brings for a table or column of a link: a plain SQL name, or refused. */
export const linkName = (name: string): string => {
  if (!LINK_NAME.test(name) || name.includes('__'))
    throw new InvalidReadModelQuery('unknown_column', `"${name}" is not a table or column of a link`);
  return name;
};

/**
 * The physical table of `table` in the build `layout` belongs to. A link table is a collection of
 * the served collection's projection, so of the same build, named alike (`<table>__v<version>`,
 * then `_<build>` past the first): its pairs are of the same events as the rows they name.
 */
export const sameBuildTable = (layout: TableLayout, table: string): string =>
  `${linkName(table)}${layout.physical.slice(layout.table.length)}`;

/** A link selection's names checked and quoted, and the day it asks about when its pairs hold some days. */
export interface LinkParts {
  /** The link table's physical name in the build (unquoted: a dialect may check its length). */
  readonly table: string;
  readonly key: string;
  readonly value: string;
  readonly during?: { readonly from: string; readonly until: string; readonly day: string };
}

/** What both dialects need to select through a link: one check of its names and its day. */
export const linkParts = (layout: TableLayout, { link, day }: LinkSelection): LinkParts => {
  const parts = {
    table: sameBuildTable(layout, link.table),
    key: quote(linkName(link.key)),
    value: quote(linkName(link.value)),
  };
  if (link.during === undefined) return parts;
  if (typeof day !== 'string')
    throw new InvalidReadModelQuery(
      'bad_value',
      `The link ${link.table} holds on some days: a day is needed`,
    );
  const from = quote(linkName(link.during.from));
  const until = quote(linkName(link.during.until));
  return { ...parts, during: { from, until, day } };
};
