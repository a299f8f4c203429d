// The SQLite tables of a build's layouts (src/consumers/projector/table-layout.ts checks every
// name): a physical table per collection and build, the declared indexes, and for served
// collections a view of the logical name over the live one.
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
