// The stock-coverage flag filter for today: among the rows kept current it is SQL on a 0/1
// column per flag (several flags, either of them: a page per flag, merged), so a page reads its
// rows, not the table; the rows not current yet are still presented and filtered; a past asOf
// still filters the presented rows. The answers are those of the presented filter, on SQLite and
// on PostgreSQL.
import { describe, expect, it } from 'vitest';
import { POLICY_V2, type IsoDate } from '../../../domain/kernel/index.js';
import { COVERAGE_FLAGS } from '../../../domain/supply/index.js';
import { READ_MODELS } from '../../../projections/index.js';
import type { PresentedRow } from '../../../projections/read-model.js';
import { BOOK_DAY } from '../../demo/demo-fixture.js';
import { POSTGRES_URL, withPostgres } from '../postgres/postgres-fixture.js';
import { CURRENT, NOW, PAST, pageCostApp, pageCostStores, type Row } from './page-cost-fixture.js';

const MODEL = READ_MODELS.find((m) => m.name === 'stock-coverage')!;
const TABLE = MODEL.collection;

const identity = (row: Row | PresentedRow): string => `${String(row['accountId'])}/${String(row['sku'])}`;
const raises = (row: PresentedRow, flag: string): boolean =>
  (row['flags'] as readonly string[]).includes(flag);
const PAGED = { model: MODEL, identity };

/** The engine on the demo book, its read models in SQLite or in a PostgreSQL database of its own. */
const openers = pageCostStores('kare_flags');

