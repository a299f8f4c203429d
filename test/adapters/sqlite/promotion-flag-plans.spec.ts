// What SQLite's planner makes of promotion_history's flag filters: each flag's 0/1 column leads an
// index in the order its question is asked in, so a page of the flagged promotions is a range of
// that index, not the table, and needs no sort.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openReadModelDatabase } from '../../../adapters/sqlite/read-model-database.js';
import { compileFind } from '../../../adapters/sqlite/read-model-query.js';
import { emptyTable, queryPlan } from './query-plans.js';
import { projection } from '../../../projections/promotion-history/index.js';
import { tempDir, type TempDir } from '../../src/consumers/projector/fixtures.js';

let dir: TempDir | undefined;
let db: Database.Database | undefined;

afterEach(() => {
  db?.close();
  dir?.remove();
});

const plan = (sql: string, params: readonly unknown[]): string => queryPlan(db!, sql, params);

describe('the promotion_history flag filters on SQLite', () => {
  it.each([
    ['negative_uplift', 'uplift', 'desc'],
    ['negative_uplift', 'uplift', 'asc'],
    ['overlaps_peak', 'window_from', 'asc'],
    ['baseline_overlaps_peak', 'window_from', 'desc'],
  ] as const)('%s: a page sorted by %s %s is a range of its index', (flag, sort, direction) => {
    dir = tempDir();
    db = openReadModelDatabase(dir.path('read.sqlite'));
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
