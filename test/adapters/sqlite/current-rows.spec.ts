// The daily job on SQLite: rows kept current as of a day, and what SQLite's planner makes of the
// queries that read them: a page among the current rows sorted by a column comes off the
// (current_as, column, key) index, and the rows not current yet are two ranges of it.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createSqliteProjectionStorage } from '../../../adapters/sqlite/projection-storage.js';
import { compileFind } from '../../../adapters/sqlite/read-model-query.js';
import { emptyTable, planDatabases } from './query-plans.js';
import {
  createTableSql,
  layoutsOf,
  parseLayouts,
  viewSql,
} from '../../../adapters/sqlite/read-model-tables.js';
import { POLICY_V1, type IsoDate } from '../../../domain/kernel/index.js';
import {
  collection,
  CURRENT_AS,
  CURRENT_AS_COLUMN,
  currentAs,
  type Projection,
} from '../../../projections/projection.js';
import { createCurrentRows } from '../../../src/consumers/projector/current-rows.js';
import { projection as accountRiskProjection } from '../../../projections/account-risk/index.js';
import { projection as accountPlanProjection } from '../../../projections/account-plan/index.js';
import { projection as stockCoverageProjection } from '../../../projections/stock-coverage/index.js';
import { projection as groupProjection } from '../../../projections/group/index.js';
import {
  projection as tierStatusProjection,
  readModels as tierStatusReadModels,
} from '../../../projections/tier-status/index.js';
import { COVERAGE_FLAGS } from '../../../domain/supply/index.js';
import type { DocumentChange } from '../../../src/ports.js';

interface Doc {
  readonly id: string;
  /** Grows by one a day from `since`: a value that moves with the day. */
  readonly since: number;
}

const ROWS = 1500;
const dayNumber = (day: IsoDate): number => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

const projection: Projection = {
  name: 'ageing',
  version: 1,
  handles: [],
  apply: () => undefined,
  collections: {
    items: collection<Doc>({
      table: 'ageing',
      key: 'id',
      columns: [{ name: 'age', type: 'INTEGER', description: 'Days since `since`' }, CURRENT_AS_COLUMN],
      indexes: [[CURRENT_AS, 'age']],
      toRow: () => ({ age: null, [CURRENT_AS]: null }),
      current: (doc, day, policy) => ({
        age: dayNumber(day) - doc.since,
        [CURRENT_AS]: currentAs(day, policy),
      }),
    }),
  },
};

const databases = planDatabases();
const plan = databases.plan;

/**
 * A risk table of 20,000 rows, 25 a manager, written without statistics; the page of one
 * manager's top risks, whose plan depends on them.
 */
const riskTable = (on: Database.Database): string => {
  on.exec(`CREATE TABLE risk (account_id TEXT PRIMARY KEY NOT NULL, manager_id TEXT, current_as TEXT, score INTEGER, doc TEXT NOT NULL);
    CREATE INDEX risk_manager ON risk (manager_id, account_id);
    CREATE INDEX risk_score ON risk (current_as, score, account_id);`);
  const insert = on.prepare("INSERT INTO risk VALUES (?, ?, '2026-12-07/v1', ?, '{}')");
  on.transaction(() => {
    for (let i = 0; i < 20_000; i += 1) insert.run(`acc-${i}`, `mgr-${i % 800}`, i % 1000);
  })();
  return "SELECT * FROM risk WHERE manager_id = 'mgr-3' AND current_as = '2026-12-07/v1' ORDER BY score DESC, account_id DESC LIMIT 51";
};

