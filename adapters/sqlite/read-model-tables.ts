// The SQLite tables of a build's layouts (src/consumers/projector/table-layout.ts checks every
// name): a physical table per collection and build, the declared indexes, and for served
// collections a view of the logical name over the live one.
import { InvalidReadModelQuery } from '../../src/ports.js';
import {
  DOC_COLUMN,
  indexColumns,
  indexName,
  quote,
  type TableLayout,
} from '../../src/consumers/projector/table-layout.js';

export {
  DOC_COLUMN,
  dropTableSql,
  dropViewSql,
  viewSql,
  layoutsOf,
  parseLayouts,
  quote,
  sameTable,
  type TableLayout,
} from '../../src/consumers/projector/table-layout.js';

export const createTableSql = (layout: TableLayout): string[] => {
  const columns = [
    `${quote(layout.key)} TEXT PRIMARY KEY NOT NULL`,
    ...layout.columns.map((column) => `${quote(column.name)} ${column.type}`),
    `${quote(DOC_COLUMN)} TEXT NOT NULL`,
  ];
  return [
    `CREATE TABLE ${quote(layout.physical)} (${columns.join(', ')})`,
    ...layout.indexes.map(
      (index, i) =>
        `CREATE INDEX ${quote(indexName(layout, i))} ON ${quote(layout.physical)} (${indexColumns(
          layout,
          index,
        )
          .map(quote)
          .join(', ')})`,
    ),
  ];
};

const NAME = /^[a-z][a-z0-9_]{0,99}$/;

/** A name a query brings for a table or column of a link: a plain SQL name, or refused. */
export const linkName = (name: string): string => {
  if (!NAME.test(name) || name.includes('__'))
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
