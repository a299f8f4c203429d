// Every table of the workbench: a read model's rows a page at a time with the API's cursor,
// sorted by the fields the API sorts by (a click on a header), and downloaded as CSV with the
// same filters. Pages are kept as a stack of cursors so Previous needs no cursor of its own.
import type { ComponentChild } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, csvOf, getJson, saveFile, type Page, type Query } from './api.js';
import { useI18n, type MessageKey } from './i18n.js';
import { ProblemNote } from './problem-note.js';

export type Row = Readonly<Record<string, unknown>>;

export interface Column {
  readonly key: string;
  readonly label: MessageKey;
  /** The API's sort field for this column, when it sorts by it. */
  readonly sort?: string;
  readonly numeric?: boolean;
  readonly render?: (row: Row) => ComponentChild;
}

export interface DataTableProps {
  readonly path: string;
  readonly query: Query;
  readonly columns: readonly Column[];
  readonly caption: string;
  readonly defaultSort?: string;
  readonly limit?: number;
  /** The downloaded file's name, without .csv. */
  readonly fileName: string;
}

interface Walk {
  readonly queryKey: string;
  readonly sort: string | undefined;
  readonly cursors: readonly (string | undefined)[];
}

interface Loaded {
  readonly rows: readonly Row[];
  readonly nextCursor: string | null;
}

export const DataTable = ({
  path,
  query,
  columns,
  caption,
  defaultSort,
  limit = 25,
  fileName,
}: DataTableProps) => {
  const { t } = useI18n();
  const queryKey = JSON.stringify(query);
  // The walk: a new filter or sort starts again from its first page (a cursor carries its sort).
  const [walk, setWalk] = useState<Walk>({ queryKey, sort: defaultSort, cursors: [undefined] });
  const sort = walk.sort;
  const cursors = walk.queryKey === queryKey ? walk.cursors : [undefined];
  const setSort = (next: string | undefined) => setWalk({ queryKey, sort: next, cursors: [undefined] });
  const setCursors = (next: readonly (string | undefined)[]) => setWalk({ queryKey, sort, cursors: next });
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [failure, setFailure] = useState<ApiError | undefined>();
  const [downloading, setDownloading] = useState(false);
  const cursor = cursors[cursors.length - 1];

  useEffect(() => {
    const abort = new AbortController();
    setLoaded(undefined);
    setFailure(undefined);
    getJson<Page<Row>>(path, { ...query, sort, limit, cursor }, abort.signal)
      .then((page) => setLoaded({ rows: page.items, nextCursor: page.nextCursor }))
      .catch((error: unknown) => {
        if (error instanceof ApiError) setFailure(error);
        else if (!abort.signal.aborted) throw error;
      });
    return () => abort.abort();
  }, [path, queryKey, sort, limit, cursor]);

  const sortState = useMemo(
    () => (field: string) => (sort === field ? 'ascending' : sort === `-${field}` ? 'descending' : undefined),
    [sort],
  );

  const download = async () => {
    setDownloading(true);
    try {
      saveFile(`${fileName}.csv`, await csvOf(path, { ...query, sort }), 'text/csv;charset=utf-8');
    } catch (error) {
      if (error instanceof ApiError) setFailure(error);
      else throw error;
    } finally {
      setDownloading(false);
    }
  };

  return (
    <div class="data-table">
      <div class="table-scroll">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((column) => {
                const state = column.sort === undefined ? undefined : sortState(column.sort);
                return (
                  <th
                    scope="col"
                    key={column.key}
                    aria-sort={state ?? (column.sort ? 'none' : undefined)}
                    class={column.numeric ? 'num' : undefined}
                  >
                    {column.sort === undefined ? (
                      t(column.label)
                    ) : (
                      <button
                        type="button"
                        class="sort"
                        title={t('sortBy', { column: t(column.label) })}
                        onClick={() => setSort(state === 'ascending' ? `-${column.sort}` : column.sort)}
                      >
                        {t(column.label)}
                        <span aria-hidden="true">
                          {state === 'ascending' ? ' ▲' : state === 'descending' ? ' ▼' : ' ↕'}
                        </span>
                      </button>
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody aria-busy={loaded === undefined && failure === undefined}>
            {loaded === undefined ? (
              <tr>
                <td colSpan={columns.length}>{failure === undefined ? t('loading') : ''}</td>
              </tr>
            ) : loaded.rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length}>{t('noRows')}</td>
              </tr>
            ) : (
              loaded.rows.map((row, i) => (
                <tr key={i}>
                  {columns.map((column) => (
                    <td key={column.key} class={column.numeric ? 'num' : undefined}>
                      {column.render === undefined ? cellText(row[column.key]) : column.render(row)}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {failure !== undefined && <ProblemNote error={failure} />}
      <div class="table-tools">
        <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          {t('previous')}
        </button>
        <span>{t('page', { n: cursors.length })}</span>
        <button
          type="button"
          disabled={loaded?.nextCursor == null}
          onClick={() => loaded?.nextCursor != null && setCursors([...cursors, loaded.nextCursor])}
        >
          {t('next')}
        </button>
        <button type="button" class="download" disabled={downloading} onClick={() => void download()}>
          {downloading ? t('downloading') : t('downloadCsv')}
        </button>
      </div>
    </div>
  );
};

const cellText = (value: unknown): string =>
  value === null || value === undefined ? '–' : Array.isArray(value) ? value.join(', ') : String(value);
