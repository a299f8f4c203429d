// The portfolio page's tier-status filters for today, nearFloor and withoutManager: among the
// rows kept current they are SQL on 0/1 columns (nearFloor=up,down: a page per column, merged),
// so a page reads its rows, not the table; the rows not current yet are still presented and
// filtered; a past asOf still filters the presented rows. The answers are those of the presented
// filters, on SQLite and on PostgreSQL.
import { describe, expect, it } from 'vitest';
import { POLICY_V2, type IsoDate } from '../../../domain/kernel/index.js';
import { READ_MODELS } from '../../../projections/index.js';
import type { PresentedRow } from '../../../projections/read-model.js';
import type { OpenedEngine } from '../../../src/app/open-engine.js';
import { BOOK_DAY } from '../../demo/demo-fixture.js';
import { POSTGRES_URL, withPostgres } from '../postgres/postgres-fixture.js';
import { CURRENT, NOW, PAST, pageCostApp, pageCostStores, type Row } from './page-cost-fixture.js';

const MODEL = READ_MODELS.find((m) => m.name === 'tier-status')!;
const TABLE = MODEL.collection;
const SORTS = ['accountId', '-t12mAmount', 'tier'] as const;

/** Each filter's values and what the presented filter says of a row. */
const FILTERS = ['nearFloor', 'withoutManager'].map((param) => {
  const filter = MODEL.filters.find((f) => f.param === param)!;
  return {
    param,
    values: filter.values!,
    passes: (row: PresentedRow, value: string, asOf: IsoDate) =>
      filter.matches!(row, value, { asOf, policy: POLICY_V2 }),
  };
});
const [NEAR_FLOOR, WITHOUT_MANAGER] = FILTERS as [(typeof FILTERS)[0], (typeof FILTERS)[0]];

const identity = (row: Row | PresentedRow): string => String(row['accountId']);

const PAGED = { model: MODEL, identity };

/** The engine on the demo book, its read models in SQLite or in a PostgreSQL database of its own. */
const openers = pageCostStores('kare_portfolio');

/**
 * The demo book has no account just under the next tier's floor on its day: a late revenue month
 * (a correction of its latest month) brings a C account to 95 % of the B floor, so every nearFloor value selects some rows.
 */
const nearTheNextFloor = async (engine: OpenedEngine): Promise<void> => {
  const context = { asOf: BOOK_DAY, policy: POLICY_V2 };
  const floor = POLICY_V2.tiers.B.revenueFloor;
  const rows = (await engine.readModels.find<never>(TABLE)).map(({ doc }) => MODEL.present(doc, context));
  const below = rows.find(
    (row) =>
      row['tier'] === 'C' &&
      row['evaluatedTier'] === 'C' &&
      row['status'] !== 'LOST' &&
      Number(row['t12mAmount']) < floor * 0.8,
  );
  expect(below).toBeDefined();
  const outcome = await engine.handler.handle({
    aggregate: 'account',
    aggregateId: String(below!['accountId']),
    command: {
      type: 'CorrectRevenue',
      data: {
        period: '2026-10',
        delta: { amount: Math.round(floor * 0.95) - Number(below!['t12mAmount']), currency: 'CNY' },
        reason: 'ERP late booking',
        at: NOW,
      },
    },
  });
  expect(outcome.ok, outcome.ok ? '' : JSON.stringify(outcome.failure)).toBe(true);
  await engine.projector.catchUp();
  const [after] = await engine.readModels.find<never>(TABLE, {
    where: { account_id: String(below!['accountId']) },
  });
  expect(MODEL.present(after!.doc, context)['nearFloor']).toEqual(['UP']);
};

