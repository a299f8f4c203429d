// The contract the projector and the query layer rely on: snake_case columns with the filters'
// columns indexed, camelCase fields in the order present gives them with values of their
// declared types, sort keys among the fields (and stored, so SQL can sort), internal lookups
// kept out of analysts' view under names no other projection's tables will take.
import { describe, expect, it } from 'vitest';
import { projection, readModels } from '../../../projections/promotion-history/index.js';
import type { Collection } from '../../../projections/projection.js';
import type { Field, FieldValue } from '../../../projections/read-model.js';
import { portfolio } from './portfolio.js';
import { presented, readModel, run } from './scenario.js';

const served = projection.collections[readModel.collection] as unknown as Collection<unknown>;
const snake = (camel: string) => camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const hasType = (value: FieldValue | undefined, field: Field): boolean => {
  if (value === null) return field.nullable === true;
  switch (field.type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isSafeInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
  }
};

describe('the promotion-history read model', () => {
  it('is one read model over the promotion_history table of the promotion-history projection', () => {
    expect(projection.name).toBe('promotion-history');
    expect(readModels.map((m) => [m.name, m.collection])).toEqual([
      ['promotion-history', 'promotion_history'],
    ]);
    expect(served.table).toBe('promotion_history');
    expect(served.internal).toBeUndefined();
  });

  it('handles the account, promotion and supply events it reads, and no others', () => {
    expect([...projection.handles].sort()).toEqual(
      [
        'AccountRegistered',
        'TierChanged',
        'TierOverridden',
        'TierOverrideExpired',
        'PromotionProposed',
        'PromotionApproved',
        'PromotionCancelled',
        'PromotionResultRecorded',
        'CommitmentCreated',
        'StockPositionReported',
      ].sort(),
    );
  });

  it('keeps its lookups internal, under tables prefixed with its own name', () => {
    const lookups = Object.entries(projection.collections).filter(([name]) => name !== readModel.collection);
    expect(lookups.map(([name]) => name).sort()).toEqual([
      'accounts',
      'commitments',
      'promotionSkus',
      'sales',
      'skuLinks',
    ]);
    for (const [, definition] of lookups) {
      expect(definition.internal).toBe(true);
      expect(definition.table).toMatch(/^promotion_history_[a-z_]+$/);
    }
  });

  it('names every column in snake_case', () => {
    for (const definition of Object.values(projection.collections)) {
      for (const name of [definition.key, ...definition.columns.map((c) => c.name)])
        expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
    }
  });

  it('presents every field, in order, with a value of its declared type', () => {
    const rows = presented(run(portfolio));
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(readModel.fields.map((f) => f.name));
      for (const field of readModel.fields)
        expect({ [field.name]: hasType(row[field.name], field) }).toEqual({ [field.name]: true });
    }
  });

  it('has a column for every field, under the snake_case of its name', () => {
    const columns = served.columns.map((c) => c.name);
    for (const field of readModel.fields) expect(columns).toContain(snake(field.name));
  });

  it('sorts by window start first, then budget, actual cost, uplift, the costs per extra unit and the concession headroom, all stored and indexed', () => {
    expect(readModel.sortable).toEqual([
      'windowFrom',
      'budgetAmount',
      'actualCostAmount',
      'uplift',
      'costPerExtraUnitAmount',
      'ourCostPerExtraUnitAmount',
      'concessionHeadroomBp',
    ]);
    for (const name of readModel.sortable) expect(served.indexes).toContainEqual([snake(name)]);
  });

  it('runs its plain filters on indexed columns, and the SKU through its pairs, indexed by SKU', () => {
    for (const filter of readModel.filters) {
      if (filter.column === undefined) {
        expect(filter.param).toBe('sku');
        expect(filter.link).toEqual({ table: 'promotion_history_skus', key: 'promotion_key', value: 'sku' });
        const pairs = projection.collections['promotionSkus']!;
        expect(pairs.table).toBe(filter.link!.table);
        expect(pairs.indexes).toContainEqual(['sku', 'promotion_key']);
        continue;
      }
      const name = filter.column.name;
      expect(
        served.indexes.map((index) => index[0]),
        name,
      ).toContain(name);
    }
  });

  it('offers the three spend reports', () => {
    expect(readModel.reports.map((r) => r.name)).toEqual([
      'spend-by-account',
      'spend-by-tier',
      'spend-by-quarter',
    ]);
  });
});
