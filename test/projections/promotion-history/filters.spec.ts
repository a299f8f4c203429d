// Every filter of the promotion_history queries, each with values that keep rows and one that
// keeps none; plain ones and the flags (0/1 columns) run in SQL on their column, SKU membership
// through the promotions' pairs (promotion_history_skus), the same as on the presented list.
import { describe, expect, it } from 'vitest';
import { PROMOTIONS } from '../../../projections/promotion-history/keys.js';
import { projection } from '../../../projections/promotion-history/index.js';
import { portfolio } from './portfolio.js';
import { CONTEXT, filtered, readModel, rows, run } from './scenario.js';

const result = run(portfolio);
const keeps = (param: string, value: string) => filtered(result, param, value);

describe('the promotion_history filters', () => {
  it('accountId', () => {
    expect(keeps('accountId', 'acc-1')).toEqual(['P-1', 'P-3']);
    expect(keeps('accountId', 'acc-2')).toEqual(['P-2']);
    expect(keeps('accountId', 'acc-9')).toEqual([]);
  });

  it('agreementId', () => {
    expect(keeps('agreementId', 'agr-2')).toEqual(['P-2']);
    expect(keeps('agreementId', 'agr-9')).toEqual([]);
  });

  it('tier, the tier at the time', () => {
    expect(keeps('tier', 'B')).toEqual(['P-1', 'P-3']);
    expect(keeps('tier', 'A')).toEqual(['P-2']);
    expect(keeps('tier', 'C')).toEqual([]);
  });

  it('industry', () => {
    expect(keeps('industry', 'ENERGY')).toEqual(['P-2']);
    expect(keeps('industry', 'FINANCE')).toEqual([]);
  });

  it('kind', () => {
    expect(keeps('kind', 'PRICE_CONCESSION')).toEqual(['P-2']);
    expect(keeps('kind', 'EVENT_SUPPORT')).toEqual(['P-3']);
    expect(keeps('kind', 'JOINT_PROMOTION')).toEqual(['P-1']);
  });

  it('status', () => {
    expect(keeps('status', 'APPROVED')).toEqual(['P-1']);
    expect(keeps('status', 'CANCELLED')).toEqual(['P-2']);
    expect(keeps('status', 'PROPOSED')).toEqual(['P-3']);
  });

  it('sku, any of the promotion’s SKUs', () => {
    expect(keeps('sku', 'SKU-1')).toEqual(['P-1', 'P-3']);
    expect(keeps('sku', 'SKU-3')).toEqual(['P-3']);
    expect(keeps('sku', 'SKU-9')).toEqual([]);
  });

  it('sku runs in SQL through the promotions’ pairs, which name the promotions the presented list names', () => {
    const filter = readModel.filters.find((f) => f.param === 'sku')!;
    const [collection] = Object.entries(projection.collections).find(
      ([, c]) => c.table === filter.link!.table,
    )!;
    const pairs = result.rows(collection);
    // One pair per SKU a promotion names (a SKU named twice, once).
    expect(pairs.map((pair) => `${String(pair['promotion_key'])} ${String(pair['sku'])}`).sort()).toEqual(
      rows(result)
        .flatMap((row) => {
          const doc = result.doc<{ readonly skus: readonly string[] }>(
            PROMOTIONS,
            String(row['promotion_key']),
          );
          return [...new Set(doc!.skus)].map((sku) => `${String(row['promotion_key'])} ${sku}`);
        })
        .sort(),
    );
    for (const sku of ['SKU-1', 'SKU-2', 'SKU-3', 'SKU-9']) {
      const linked = pairs
        .filter((pair) => pair[filter.link!.value] === sku)
        .map((pair) => String(pair[filter.link!.key]).split('/')[1])
        .sort();
      expect(linked, sku).toEqual(keeps('sku', sku));
    }
  });

  it('from: windows ending on or after the day', () => {
    expect(keeps('from', '2026-08-31')).toEqual(['P-2', 'P-3']);
    expect(keeps('from', '2026-10-16')).toEqual([]);
  });

  it('to: windows starting on or before the day', () => {
    expect(keeps('to', '2026-05-01')).toEqual(['P-1']);
    expect(keeps('to', '2026-04-30')).toEqual([]);
  });

  it('from and to together: windows overlapping the range', () => {
    const overlapping = (from: string, to: string) =>
      keeps('from', from).filter((id) => keeps('to', to).includes(id));
    expect(overlapping('2026-05-31', '2026-08-01')).toEqual(['P-1', 'P-2']);
    expect(overlapping('2026-06-01', '2026-07-31')).toEqual([]);
  });

  it('quarter of the window start', () => {
    expect(keeps('quarter', '2026-Q3')).toEqual(['P-2']);
    expect(keeps('quarter', '2026-Q1')).toEqual([]);
  });

  it('overlapsPeak', () => {
    expect(keeps('overlapsPeak', 'true')).toEqual(['P-1']);
    expect(keeps('overlapsPeak', 'false')).toEqual(['P-2', 'P-3']);
  });

  it('baselineOverlapsPeak: the 28 days before the window overlap a peak', () => {
    expect(keeps('baselineOverlapsPeak', 'true')).toEqual(['P-2']);
    expect(keeps('baselineOverlapsPeak', 'false')).toEqual(['P-1', 'P-3']);
  });

  it('negativeUplift: an unmeasured promotion is not negative', () => {
    expect(keeps('negativeUplift', 'true')).toEqual(['P-2']);
    expect(keeps('negativeUplift', 'false')).toEqual(['P-1', 'P-3']);
  });

  it('the flags run in SQL on their 0/1 column, which holds the presented flag whatever the asOf', () => {
    const flags = readModel.filters.filter((f) => f.type === 'boolean');
    expect(flags.map((f) => [f.param, f.column?.name])).toEqual([
      ['overlapsPeak', 'overlaps_peak'],
      ['baselineOverlapsPeak', 'baseline_overlaps_peak'],
      ['negativeUplift', 'negative_uplift'],
    ]);
    for (const row of rows(result)) {
      const doc = result.doc<never>(PROMOTIONS, String(row['promotion_key'])) as never;
      for (const asOf of ['2026-01-01', '2026-07-01', '2027-12-31']) {
        const shown = readModel.present(doc, { ...CONTEXT, asOf });
        for (const flag of flags)
          expect(row[flag.column!.name], `${String(row['promotion_key'])} ${flag.param} ${asOf}`).toBe(
            shown[flag.param] ? 1 : 0,
          );
      }
    }
    // Each flag both ways, so the comparison above saw ones and zeros.
    for (const flag of flags)
      expect(
        keeps(flag.param, 'true').length * keeps(flag.param, 'false').length,
        flag.param,
      ).toBeGreaterThan(0);
  });

  it('offers exactly the documented parameters, enumerations with their values', () => {
    expect(readModel.filters.map((f) => f.param)).toEqual([
      'accountId',
      'agreementId',
      'tier',
      'industry',
      'kind',
      'status',
      'sku',
      'from',
      'to',
      'quarter',
      'overlapsPeak',
      'baselineOverlapsPeak',
      'negativeUplift',
    ]);
    const values = Object.fromEntries(readModel.filters.map((f) => [f.param, f.values]));
    expect(values['tier']).toEqual(['A', 'B', 'C', 'NONE']);
    expect(values['status']).toEqual(['PROPOSED', 'APPROVED', 'CANCELLED']);
    expect(values['kind']).toEqual(['JOINT_PROMOTION', 'PRICE_CONCESSION', 'EVENT_SUPPORT']);
    expect(values['industry']).toHaveLength(9);
  });
});
