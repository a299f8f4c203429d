// A table of rows the page already holds (an aggregate's state, not a read model the API pages):
// it pages, sorts by a click on a header and downloads as CSV like every other table, all in
// the browser. A column's `value` is what it sorts by and what the CSV carries; `render` is
// what a person reads.
import type { ComponentChild } from 'preact';
import { useState } from 'preact/hooks';
import { saveFile } from './api.js';
import { toCsv, type Cell } from './csv.js';
import { useI18n, type MessageKey } from './i18n.js';

export interface LocalColumn<R> {
  /** The CSV header and the key of the column. */
  readonly key: string;
  readonly label: MessageKey;
  readonly value: (row: R) => string | number | null;
  readonly render?: (row: R) => ComponentChild;
  readonly numeric?: boolean;
  /** false: a column not worth sorting by (a list, free text). */
  readonly sortable?: boolean;
}

export interface LocalTableProps<R> {
  readonly rows: readonly R[];
  readonly columns: readonly LocalColumn<R>[];
  readonly caption: string;
  /** The downloaded file's name, without .csv. */
  readonly fileName: string;
  /** The column key to sort by first, `-key` for descending. */
  readonly defaultSort?: string;
  readonly limit?: number;
  readonly testId?: string;
}

/** Nulls last either way; numbers as numbers, text in the reader's collation. */
const compare = (a: string | number | null, b: string | number | null, lang: string): number => {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return typeof a === 'number' && typeof b === 'number'
    ? a - b
    : String(a).localeCompare(String(b), lang, { numeric: true });
};

export const LocalTable = <R,>({
  rows,
  columns,
  caption,
  fileName,
  defaultSort,
  limit = 10,
  testId,
}: LocalTableProps<R>) => {
  const { t, lang } = useI18n();
  const [sort, setSort] = useState<string | undefined>(defaultSort);
  const [page, setPage] = useState(0);
  const descending = sort?.startsWith('-') === true;
  const sortKey = descending ? sort?.slice(1) : sort;
  const sortColumn = columns.find((column) => column.key === sortKey);
  const sorted =
    sortColumn === undefined
      ? rows
      : [...rows].sort((a, b) => {
          const order = compare(sortColumn.value(a), sortColumn.value(b), lang);
          const nullInvolved = sortColumn.value(a) === null || sortColumn.value(b) === null;
          return descending && !nullInvolved ? -order : order;
        });
  const pages = Math.max(1, Math.ceil(sorted.length / limit));
  const shown = Math.min(page, pages - 1);
  const visible = sorted.slice(shown * limit, (shown + 1) * limit);
  const sortBy = (key: string) => {
    setSort(sort === key ? `-${key}` : key);
    setPage(0);
  };
  const download = () =>
    saveFile(
      `${fileName}.csv`,
      toCsv(
        columns.map((column) => column.key),
        sorted.map((row) => columns.map((column): Cell => column.value(row))),
      ),
      'text/csv;charset=utf-8',
    );
  return (
    <div class="data-table" data-testid={testId}>
      <div class="table-scroll">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((column) => {
                const state = sortKey === column.key ? (descending ? 'descending' : 'ascending') : undefined;
                const sortable = column.sortable !== false;
                return (
                  <th
                    scope="col"
                    key={column.key}
                    aria-sort={sortable ? (state ?? 'none') : undefined}
                    class={column.numeric ? 'num' : undefined}
                  >
                    {sortable ? (
                      <button
                        type="button"
                        class="sort"
                        title={t('sortBy', { column: t(column.label) })}
                        onClick={() => sortBy(column.key)}
                      >
                        {t(column.label)}
                        <span aria-hidden="true">
                          {state === 'ascending' ? ' ▲' : state === 'descending' ? ' ▼' : ' ↕'}
                        </span>
                      </button>
                    ) : (
                      t(column.label)
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {visible.length === 0 ? (
              <tr>
                <td colSpan={columns.length}>{t('noRows')}</td>
              </tr>
            ) : (
              visible.map((row, i) => (
                <tr key={i}>
                  {columns.map((column) => (
                    <td key={column.key} class={column.numeric ? 'num' : undefined}>
                      {column.render === undefined ? (column.value(row) ?? '–') : column.render(row)}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <div class="table-tools">
        <button type="button" disabled={shown === 0} onClick={() => setPage(shown - 1)}>
          {t('previous')}
        </button>
        <span>{t('page', { n: shown + 1 })}</span>
        <button type="button" disabled={shown >= pages - 1} onClick={() => setPage(shown + 1)}>
          {t('next')}
        </button>
        <button type="button" class="download" disabled={rows.length === 0} onClick={download}>
          {t('downloadCsv')}
        </button>
      </div>
    </div>
  );
};
