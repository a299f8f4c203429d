// The flag-counts report: how many of the filtered rows raise each flag as of asOf, every
// flag listed (0 included) so a dashboard needs no defaults.
import { describe, expect, it } from 'vitest';
import { projection } from '../../../projections/stock-coverage/index.js';
import { runProjection } from '../../support/projection-harness.js';
import { portfolio } from './portfolio.js';
import { contextOn, model, serve, type Params } from './serve.js';

const flagCounts = (asOf: string, params: Params = {}) => {
  const report = model('stock-coverage').reports.find((r) => r.name === 'flag-counts');
  if (report === undefined) throw new Error('no flag-counts report');
  const rows = serve(runProjection(projection, portfolio().events), 'stock-coverage', asOf, params);
  return report.run(rows, contextOn(asOf));
};

describe('flag-counts', () => {
  it('counts the rows raising each flag', () => {
    expect(flagCounts('2026-03-22')).toEqual({
      asOf: '2026-03-22',
      rows: 3,
      flags: {
        BELOW_SAFETY: 1,
        STOCKOUT_RISK: 1,
        PEAK_UNDERCOVERED: 0,
        COMMITMENT_GAP: 0,
        OVERSTOCK: 1,
        STALE_DATA: 0,
        ALLOCATION_CUT: 0,
        DELIVERY_LATE: 0,
      },
    });
  });

  it('counts as of its day', () => {
    expect(flagCounts('2026-04-01')).toMatchObject({ asOf: '2026-04-01', flags: { STALE_DATA: 2 } });
  });

  it('counts only the filtered rows', () => {
    expect(flagCounts('2026-03-22', { accountId: 'acc-2' })).toEqual({
      asOf: '2026-03-22',
      rows: 1,
      flags: {
        BELOW_SAFETY: 0,
        STOCKOUT_RISK: 0,
        PEAK_UNDERCOVERED: 0,
        COMMITMENT_GAP: 0,
        OVERSTOCK: 1,
        STALE_DATA: 0,
        ALLOCATION_CUT: 0,
        DELIVERY_LATE: 0,
      },
    });
  });
});
