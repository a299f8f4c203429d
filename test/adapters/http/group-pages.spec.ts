// The groups read model costs a page: for today, the sorts by combined T12M and member count and
// the tier and sponsor-gap filters run in SQL among the rows kept current; the id and name are
// plain sorts whatever the day; the rows not current yet are presented and merged in; a past asOf
// still presents; the accountId filter reads an account's stays (group_memberships), any day. The answers are those of the presented rows, on SQLite and on PostgreSQL.
import { describe, expect, it } from 'vitest';
import { POLICY_V2, TIERS_DESCENDING, type IsoDate } from '../../../domain/kernel/index.js';
import { READ_MODELS } from '../../../projections/index.js';
import { linkSelectionsOf, type PresentedRow } from '../../../projections/read-model.js';
import type { ReadModelQuery } from '../../../src/ports.js';
import type { OpenedEngine } from '../../../src/app/open-engine.js';
import { BOOK_DAY } from '../../demo/demo-fixture.js';
import { POSTGRES_URL, withPostgres } from '../postgres/postgres-fixture.js';
import { CURRENT, NOW, PAST, pageCostApp, pageCostStores, type Row } from './page-cost-fixture.js';

/** The day the groups added here are formed: before PAST, so a past page has their members. */
const FORMED = '2026-02-02T09:00:00.000Z';
const MODEL = READ_MODELS.find((m) => m.name === 'groups')!;
const TABLE = MODEL.collection;
/** Groups added to the demo book's few (a book of 48 accounts forms 4). */
const ADDED = 16;

const PAGED = { model: MODEL, identity: (row: Row | PresentedRow) => String(row['groupId']) };

/** The engine on the demo book, its read models in SQLite or in a PostgreSQL database of its own. */
const openers = pageCostStores('kare_groups');

