// The region of a row (the account's, as registered): a filter in SQL and a report of the
// regions the filtered rows have, for the stock board's region choices.
import { describe, expect, it } from 'vitest';
import { projection } from '../../../projections/stock-coverage/index.js';
import { runProjection } from '../../support/projection-harness.js';
import { portfolio } from './portfolio.js';
import { contextOn, model, serve, type Params } from './serve.js';

const DAY = '2026-03-22';

const rows = (params: Params = {}) =>
  serve(runProjection(projection, portfolio().events), 'stock-coverage', DAY, params);

const regionCounts = (params: Params = {}) => {
  const report = model('stock-coverage').reports.find((r) => r.name === 'region-counts');
  if (report === undefined) throw new Error('no region-counts report');
  return report.run(rows(params), contextOn(DAY));
};

describe('stock coverage by region', () => {
  it('copies the account’s region into each of its rows', () => {
    expect(rows().map((row) => [row['accountId'], row['sku'], row['region']])).toEqual([
      ['acc-1', 'SKU-1', 'East'],
      ['acc-1', 'SKU-2', 'East'],
      ['acc-2', 'SKU-1', 'West'],
    ]);
  });

  it('filters by region', () => {
    expect(rows({ region: 'West' }).map((row) => row['accountId'])).toEqual(['acc-2']);
    expect(rows({ region: 'North' })).toEqual([]);
  });

  it('counts the filtered rows per region, by name', () => {
    expect(regionCounts()).toEqual({ rows: 3, regions: { East: 2, West: 1 } });
    expect(regionCounts({ tier: 'A', region: 'West' })).toEqual({ rows: 1, regions: { West: 1 } });
  });
});