describe.each(openers)('the tier-status nearFloor and withoutManager filters on %s', (_store, open) => {
  const opened = pageCostApp(open, {
    name: 'portfolio-pages',
    demo: { accounts: 24 },
    beforeRefresh: nearTheNextFloor,
  });
  const { reads, get } = opened;

  /** Every page of `query`, walked by cursor, as account ids. */
  const walk = (query: string) => opened.walkPages(PAGED, query, 7);

  /** Every row presented as of `asOf`, those `passes` lets through, in the order of `sort`. */
  const presented = (asOf: IsoDate, sort: string, passes: (row: PresentedRow) => boolean) =>
    opened.presentedOrder(PAGED, asOf, sort, passes);

  it('for today gives the rows the presented filters give, value by value, by key and by current sorts', async () => {
    const total = (await presented(BOOK_DAY, 'accountId', () => true)).length;
    for (const { param, values, passes } of FILTERS)
      for (const value of values) {
        const expected = await presented(BOOK_DAY, 'accountId', (row) => passes(row, value, BOOK_DAY));
        // The demo book has rows on both sides of every value: the answers are not all or none.
        expect(expected.length, `${param}=${value}`).toBeGreaterThan(0);
        expect(expected.length, `${param}=${value}`).toBeLessThan(total);
        for (const sort of SORTS)
          expect(await walk(`sort=${sort}&${param}=${value}`), `${param}=${value} sort=${sort}`).toEqual(
            await presented(BOOK_DAY, sort, (row) => passes(row, value, BOOK_DAY)),
          );
      }
    // Both filters at once, and nearFloor=up,down (a page per column, merged): either direction.
    expect(await walk('sort=-t12mAmount&nearFloor=true&withoutManager=false')).toEqual(
      await presented(
        BOOK_DAY,
        '-t12mAmount',
        (row) => NEAR_FLOOR.passes(row, 'true', BOOK_DAY) && WITHOUT_MANAGER.passes(row, 'false', BOOK_DAY),
      ),
    );
    expect(await walk('sort=-t12mAmount&nearFloor=up,down')).toEqual(
      await presented(BOOK_DAY, '-t12mAmount', (row) => NEAR_FLOOR.passes(row, 'true', BOOK_DAY)),
    );
  });

  it('for today reads the page and one row more, not the table: the workbench’s portfolio queries', async () => {
    const total = (await opened.engine.readModels.find(TABLE)).length;
    for (const query of ['sort=-t12mAmount&nearFloor=true', 'sort=tier&withoutManager=true']) {
      const [param, value] = query.split('&')[1]!.split('=') as [string, string];
      const filter = FILTERS.find((f) => f.param === param)!;
      const expected = await presented(BOOK_DAY, query.split('&')[0]!.slice('sort='.length), (row) =>
        filter.passes(row, value, BOOK_DAY),
      );
      reads.rows = 0;
      const body = await get(`/read-models/tier-status?${query}&limit=3`);
      expect(body.items.map(identity), query).toEqual(expected.slice(0, 3));
      expect(reads.rows, `${query} of ${total} rows`).toBeLessThanOrEqual(4);
    }
    for (const value of NEAR_FLOOR.values) {
      reads.rows = 0;
      await get(`/read-models/tier-status?sort=-t12mAmount&nearFloor=${value}&limit=3`);
      expect(reads.rows, value).toBeLessThanOrEqual(4);
    }
    // Two columns: two pages and one row more each.
    reads.rows = 0;
    await get('/read-models/tier-status?sort=-t12mAmount&nearFloor=up,down&limit=3');
    expect(reads.rows).toBeLessThanOrEqual(2 * 4);
    // The same filter as of a past day presents the rows it passes over.
    reads.rows = 0;
    await get(`/read-models/tier-status?sort=-t12mAmount&nearFloor=true&limit=3&asOf=${PAST}`);
    expect(reads.rows).toBeGreaterThan(4);
  });

  it('for a past asOf filters the rows presented as of that day, not the columns kept for today', async () => {
    let differs = 0;
    for (const { param, values, passes } of FILTERS)
      for (const value of values) {
        const past = await presented(PAST, '-t12mAmount', (row) => passes(row, value, PAST));
        expect(await walk(`sort=-t12mAmount&${param}=${value}&asOf=${PAST}`), `${param}=${value}`).toEqual(
          past,
        );
        const today = await presented(BOOK_DAY, '-t12mAmount', (row) => passes(row, value, BOOK_DAY));
        if (JSON.stringify([...past].sort()) !== JSON.stringify([...today].sort())) differs += 1;
      }
    // The rows passing on the past day are not today's: reading the columns would have shown.
    expect(differs).toBeGreaterThan(0);
  });

  it('presents and filters the rows written since the daily job ran, and merges them in', async () => {
    const context = { asOf: BOOK_DAY, policy: POLICY_V2 };
    const today = (await opened.engine.readModels.find<never>(TABLE)).map(({ doc }) =>
      MODEL.present(doc, context),
    );
    // A C or NONE account without a manager, overridden to A: an A account without a manager today.
    const unmanaged = today.find(
      (row) =>
        (row['tier'] === 'C' || row['tier'] === 'NONE') &&
        row['managerId'] === null &&
        row['status'] !== 'LOST',
    );
    // An account near a floor, lost: near none today (a LOST account raises no flag).
    const near = today.find(
      (row) => NEAR_FLOOR.passes(row, 'true', BOOK_DAY) && row['accountId'] !== unmanaged?.['accountId'],
    );
    expect(unmanaged).toBeDefined();
    expect(near).toBeDefined();
    const commands = [
      {
        aggregateId: String(unmanaged!['accountId']),
        command: {
          type: 'OverrideTier',
          data: {
            tier: 'A',
            reason: 'Strategic account, board decision',
            approvedBy: 'dir-portfolio-pages',
            expiresOn: '2027-01-31',
            at: NOW,
          },
        },
      },
      {
        aggregateId: String(near!['accountId']),
        command: { type: 'MarkLost', data: { reason: 'Moved to a rival', competitor: 'Rival', at: NOW } },
      },
    ];
    for (const { aggregateId, command } of commands) {
      const outcome = await opened.engine.handler.handle({
        aggregate: 'account',
        aggregateId,
        command,
      } as never);
      expect(outcome.ok, outcome.ok ? '' : JSON.stringify(outcome.failure)).toBe(true);
    }
    await opened.engine.projector.catchUp();
    const waiting = await opened.engine.readModels.find(TABLE, { except: { current_as: CURRENT } });
    expect(waiting.map(({ key }) => key).sort()).toEqual(
      [String(unmanaged!['accountId']), String(near!['accountId'])].sort(),
    );
    expect(waiting.map(({ row }) => row['current_as'])).toEqual([null, null]);

    const check = async (): Promise<void> => {
      for (const { param, values, passes } of FILTERS)
        for (const value of values)
          for (const sort of SORTS)
            expect(await walk(`sort=${sort}&${param}=${value}`), `${param}=${value} sort=${sort}`).toEqual(
              await presented(BOOK_DAY, sort, (row) => passes(row, value, BOOK_DAY)),
            );
    };
    const withoutManager = await presented(BOOK_DAY, 'tier', (row) =>
      WITHOUT_MANAGER.passes(row, 'true', BOOK_DAY),
    );
    expect(withoutManager).toContain(String(unmanaged!['accountId']));
    expect(
      await presented(BOOK_DAY, 'accountId', (row) => NEAR_FLOOR.passes(row, 'false', BOOK_DAY)),
    ).toContain(String(near!['accountId']));
    await check();
    // The page, one row more and the rows waiting: still not the table.
    reads.rows = 0;
    await get('/read-models/tier-status?sort=tier&withoutManager=true&limit=3');
    expect(reads.rows).toBeLessThanOrEqual(4 + waiting.length);

    // The job's next pass makes them current, with the columns as today presents them.
    expect(await opened.engine.currentRows.refresh()).toBeGreaterThanOrEqual(waiting.length);
    const rowOf = async (accountId: unknown) =>
      (await opened.engine.readModels.find(TABLE, { where: { account_id: String(accountId) } }))[0]!.row;
    expect(await rowOf(unmanaged!['accountId'])).toMatchObject({
      current_as: CURRENT,
      tier: 'A',
      without_manager: 1,
    });
    expect(await rowOf(near!['accountId'])).toMatchObject({
      current_as: CURRENT,
      near_floor_either: 0,
      near_floor_up: 0,
      near_floor_down: 0,
    });
    await check();
  });
});

// Without a server the PostgreSQL variant fails loudly rather than pass having run nothing.
if (POSTGRES_URL === undefined) withPostgres(() => undefined);
