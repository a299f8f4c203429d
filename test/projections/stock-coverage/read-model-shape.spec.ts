// The contract between the projection and the query layer: presented rows have exactly the
// declared fields (camelCase), columns are their snake_case names, and every filter column,
// index column and sort key exists. A drift here would break queries at run time, not here.
import { describe, expect, it } from 'vitest';
import { COVERAGE_FLAGS } from '../../../domain/supply/index.js';
import type { Collection } from '../../../projections/projection.js';
import { projection, readModels } from '../../../projections/stock-coverage/index.js';
import { runProjection } from '../../support/projection-harness.js';
import { portfolio } from './portfolio.js';
import { contextOn } from './serve.js';

const definitionOf = (name: string) => projection.collections[name] as unknown as Collection<unknown>;

describe('stock coverage read models', () => {
  it('are stock-coverage and stock-coverage-daily, on the projection stock-coverage', () => {
    expect(projection.name).toBe('stock-coverage');
    expect(readModels.map((m) => [m.name, m.collection])).toEqual([
      ['stock-coverage', 'stock_coverage'],
      ['stock-coverage-daily', 'stock_coverage_daily'],
    ]);
  });

  for (const readModel of readModels) {
    describe(readModel.name, () => {
      const definition = definitionOf(readModel.collection);
      const columns = definition.columns.map((c) => c.name);

      it('presents exactly its fields, with values of their declared types', () => {
        const run = runProjection(projection, portfolio().events);
        const docs = [...run.docs(readModel.collection).values()];
        expect(docs.length).toBeGreaterThan(0);
        for (const doc of docs) {
          const row = readModel.present(doc as never, contextOn('2026-03-22'));
          expect(Object.keys(row).sort()).toEqual(readModel.fields.map((f) => f.name).sort());
          for (const field of readModel.fields) {
            const value = row[field.name];
            if (value === null) {
              expect(field.nullable, `${field.name} is null`).toBe(true);
              continue;
            }
            const type =
              field.type === 'string[]' ? 'object' : field.type === 'integer' ? 'number' : field.type;
            expect(typeof value, field.name).toBe(type);
            if (field.type === 'integer') expect(Number.isInteger(value), field.name).toBe(true);
            if (field.type === 'string[]') expect(Array.isArray(value), field.name).toBe(true);
          }
        }
      });

      it('names fields in camelCase and columns in snake_case, one column per field', () => {
        for (const field of readModel.fields) expect(field.name).toMatch(/^[a-z][a-zA-Z0-9]*$/);
        // And, where the rows are kept current as of today, the column saying as of when; in
        // stock_coverage, a 0/1 column per flag.
        expect(columns.filter((c) => c !== 'current_as' && !c.startsWith('flag_'))).toEqual(
          readModel.fields.map((f) => f.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)),
        );
        expect(columns.filter((c) => c.startsWith('flag_'))).toEqual(
          readModel.name === 'stock-coverage'
            ? COVERAGE_FLAGS.map((flag) => `flag_${flag.toLowerCase()}`)
            : [],
        );
        for (const column of columns) expect(column).toMatch(/^[a-z][a-z0-9_]*$/);
      });

      it('filters on existing columns and sorts by existing fields', () => {
        for (const filter of readModel.filters) {
          expect(filter.column !== undefined || filter.matches !== undefined, filter.param).toBe(true);
          if (filter.column !== undefined) expect(columns).toContain(filter.column.name);
          if (filter.currentColumn !== undefined) expect(columns).toContain(filter.currentColumn);
          // Each value's equalities among the current rows: on existing columns.
          for (const value of filter.currentWhere === undefined ? [] : (filter.values ?? []))
            for (const column of Object.keys(filter.currentWhere!(value))) expect(columns).toContain(column);
        }
        for (const sort of readModel.sortable) expect(readModel.fields.map((f) => f.name)).toContain(sort);
      });
    });
  }

  it('sorts stock-coverage by accountId, sku, dos, onHand, lastReportDate, estimatedOnHand and accountOtifBp', () => {
    expect(readModels[0]?.sortable).toEqual([
      'accountId',
      'sku',
      'dos',
      'onHand',
      'lastReportDate',
      'estimatedOnHand',
      'accountOtifBp',
    ]);
  });

  it('filters stock-coverage by accountId, sku, flag, tier, industry, region, insufficientData, accountStatus and inService', () => {
    expect(readModels[0]?.filters.map((f) => f.param)).toEqual([
      'accountId',
      'sku',
      'flag',
      'tier',
      'industry',
      'region',
      'insufficientData',
      'accountStatus',
      'inService',
    ]);
    expect(readModels[0]?.filters.find((f) => f.param === 'accountStatus')?.values).toEqual([
      'PROSPECT',
      'ACTIVE',
      'AT_RISK',
      'LOST',
    ]);
    expect(readModels[0]?.filters.find((f) => f.param === 'flag')?.values).toEqual([
      'BELOW_SAFETY',
      'STOCKOUT_RISK',
      'PEAK_UNDERCOVERED',
      'COMMITMENT_GAP',
      'OVERSTOCK',
      'STALE_DATA',
      'ALLOCATION_CUT',
      'DELIVERY_LATE',
    ]);
  });

  it('filters stock-coverage-daily by accountId, sku, from and to', () => {
    expect(readModels[1]?.filters.map((f) => f.param)).toEqual(['accountId', 'sku', 'from', 'to']);
  });

  it('indexes only declared columns', () => {
    for (const definition of Object.values(projection.collections).map(
      (c) => c as unknown as Collection<unknown>,
    )) {
      const columns = [definition.key, ...definition.columns.map((c) => c.name)];
      for (const index of definition.indexes) for (const column of index) expect(columns).toContain(column);
    }
  });
});