describe('rows kept current as of a day, on SQLite', () => {
  it('are rewritten by a pass, and a page among them by another column comes off the index of both', async () => {
    const db = databases.open();
    const storage = createSqliteProjectionStorage(db);
    const build = await storage.create(projection, 'live', 0);
    const tables = await storage.tables(projection, build);
    if (tables.reads !== 'sync') throw new Error('SQLite tables are read in process');
    const changes = new Map<string, DocumentChange>();
    for (let i = 0; i < ROWS; i += 1) {
      const doc: Doc = { id: `item-${String(i).padStart(4, '0')}`, since: 20_000 + (i % 97) };
      changes.set(doc.id, {
        json: JSON.stringify(doc),
        row: projection.collections['items']!.toRow(doc as never),
      });
    }
    tables.transact({ changes: new Map([['items', changes]]), from: 0n, to: 1n });

    const day = '2026-12-07';
    const current = createCurrentRows({
      storage,
      projections: [projection],
      clock: { now: () => `${day}T08:00:00.000Z` },
      policy: POLICY_V1,
      chunk: 400,
    });
    expect(await current.refresh()).toBe(ROWS);
    expect(await current.refresh()).toBe(0);
    const one = db.prepare("SELECT age, current_as FROM ageing WHERE id = 'item-0005'").get();
    expect(one).toEqual({ age: BigInt(dayNumber(day) - 20_005), current_as: `${day}/v1` });

    const [layout] = parseLayouts(
      (
        db.prepare("SELECT tables FROM projection_checkpoints WHERE projection = 'ageing'").get() as {
          tables: string;
        }
      ).tables,
      'ageing',
    );
    const page = compileFind(layout!, {
      where: { [CURRENT_AS]: `${day}/v1` },
      orderBy: [{ column: 'age', direction: 'desc' }],
      limit: 51,
    });
    // Read off the (current_as, age, id) index backwards: no sort of the table.
    expect(plan(page.sql, page.params)).toMatch(/INDEX \S*ix0_current_as_age/);
    expect(plan(page.sql, page.params)).not.toMatch(/TEMP B-TREE/);
    // The rows not current yet: read through the current_as index (its entries, and the table's
    // rows only for those that match), not a scan of the table.
    const waiting = compileFind(layout!, {
      except: { [CURRENT_AS]: `${day}/v1` },
      orderBy: [{ column: CURRENT_AS, direction: 'asc' }],
      limit: 201,
    });
    expect(plan(waiting.sql, waiting.params)).toMatch(/USING INDEX \S*ix0_current_as_age/);
    // A middle page: each way a row can be beyond the cursor (a smaller age, none, the same age
    // and a smaller id) a range of the index, not the index read from its start.
    const middle = compileFind(layout!, {
      where: { [CURRENT_AS]: `${day}/v1` },
      orderBy: [{ column: 'age', direction: 'desc' }],
      after: [500, 'item-0500'],
      limit: 51,
    });
    const steps = plan(middle.sql, middle.params);
    expect(steps).toMatch(/\(current_as=\? AND age<\?\)/);
    expect(steps).toMatch(/\(current_as=\? AND age=\? AND id<\?\)/);
    expect(steps).toMatch(/\(current_as=\? AND age=\?\)/);
  });

  it('reads the rows not current yet as three ranges of the index, never all of it, with the same answers', () => {
    const db = databases.open();
    const layout = layoutsOf(projection, 1, 0)[0]!;
    for (const sql of [...createTableSql(layout), ...viewSql(layout)]) db.exec(sql);
    const day = '2026-12-07/v1';
    const insert = db.prepare(
      `INSERT INTO "${layout.physical}" (id, age, current_as, doc) VALUES (?, ?, ?, '{}')`,
    );
    // Mostly current rows, a few of them not: behind, ahead (a policy's next version), never made current.
    const asOf = (i: number) =>
      i % 50 === 1 ? null : i % 50 === 2 ? '2026-12-06/v1' : i % 50 === 3 ? '2026-12-07/v2' : day;
    for (let i = 0; i < ROWS; i += 1) insert.run(`item-${String(i).padStart(4, '0')}`, i % 7, asOf(i));

    const query = {
      except: { [CURRENT_AS]: day },
      orderBy: [{ column: CURRENT_AS, direction: 'asc' as const }],
      limit: 40,
    };
    const waiting = compileFind(layout, query);
    // Each arm a SEARCH of a range of the (current_as, age, id) index (NULL, below, above): the
    // table and its index are never scanned, whatever their size; only the arms' few rows are.
    const steps = plan(waiting.sql, waiting.params);
    expect(steps).not.toMatch(/SCAN ageing/);
    expect(
      steps.match(/SEARCH ageing\S* USING INDEX \S*ix0_current_as_age \(current_as[=<>]\?\)/g),
    ).toHaveLength(3);

    // The same rows as a plain filter of the table in the same order, page after page.
    const ids = (rows: unknown[]) => rows.map((row) => (row as { id: string }).id);
    const expected = ids(
      db
        .prepare(`SELECT id FROM "${layout.physical}" WHERE current_as IS NOT ? ORDER BY current_as, id`)
        .all(day),
    );
    expect(expected).toHaveLength(90);
    const seen: string[] = [];
    let after: readonly (string | number | null)[] | undefined;
    for (;;) {
      const page = compileFind(layout, { ...query, ...(after === undefined ? {} : { after }) });
      const rows = db.prepare(page.sql).all(...page.params) as { id: string; current_as: string | null }[];
      seen.push(...ids(rows));
      if (rows.length < query.limit) break;
      after = [rows.at(-1)!.current_as, rows.at(-1)!.id];
    }
    expect(seen).toEqual(expected);
    // With another condition and descending: the same as the filter too.
    const filtered = compileFind(layout, {
      where: { age: [2, 3] },
      except: { [CURRENT_AS]: day },
      orderBy: [{ column: 'age', direction: 'desc' }],
      limit: 10,
    });
    expect(ids(db.prepare(filtered.sql).all(...filtered.params))).toEqual(
      ids(
        db
          .prepare(
            `SELECT id FROM "${layout.physical}" WHERE age IN (2, 3) AND current_as IS NOT ? ORDER BY age DESC, id DESC LIMIT 10`,
          )
          .all(day),
      ),
    );
  });

  it('has statistics once opened again: a selective filter is found through its index, not by reading the sort index', () => {
    let db = databases.open();
    const page = riskTable(db);
    // Without statistics SQLite walks the score index (all the day's rows) for the page's order.
    expect(plan(page, [])).toMatch(/INDEX risk_score/);
    db = databases.open();
    expect(plan(page, [])).toMatch(/INDEX risk_manager \(manager_id=\?\)/);
    const analyzed = db.prepare('SELECT count(*) FROM sqlite_stat1 WHERE tbl = ?').pluck().get('risk');
    expect(Number(analyzed)).toBeGreaterThanOrEqual(2);
  });

  it('has statistics again when the daily job asks the storage, without reopening: a book grown since the start', async () => {
    const db = databases.open();
    const page = riskTable(db);
    expect(plan(page, [])).toMatch(/INDEX risk_score/);
    let now = Date.parse('2026-12-07T08:00:00.000Z');
    const current = createCurrentRows({
      storage: createSqliteProjectionStorage(db),
      projections: [],
      clock: { now: () => new Date(now).toISOString() },
      policy: POLICY_V1,
    });
    now += 59 * 60_000;
    await current.refresh();
    expect(plan(page, [])).toMatch(/INDEX risk_score/);
    now += 2 * 60_000;
    await current.refresh();
    expect(plan(page, [])).toMatch(/INDEX risk_manager \(manager_id=\?\)/);
  });
  it('finds the few accounts at risk, and the plans behind pace, through an index of their own, in the order asked', () => {
    const db = databases.open();
    const day = '2026-12-07/v2';
    const cases = [
      { projection: accountRiskProjection, flag: 'at_risk', sort: 'revenue_at_risk' },
      { projection: accountRiskProjection, flag: 'at_risk', sort: 'score' },
      { projection: accountPlanProjection, flag: 'on_pace', sort: 'share_achieved' },
    ];
    for (const { projection: real, flag, sort } of cases) {
      const layout = layoutsOf(real, real.version, 0).find((l) => l.columns.some((c) => c.name === flag))!;
      if (db.prepare('SELECT 1 FROM sqlite_master WHERE name = ?').get(layout.physical) === undefined)
        for (const sql of [...createTableSql(layout), ...viewSql(layout)]) db.exec(sql);
      const find = compileFind(layout, {
        where: { [flag]: [flag === 'at_risk' ? 1 : 0], [CURRENT_AS]: [day] },
        orderBy: [{ column: sort, direction: 'desc' }],
        limit: 50,
      });
      // Not the sort's index (every row current today walked to find the few flagged).
      expect(plan(find.sql, find.params)).toMatch(
        new RegExp(`USING INDEX \\S*current_as_${flag}_${sort} \\(current_as=\\? AND ${flag}=\\?\\)`),
      );
    }
  });

  it('reads the top risks above a score off the score’s index, a range of it, without sorting them', () => {
    const db = databases.open();
    const layout = emptyTable(db, accountRiskProjection, 'account_risk');
    for (const direction of ['desc', 'asc'] as const) {
      const find = compileFind(layout, {
        where: { [CURRENT_AS]: '2026-12-07/v2' },
        between: { score: [60, null] },
        orderBy: [{ column: 'score', direction }],
        limit: 51,
      });
      const steps = plan(find.sql, find.params);
      // minScore=60 for today: the rows current today scoring 60 or more, in score order.
      expect(steps, direction).toMatch(/USING INDEX \S*current_as_score \(current_as=\? AND score>\?\)/);
      expect(steps, direction).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('reads a page of groups for today off an index: by T12M or member count, of a tier or sponsor gap in id order', () => {
    const db = databases.open();
    const layout = emptyTable(db, groupProjection, 'groups');
    const today = '2026-12-07/v2';
    const cases: readonly { where: Record<string, string | number>; sort: string; index: string }[] = [
      { where: {}, sort: 't12m_amount', index: 'current_as_t12m_amount \\(current_as=\\?\\)' },
      { where: {}, sort: 'member_count', index: 'current_as_member_count \\(current_as=\\?\\)' },
      { where: { tier: 'A' }, sort: 'group_id', index: 'current_as_tier \\(current_as=\\? AND tier=\\?\\)' },
      {
        where: { sponsor_gap: 1 },
        sort: 'group_id',
        index: 'current_as_sponsor_gap \\(current_as=\\? AND sponsor_gap=\\?\\)',
      },
    ];
    for (const { where, sort, index } of cases)
      for (const direction of ['asc', 'desc'] as const) {
        const find = compileFind(layout, {
          where: { ...where, [CURRENT_AS]: today },
          orderBy: [{ column: sort, direction }],
          limit: 51,
        });
        const steps = plan(find.sql, find.params);
        // The page's rows off the index, in the order asked: neither the table nor a sort of it.
        expect(steps, `${JSON.stringify(where)} ${sort} ${direction}`).toMatch(
          new RegExp(`USING INDEX \\S*${index}`),
        );
        expect(steps, `${JSON.stringify(where)} ${sort} ${direction}`).not.toMatch(/TEMP B-TREE/);
      }
  });

  it('reads a page of the rows raising a coverage flag off that flag’s index, in account order, without sorting them', () => {
    const db = databases.open();
    const layout = emptyTable(db, stockCoverageProjection, 'stock_coverage');
    for (const flag of COVERAGE_FLAGS) {
      const column = `flag_${flag.toLowerCase()}`;
      const find = compileFind(layout, {
        where: { [CURRENT_AS]: '2026-12-07/v2', [column]: 1 },
        orderBy: [{ column: 'account_id', direction: 'asc' }],
        limit: 51,
      });
      const steps = plan(find.sql, find.params);
      // The flag's few rows today, already in account order: neither the table nor a sort of it.
      expect(steps, flag).toMatch(
        new RegExp(`USING INDEX \\S*current_as_${column}_account_id \\(current_as=\\? AND ${column}=\\?\\)`),
      );
      expect(steps, flag).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('reads the portfolio page’s near-floor and unmanaged accounts off an index of their own, in the order asked, without sorting them', () => {
    const db = databases.open();
    const layout = emptyTable(db, tierStatusProjection, 'tier_status');
    // The equalities the read model's filters give for today (nearFloor=up and down name the
    // either column with theirs, so their rows come off the same index).
    const model = tierStatusReadModels.find((m) => m.name === 'tier-status')!;
    const filter = (param: string) => model.filters.find((f) => f.param === param)!;
    const cases = [
      ...['true', 'up', 'down'].map((value) => ({
        flag: 'near_floor_either',
        where: filter('nearFloor').currentWhere!(value),
        sort: 't12m_amount',
        direction: 'desc' as const,
      })),
      {
        flag: 'without_manager',
        where: { [filter('withoutManager').currentColumn!]: 1 },
        sort: 'tier',
        direction: 'asc' as const,
      },
    ];
    for (const { flag, where, sort, direction } of cases) {
      const find = compileFind(layout, {
        where: { [CURRENT_AS]: '2026-12-07/v2', ...where },
        orderBy: [{ column: sort, direction }],
        limit: 26,
      });
      const steps = plan(find.sql, find.params);
      // The flag's rows today, already in the page's order: not every current row walked by the
      // sort's own index to find them, nor a sort of them.
      expect(steps, flag).toMatch(
        new RegExp(`USING INDEX \\S*current_as_${flag}_${sort} \\(current_as=\\? AND ${flag}=\\?\\)`),
      );
      expect(steps, flag).not.toMatch(/TEMP B-TREE/);
    }
  });
});