describe.each(openers)('the groups pages on %s', (_store, open) => {
  const send = (aggregate: string, aggregateId: string, type: string, data: object) =>
    opened.engine.handler.handle({ aggregate, aggregateId, command: { type, data } } as never);
  const handle = async (aggregate: string, aggregateId: string, type: string, data: object) => {
    const outcome = await send(aggregate, aggregateId, type, data);
    expect(outcome.ok, outcome.ok ? '' : JSON.stringify(outcome.failure)).toBe(true);
  };

  // More groups, of 0 to 2 accounts in no group yet: every tier, sponsors on some, gaps on others.
  const moreGroups = async (engine: OpenedEngine): Promise<void> => {
    const members = new Set(
      (await engine.readModels.find<never>(TABLE)).flatMap(
        ({ doc }) => MODEL.present(doc, { asOf: BOOK_DAY, policy: POLICY_V2 })['memberIds'] as string[],
      ),
    );
    const free = (await engine.readModels.find('tier_status'))
      .filter(({ key, row }) => !members.has(key) && row['status'] !== 'LOST' && row['status'] !== 'PROSPECT')
      .map(({ key }) => key);
    expect(free.length).toBeGreaterThanOrEqual(ADDED);
    for (let i = 0; i < ADDED; i += 1) {
      const groupId = `pg-${String(i).padStart(2, '0')}`;
      await handle('group', groupId, 'RegisterGroup', {
        groupId,
        name: `Group ${String.fromCharCode(90 - i)}`,
        industry: 'RETAIL',
        headquartersRegion: 'Shanghai',
        at: FORMED,
      });
      for (const accountId of free.splice(0, i % 3))
        await handle('group', groupId, 'AddMember', { accountId, at: FORMED });
      if (i % 4 === 0)
        await handle('group', groupId, 'SetExecutiveSponsor', { executiveId: 'vp-1', at: FORMED });
    }
    await engine.projector.catchUp();
  };

  const opened = pageCostApp(open, {
    name: 'group-pages',
    demo: { accounts: 48 },
    beforeRefresh: moreGroups,
    timeout: 240_000,
  });
  const { reads, get } = opened;

  /** Every page of `query`, walked by cursor, as group ids. */
  const walk = (query: string) => opened.walkPages(PAGED, query, 3);

  /** Every group presented as of `asOf`, those `passes` lets through, in the order of `sort`. */
  const presented = (
    asOf: IsoDate,
    sort: string,
    passes: (row: PresentedRow) => boolean = () => true,
  ): Promise<string[]> => opened.presentedOrder(PAGED, asOf, sort, passes);

  const SORTS = MODEL.sortable.flatMap((field) => [field, `-${field}`]);
  const FILTERS: readonly (readonly [string, (row: PresentedRow) => boolean])[] = [
    ...TIERS_DESCENDING.map((tier) => [`tier=${tier}`, (row: PresentedRow) => row['tier'] === tier] as const),
    ['tier=A,C', (row) => row['tier'] === 'A' || row['tier'] === 'C'],
    ['sponsorGap=true', (row) => row['sponsorGap'] === true],
    ['sponsorGap=false', (row) => row['sponsorGap'] === false],
  ];

  it('holds groups of every tier, with and without a sponsor gap, all current as of today', async () => {
    const today = await opened.engine.readModels.find<never>(TABLE);
    expect(today.length).toBeGreaterThanOrEqual(ADDED + 4);
    expect(today.map(({ row }) => row['current_as'])).toEqual(today.map(() => CURRENT));
    const rows = today.map(({ doc }) => MODEL.present(doc, { asOf: BOOK_DAY, policy: POLICY_V2 }));
    expect(new Set(rows.map((row) => row['tier']))).toEqual(new Set(TIERS_DESCENDING));
    expect(new Set(rows.map((row) => row['sponsorGap']))).toEqual(new Set([true, false]));
  });

  it('for today gives the presented rows in every sort, with each filter and without', async () => {
    for (const sort of SORTS) {
      expect(await walk(`sort=${sort}`), sort).toEqual(await presented(BOOK_DAY, sort));
      for (const [filter, passes] of FILTERS)
        expect(await walk(`sort=${sort}&${filter}`), `${sort} ${filter}`).toEqual(
          await presented(BOOK_DAY, sort, passes),
        );
    }
  });

  it('for today reads the page and one row more, not the table, in every sort and with each filter', async () => {
    const total = (await opened.engine.readModels.find(TABLE)).length;
    for (const sort of SORTS)
      for (const filter of ['', ...FILTERS.filter(([f]) => !f.includes(',')).map(([f]) => `&${f}`)]) {
        reads.rows = 0;
        await get(`/read-models/groups?sort=${sort}${filter}&limit=3`);
        expect(reads.rows, `sort=${sort}${filter} of ${total} rows`).toBeLessThanOrEqual(4);
      }
    // Two tiers: a SQL page of each value (IN), still not the table.
    reads.rows = 0;
    await get('/read-models/groups?sort=-t12mAmount&tier=A,C&limit=3');
    expect(reads.rows).toBeLessThanOrEqual(4);
  });

  it('for a past asOf presents the rows as of that day: sorts by id and name still read a page', async () => {
    // First, before the walks below fill the presented-rows cache for the day.
    const total = (await opened.engine.readModels.find(TABLE)).length;
    reads.rows = 0;
    await get(`/read-models/groups?sort=-t12mAmount&limit=3&asOf=${PAST}`);
    expect(reads.rows).toBe(total);
    reads.rows = 0;
    await get(`/read-models/groups?sort=-name&limit=3&asOf=${PAST}`);
    expect(reads.rows).toBeLessThanOrEqual(4);
    let differs = 0;
    for (const sort of SORTS) {
      const past = await presented(PAST, sort);
      expect(await walk(`sort=${sort}&asOf=${PAST}`), sort).toEqual(past);
      if (JSON.stringify(past) !== JSON.stringify(await presented(BOOK_DAY, sort))) differs += 1;
    }
    for (const [filter, passes] of FILTERS) {
      const past = await presented(PAST, 't12mAmount', passes);
      expect(await walk(`sort=t12mAmount&${filter}&asOf=${PAST}`), filter).toEqual(past);
      if (JSON.stringify(past) !== JSON.stringify(await presented(BOOK_DAY, 't12mAmount', passes)))
        differs += 1;
    }
    // The past day's T12M and tiers are not today's: reading the current columns would have shown.
    expect(differs).toBeGreaterThan(0);
  });

  it('finds the group an account was a member of, today and on a past day', async () => {
    const rows = (await opened.engine.readModels.find<never>(TABLE)).map(({ doc }) =>
      MODEL.present(doc, { asOf: BOOK_DAY, policy: POLICY_V2 }),
    );
    const withMembers = rows.filter((row) => (row['memberIds'] as string[]).length > 0);
    expect(withMembers.length).toBeGreaterThan(3);
    for (const row of withMembers) {
      const accountId = (row['memberIds'] as string[])[0]!;
      for (const asOf of [BOOK_DAY, PAST])
        expect(await walk(`accountId=${accountId}&asOf=${asOf}`), `${accountId} ${asOf}`).toEqual(
          await presented(asOf, 'groupId', (r) => (r['memberIds'] as string[]).includes(accountId)),
        );
    }
  });

  it('finds through the stays the group each member was in, today and on a past day, a page of them', async () => {
    const store = opened.engine.readModels;
    const docs = await store.find<never>(TABLE);
    const accountId = MODEL.filters.find((f) => f.param === 'accountId')!;
    let found = 0;
    for (const asOf of [BOOK_DAY, PAST, '2026-02-01'] as const) {
      const context = { asOf, policy: POLICY_V2 };
      const rows = docs.map(({ key, doc }) => ({ key, row: MODEL.present(doc, context) }));
      const accounts = [...new Set(rows.flatMap(({ row }) => row['memberIds'] as string[]))];
      for (const account of [...accounts, 'nobody']) {
        const expected = rows
          .filter(({ row }) => accountId.matches!(row, account, context))
          .map(({ key }) => key);
        const query: ReadModelQuery = {
          links: linkSelectionsOf([{ filter: accountId, values: [account] }], asOf),
          where: asOf === BOOK_DAY ? { current_as: CURRENT } : {},
          orderBy: [{ column: 't12m_amount', direction: 'desc' }],
          limit: 3,
        };
        const linked = await store.find(TABLE, query);
        // The group (or none): the rows it names, not the table's to look into each one's members.
        expect(linked.map(({ key }) => key).sort(), `${account} ${asOf}`).toEqual(expected);
        found += linked.length;
      }
    }
    expect(found).toBeGreaterThan(20);
  });

  it('finds the group of an account through its stays: a page, whatever the sort and the day', async () => {
    const rows = (await opened.engine.readModels.find<never>(TABLE)).map(({ doc }) =>
      MODEL.present(doc, { asOf: BOOK_DAY, policy: POLICY_V2 }),
    );
    const total = rows.length;
    // A member of a group added here: a member on PAST too.
    const added = rows.filter((row) => String(row['groupId']).startsWith('pg-'));
    const member = (
      added.find((row) => (row['memberIds'] as string[]).length > 1)!['memberIds'] as string[]
    )[0]!;
    for (const sort of SORTS)
      for (const asOf of [BOOK_DAY, PAST]) {
        reads.rows = 0;
        const body = await get(`/read-models/groups?sort=${sort}&accountId=${member}&limit=3&asOf=${asOf}`);
        expect(body.items).toHaveLength(1);
        // The group's row, presented: not the table's rows, to look into each one's members.
        expect(reads.rows, `${sort} as of ${asOf}, of ${total} rows`).toBeLessThanOrEqual(2);
      }
    // An account in no group, and one asked with another filter: still the answers presented.
    for (const [query, passes] of [
      ['accountId=nobody', () => false],
      [
        `accountId=${member}&sponsorGap=true`,
        (row: PresentedRow) => row['sponsorGap'] === true && (row['memberIds'] as string[]).includes(member),
      ],
      [
        `accountId=${member}&tier=NONE`,
        (row: PresentedRow) => row['tier'] === 'NONE' && (row['memberIds'] as string[]).includes(member),
      ],
    ] as const)
      for (const sort of ['groupId', '-t12mAmount'])
        expect(await walk(`sort=${sort}&${query}`), `${sort} ${query}`).toEqual(
          await presented(BOOK_DAY, sort, passes),
        );
  });

  it('follows an account that leaves a group and joins another: each day, the group it was in', async () => {
    const rows = (await opened.engine.readModels.find<never>(TABLE)).map(({ doc }) =>
      MODEL.present(doc, { asOf: BOOK_DAY, policy: POLICY_V2 }),
    );
    // Groups added here: their members joined before PAST.
    const added = rows.filter((row) => String(row['groupId']).startsWith('pg-'));
    const from = added.find((row) => (row['memberIds'] as string[]).length > 1)!;
    const to = added.find((row) => row['groupId'] !== from['groupId'])!;
    const member = (from['memberIds'] as string[]).at(-1)!;
    await handle('group', String(from['groupId']), 'RemoveMember', {
      accountId: member,
      reason: 'moved to another group',
      at: '2026-06-01T09:00:00.000Z',
    });
    await handle('group', String(to['groupId']), 'AddMember', {
      accountId: member,
      at: '2026-07-01T09:00:00.000Z',
    });
    await opened.engine.projector.catchUp();
    await opened.engine.currentRows.refresh();
    const isIn = (row: PresentedRow) => (row['memberIds'] as string[]).includes(member);
    const seen: string[][] = [];
    for (const asOf of [PAST, '2026-06-01', '2026-06-15', '2026-07-01', BOOK_DAY] as const) {
      const expected = await presented(asOf, 'groupId', isIn);
      expect(await walk(`accountId=${member}&asOf=${asOf}`), asOf).toEqual(expected);
      seen.push(expected);
    }
    expect(seen).toEqual([[from['groupId']], [], [], [to['groupId']], [to['groupId']]]);
  });

  it('presents the rows written since the daily job ran and merges them in', async () => {
    // A sponsor for a tier-A group with a gap, and a month of revenue for a member of another
    // group: the projector writes both rows as of their own day, not current until the next pass.
    const today = { asOf: BOOK_DAY, policy: POLICY_V2 };
    const rows = (await opened.engine.readModels.find<never>(TABLE)).map(({ doc }) =>
      MODEL.present(doc, today),
    );
    const gap = rows.find((row) => row['sponsorGap'] === true)!;
    expect(gap).toBeDefined();
    await handle('group', String(gap['groupId']), 'SetExecutiveSponsor', { executiveId: 'vp-2', at: NOW });
    const smallest = rows
      .filter((row) => (row['memberIds'] as string[]).length > 0 && row['groupId'] !== gap['groupId'])
      .sort((a, b) => Number(a['t12mAmount']) - Number(b['t12mAmount']))[0]!;
    // October is the last month of today's T12M: recorded late, or corrected upwards.
    const member = (smallest['memberIds'] as string[])[0]!;
    const recorded = await send('account', member, 'RecordRevenue', {
      period: '2026-10',
      amount: { amount: 9_876_543_210, currency: 'CNY' },
      sourceRef: 'ERP-late',
      at: NOW,
    });
    if (!recorded.ok)
      await handle('account', member, 'CorrectRevenue', {
        period: '2026-10',
        delta: { amount: 9_876_543_210, currency: 'CNY' },
        reason: 'billing error',
        at: NOW,
      });
    await opened.engine.projector.catchUp();
    const waiting = await opened.engine.readModels.find(TABLE, { except: { current_as: CURRENT } });
    expect(waiting.map(({ key }) => key).sort()).toEqual(
      [String(gap['groupId']), String(smallest['groupId'])].sort(),
    );

    const top = await presented(BOOK_DAY, '-t12mAmount');
    expect(top[0]).toBe(smallest['groupId']);
    expect(await walk('sort=-t12mAmount')).toEqual(top);
    const gaps = await presented(BOOK_DAY, 'groupId', (row) => row['sponsorGap'] === true);
    expect(gaps).not.toContain(gap['groupId']);
    expect(await walk('sort=groupId&sponsorGap=true')).toEqual(gaps);
    for (const [filter, passes] of FILTERS)
      expect(await walk(`sort=-memberCount&${filter}`), filter).toEqual(
        await presented(BOOK_DAY, '-memberCount', passes),
      );
    // The page, one row more and the rows waiting: still not the table.
    reads.rows = 0;
    await get('/read-models/groups?sort=-t12mAmount&limit=3');
    expect(reads.rows).toBeLessThanOrEqual(4 + waiting.length);

    // The job's next pass makes them current, with the columns today presents.
    expect(await opened.engine.currentRows.refresh()).toBeGreaterThanOrEqual(waiting.length);
    const [row] = await opened.engine.readModels.find(TABLE, { where: { group_id: String(gap['groupId']) } });
    expect(row!.row).toMatchObject({ current_as: CURRENT, sponsor_gap: 0 });
    expect(await walk('sort=-t12mAmount')).toEqual(top);
    expect(await walk('sort=groupId&sponsorGap=true')).toEqual(gaps);
  });
});

// Without a server the PostgreSQL variant fails loudly rather than pass having run nothing.
if (POSTGRES_URL === undefined) withPostgres(() => undefined);