describe.each(openers)('the stock-coverage flag filter on %s', (_store, open) => {
  const opened = pageCostApp(open, { name: 'flag-pages', demo: { accounts: 24 } });
  const { reads, get } = opened;

  /** Every page of `query`, walked by cursor, as row identities. */
  const walk = (query: string) => opened.walkPages(PAGED, query, 7);

  /** Every row presented as of `asOf`, those `passes` lets through, in the order of `sort`. */
  const presented = (asOf: IsoDate, sort: string, passes: (row: PresentedRow) => boolean) =>
    opened.presentedOrder(PAGED, asOf, sort, passes);

  /** The flags some row raises today, most raised first. */
  const raisedToday = async (): Promise<string[]> => {
    const today = await presented(BOOK_DAY, 'accountId', () => true);
    expect(today.length).toBeGreaterThan(8);
    const counts = await Promise.all(
      COVERAGE_FLAGS.map(
        async (flag) =>
          [flag, (await presented(BOOK_DAY, 'accountId', (r) => raises(r, flag))).length] as const,
      ),
    );
    return counts
      .filter(([, n]) => n > 0)
      .sort(([, a], [, b]) => b - a)
      .map(([flag]) => flag);
  };

  it('for today gives the rows the presented filter gives, flag by flag, by key and by a current sort', async () => {
    const raised = await raisedToday();
    // The demo book is loaded in the peak build-up, when most flags show.
    expect(raised.length).toBeGreaterThanOrEqual(5);
    for (const flag of COVERAGE_FLAGS)
      for (const sort of ['accountId', '-dos'])
        expect(await walk(`sort=${sort}&flag=${flag}`), `${flag} sort=${sort}`).toEqual(
          await presented(BOOK_DAY, sort, (row) => raises(row, flag)),
        );
  });

  it('for today reads the page and one row more, not the table', async () => {
    const [common] = await raisedToday();
    const total = (await opened.engine.readModels.find(TABLE)).length;
    for (const flag of COVERAGE_FLAGS) {
      reads.rows = 0;
      const body = await get(`/read-models/stock-coverage?sort=accountId&flag=${flag}&limit=3`);
      expect(reads.rows, `${flag} of ${total} rows`).toBeLessThanOrEqual(4);
      if (flag === common) expect(body.items).toHaveLength(3);
    }
    // The same filter as of a past day presents the rows it passes over.
    reads.rows = 0;
    await get(`/read-models/stock-coverage?sort=accountId&flag=${common}&limit=3&asOf=${PAST}`);
    expect(reads.rows).toBeGreaterThan(4);
  });

  it('flag=A,B and flag=A&flag=B alike give the rows raising either, as the presented filter does', async () => {
    const [a, ...others] = await raisedToday();
    const onlyA = await presented(BOOK_DAY, 'accountId', (row) => raises(row, a!));
    // Another flag some row raises without the first: either is more than the first alone.
    let c: string | undefined;
    let either: string[] = [];
    for (const other of others) {
      either = await presented(BOOK_DAY, 'accountId', (row) => raises(row, a!) || raises(row, other));
      c = other;
      if (either.length > onlyA.length) break;
    }
    expect(either.length).toBeGreaterThan(onlyA.length);
    expect(await walk(`sort=accountId&flag=${a},${c}`)).toEqual(either);
    expect(await walk(`sort=accountId&flag=${a}&flag=${c}`)).toEqual(either);
    expect(await walk(`sort=-dos&flag=${c},${a}`)).toEqual(
      await presented(BOOK_DAY, '-dos', (row) => raises(row, a!) || raises(row, c!)),
    );
    // A page of each flag's rows in SQL, merged: two pages and one row more each, not the table.
    reads.rows = 0;
    const page = await get(`/read-models/stock-coverage?sort=accountId&flag=${a},${c}&limit=3`);
    expect(page.items.map(identity)).toEqual(either.slice(0, 3));
    expect(reads.rows).toBeLessThanOrEqual(2 * 4);
    // A flag with itself: the flag's rows, one page.
    reads.rows = 0;
    const twice = await get(`/read-models/stock-coverage?sort=accountId&flag=${a},${a}&limit=3`);
    expect(twice.items.map(identity)).toEqual(onlyA.slice(0, 3));
    expect(reads.rows).toBeLessThanOrEqual(4);
  });

  it('for a past asOf filters the rows presented as of that day, not the columns kept for today', async () => {
    let differs = 0;
    for (const flag of COVERAGE_FLAGS) {
      const past = await presented(PAST, 'accountId', (row) => raises(row, flag));
      expect(await walk(`sort=accountId&flag=${flag}&asOf=${PAST}`), flag).toEqual(past);
      if (
        JSON.stringify(past) !==
        JSON.stringify(await presented(BOOK_DAY, 'accountId', (r) => raises(r, flag)))
      )
        differs += 1;
    }
    // The flags of the past day are not today's: reading the columns would have shown.
    expect(differs).toBeGreaterThan(0);
  });

  it('presents and filters the rows written since the daily job ran, and merges them in', async () => {
    // A shortage cuts an open commitment's allocation: its row raises ALLOCATION_CUT as of today,
    // written by the projector as of its own day, not current until the job's next pass.
    const context = { asOf: BOOK_DAY, policy: POLICY_V2 };
    const candidates = (await opened.engine.readModels.find<never>(TABLE))
      .map(({ doc }) => MODEL.present(doc, context))
      .filter(
        (row) =>
          row['inService'] === true &&
          !raises(row, 'ALLOCATION_CUT') &&
          (row['openCommitmentIds'] as readonly string[]).length > 0,
      );
    expect(candidates.length).toBeGreaterThan(0);
    const cut = candidates[0]!;
    const outcome = await opened.engine.handler.handle({
      aggregate: 'supply',
      aggregateId: (cut['openCommitmentIds'] as readonly string[])[0]!,
      command: {
        type: 'AllocateUnderShortage',
        data: { shortageId: 'flag-pages', requested: 100, allocated: 10, rule: 'TIER_PRIORITY_V1', at: NOW },
      },
    });
    expect(outcome.ok, outcome.ok ? '' : JSON.stringify(outcome.failure)).toBe(true);
    await opened.engine.projector.catchUp();
    const waiting = await opened.engine.readModels.find(TABLE, { except: { current_as: CURRENT } });
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.map(({ row }) => row['current_as'])).toEqual(waiting.map(() => null));

    const expected = await presented(BOOK_DAY, 'accountId', (row) => raises(row, 'ALLOCATION_CUT'));
    expect(expected).toContain(identity(cut));
    expect(await walk('sort=accountId&flag=ALLOCATION_CUT')).toEqual(expected);
    const either = await presented(
      BOOK_DAY,
      'accountId',
      (row) => raises(row, 'ALLOCATION_CUT') || raises(row, 'DELIVERY_LATE'),
    );
    expect(await walk('sort=accountId&flag=ALLOCATION_CUT,DELIVERY_LATE')).toEqual(either);
    // The page, one row more and the rows waiting: still not the table.
    reads.rows = 0;
    await get('/read-models/stock-coverage?sort=accountId&flag=ALLOCATION_CUT&limit=3');
    expect(reads.rows).toBeLessThanOrEqual(4 + waiting.length);

    // The job's next pass makes them current, with the flag's column as today presents it.
    expect(await opened.engine.currentRows.refresh()).toBeGreaterThanOrEqual(waiting.length);
    const [row] = await opened.engine.readModels.find(TABLE, {
      where: { account_id: String(cut['accountId']), sku: String(cut['sku']) },
    });
    expect(row!.row).toMatchObject({ current_as: CURRENT, flag_allocation_cut: 1 });
    expect(await walk('sort=accountId&flag=ALLOCATION_CUT')).toEqual(expected);
  });
});

// Without a server the PostgreSQL variant fails loudly rather than pass having run nothing.
if (POSTGRES_URL === undefined) withPostgres(() => undefined);
