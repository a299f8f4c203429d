// What SQLite's planner makes of the filters through a link table (promotion-history's `sku`,
// groups' `accountId`): with the statistics the read-model database keeps, the pairs of the value
// asked are read off the link's own index and the rows they name are found by key — the rows of
// the answer, never the served table nor its sort index — whatever else the page asks.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { refreshStatistics } from '../../../adapters/sqlite/read-model-database.js';
import { compileFind } from '../../../adapters/sqlite/read-model-query.js';
import { CURRENT_AS } from '../../../projections/projection.js';
import { projection as groupProjection } from '../../../projections/group/index.js';
import { memberLink } from '../../../projections/group/tables.js';
import { projection as promotionProjection } from '../../../projections/promotion-history/index.js';
import { promotionSkuLink } from '../../../projections/promotion-history/promotion-skus.js';
import { emptyTable, planDatabases } from './query-plans.js';

const databases = planDatabases();
const plan = databases.plan;

const TODAY = '2026-12-07/v2';

/**
 * 20,000 promotions naming 2 of 400 SKUs each, and 5,000 groups current today of 20 members each,
 * with the planner's statistics: a SKU's promotions and an account's group are a few among many.
 */
const book = (on: Database.Database) => {
  const promotions = emptyTable(on, promotionProjection, 'promotion_history');
  const skus = emptyTable(on, promotionProjection, 'promotion_history_skus');
  const groups = emptyTable(on, groupProjection, 'groups');
  const stays = emptyTable(on, groupProjection, 'group_memberships');
  on.transaction(() => {
    const promotion = on.prepare(
      `INSERT INTO ${promotions.physical} (promotion_key, window_from, uplift, negative_uplift, doc) VALUES (?, ?, ?, ?, '{}')`,
    );
    const pair = on.prepare(
      `INSERT OR IGNORE INTO ${skus.physical} (promotion_sku, promotion_key, sku, doc) VALUES (?, ?, ?, '{}')`,
    );
    for (let i = 0; i < 20_000; i += 1) {
      const key = `agr-${i % 500}/promo-${i}`;
      promotion.run(key, `2026-0${1 + (i % 9)}-01`, (i % 100) / 50 - 1, i % 3 === 0 ? 1 : 0);
      for (const sku of [`SKU-${i % 400}`, `SKU-${(i * 7) % 400}`]) pair.run(`${key}/${sku}`, key, sku);
    }
    const group = on.prepare(
      `INSERT INTO ${groups.physical} (group_id, current_as, t12m_amount, member_count, tier, sponsor_gap, doc) VALUES (?, ?, ?, 20, ?, ?, '{}')`,
    );
    const stay = on.prepare(
      `INSERT INTO ${stays.physical} (stay, group_id, account_id, member_from, member_until, doc) VALUES (?, ?, ?, '2026-01-05', ?, '{}')`,
    );
    for (let i = 0; i < 5_000; i += 1) {
      group.run(`grp-${i}`, TODAY, (i * 13) % 1000, 'ABC'[i % 3], i % 2);
      for (let j = 0; j < 20; j += 1)
        stay.run(`grp-${i}/${j}`, `grp-${i}`, `acc-${i * 20 + j}`, j % 5 === 0 ? '2026-06-01' : null);
    }
  })();
  refreshStatistics(on);
  return { promotions, groups };
};

describe('the filters through a link table on SQLite', () => {
  it('read the pairs off the link’s index and the rows they name by key, in any sort, with any other filter', () => {
    const db = databases.open();
    const { promotions, groups } = book(db);
    const sku = { link: promotionSkuLink, values: ['SKU-7'] };
    const member = { link: memberLink, values: ['acc-41'], day: '2026-12-07' };
    const cases = [
      { layout: promotions, links: [sku], where: {}, sort: 'window_from', after: undefined },
      { layout: promotions, links: [sku], where: { negative_uplift: 1 }, sort: 'uplift', after: [0.5, 'x'] },
      { layout: groups, links: [member], where: {}, sort: 'group_id', after: undefined },
      {
        layout: groups,
        links: [member],
        where: { [CURRENT_AS]: TODAY },
        sort: 't12m_amount',
        after: undefined,
      },
      {
        layout: groups,
        links: [member],
        where: { [CURRENT_AS]: TODAY, tier: 'A' },
        sort: 'group_id',
        after: undefined,
      },
    ] as const;
    for (const { layout, links, where, sort, after } of cases)
      for (const direction of ['asc', 'desc'] as const) {
        const find = compileFind(layout, {
          links,
          where,
          orderBy: [{ column: sort, direction }],
          limit: 51,
          ...(after === undefined ? {} : { after }),
        });
        const steps = plan(find.sql, find.params);
        const link = links[0]!.link;
        const label = `${layout.table} ${JSON.stringify(where)} ${sort} ${direction}`;
        expect(steps, label).toMatch(
          new RegExp(`SEARCH ${link.table}__v\\d+ USING COVERING INDEX \\S+ \\(${link.value}=\\?`),
        );
        // Found by key (its primary key, or an index ending with it), never a scan of a range.
        expect(steps, label).toMatch(
          new RegExp(`SEARCH ${layout.physical} USING INDEX \\S+ \\((\\w+=\\? AND )*${layout.key}=\\?\\)`),
        );
        expect(steps, label).not.toMatch(new RegExp(`SCAN ${layout.physical}`));
      }
  });
});
