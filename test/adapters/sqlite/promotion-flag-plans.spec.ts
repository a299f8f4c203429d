// What SQLite's planner makes of promotion_history's flag filters: each flag's 0/1 column leads an
// index in the order its question is asked in, so a page of the flagged promotions is a range of
// that index, not the table, and needs no sort.
import { describe, expect, it } from 'vitest';
import { compileFind } from '../../../adapters/sqlite/read-model-query.js';
import { emptyTable, planDatabases } from './query-plans.js';
import { projection } from '../../../projections/promotion-history/index.js';

const databases = planDatabases();
const plan = databases.plan;

describe('the promotion_history flag filters on SQLite', () => {
  it.each([
    ['negative_uplift', 'uplift', 'desc'],
    ['negative_uplift', 'uplift', 'asc'],
    ['overlaps_peak', 'window_from', 'asc'],
    ['baseline_overlaps_peak', 'window_from', 'desc'],
  ] as const)('%s: a page sorted by %s %s is a range of its index', (flag, sort, direction) => {
    const db = databases.open();
    const layout = emptyTable(db, projection, 'promotion_history');
    for (const value of [0, 1]) {
      const find = compileFind(layout, {
        where: { [flag]: value },
        orderBy: [{ column: sort, direction }],
        limit: 51,
      });
      const steps = plan(find.sql, find.params);
      expect(steps).toMatch(new RegExp(`USING INDEX \\S*${flag}_${sort} \\(${flag}=\\?\\)`));
      expect(steps).not.toMatch(/TEMP B-TREE/);
    }
  });
});
