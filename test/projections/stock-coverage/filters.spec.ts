// Every filter of the stock-coverage read model: one value that matches rows and one that
// does not. SQL filters run on the plain columns, the others on the row presented as of asOf.
import { describe, expect, it } from 'vitest';
import { projection } from '../../../projections/stock-coverage/index.js';
import { runProjection } from '../../support/projection-harness.js';
import { portfolio } from './portfolio.js';
import { keysOf, serve, type Params } from './serve.js';

const TODAY = '2026-03-22';
const keys = (params: Params, asOf = TODAY) =>
  keysOf(serve(runProjection(projection, portfolio().events), 'stock-coverage', asOf, params));

describe('stock-coverage filters', () => {
  it('without any: every row', () => {
    expect(keys({})).toEqual(['acc-1:SKU-1', 'acc-1:SKU-2', 'acc-2:SKU-1']);
  });

  it('accountId', () => {
    expect(keys({ accountId: 'acc-1' })).toEqual(['acc-1:SKU-1', 'acc-1:SKU-2']);
    expect(keys({ accountId: 'acc-3' })).toEqual([]);
  });

  it('sku', () => {
    expect(keys({ sku: 'SKU-1' })).toEqual(['acc-1:SKU-1', 'acc-2:SKU-1']);
    expect(keys({ sku: 'SKU-9' })).toEqual([]);
  });

  it('flag: rows raising it', () => {
    expect(keys({ flag: 'BELOW_SAFETY' })).toEqual(['acc-1:SKU-1']);
    expect(keys({ flag: 'OVERSTOCK' })).toEqual(['acc-2:SKU-1']);
    expect(keys({ flag: 'COMMITMENT_GAP' })).toEqual([]);
  });

  it('flag, comma-separated or repeated: rows raising all of them', () => {
    expect(keys({ flag: 'BELOW_SAFETY,STOCKOUT_RISK' })).toEqual(['acc-1:SKU-1']);
    expect(keys({ flag: ['BELOW_SAFETY', 'STOCKOUT_RISK'] })).toEqual(['acc-1:SKU-1']);
    expect(keys({ flag: 'BELOW_SAFETY, OVERSTOCK' })).toEqual([]);
    expect(keys({ flag: ['BELOW_SAFETY', 'OVERSTOCK'] })).toEqual([]);
  });

  it('flag: as of the query’s day', () => {
    // 10 days after the last reports: stale for tier A (acc-1), not yet for tier B (acc-2, override over).
    expect(keys({ flag: 'STALE_DATA' }, '2026-04-01')).toEqual(['acc-1:SKU-1', 'acc-1:SKU-2']);
    expect(keys({ flag: 'STALE_DATA' })).toEqual([]);
  });

  it('tier: the effective tier as of the query’s day', () => {
    expect(keys({ tier: 'A' })).toEqual(['acc-1:SKU-1', 'acc-1:SKU-2', 'acc-2:SKU-1']);
    // acc-2's override to A ran out on 25 March.
    expect(keys({ tier: 'A' }, '2026-03-26')).toEqual(['acc-1:SKU-1', 'acc-1:SKU-2']);
    expect(keys({ tier: 'B' }, '2026-03-26')).toEqual(['acc-2:SKU-1']);
    expect(keys({ tier: 'C' })).toEqual([]);
  });

  it('industry', () => {
    expect(keys({ industry: 'FINANCE' })).toEqual(['acc-2:SKU-1']);
    expect(keys({ industry: 'EDUCATION' })).toEqual([]);
  });

  it('insufficientData', () => {
    expect(keys({ insufficientData: 'true' })).toEqual(['acc-1:SKU-2']);
    expect(keys({ insufficientData: 'false' })).toEqual(['acc-1:SKU-1', 'acc-2:SKU-1']);
  });

  it('combine: SQL and presented filters together', () => {
    expect(keys({ accountId: 'acc-1', flag: 'BELOW_SAFETY', tier: 'A' })).toEqual(['acc-1:SKU-1']);
    expect(keys({ accountId: 'acc-2', flag: 'BELOW_SAFETY' })).toEqual([]);
  });
});
