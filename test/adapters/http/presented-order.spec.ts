import { describe, expect, it } from 'vitest';
import {
  compareSortValues,
  pageOf,
  sortValueOf,
  type KeyedRow,
} from '../../../adapters/http/presented-order.js';

const rows = (entries: [string, number | string | null][]): KeyedRow[] =>
  entries.map(([key, value]) => ({ key, row: { v: value } }));

describe('the order of presented rows', () => {
  it('puts nulls first, then booleans, numbers and text, text by code unit', () => {
    const values = ['b', 2, null, true, 'B', 10, false, 'a'];
    expect([...values].sort(compareSortValues)).toEqual([null, false, true, 2, 10, 'B', 'a', 'b']);
  });

  it('sorts lists as their |-joined text and non-finite numbers as absent', () => {
    expect(sortValueOf(['x', 'y'])).toBe('x|y');
    expect(sortValueOf(Number.NaN)).toBeNull();
    expect(sortValueOf(undefined)).toBeNull();
  });

  it('breaks ties by key in the direction of the sort, as a (field, key) index reads either way', () => {
    const all = rows([
      ['c', 1],
      ['a', 1],
      ['b', 2],
      ['d', null],
    ]);
    expect(pageOf(all, { field: 'v', descending: false }, 10, undefined).items.map((r) => r.key)).toEqual([
      'd',
      'a',
      'c',
      'b',
    ]);
    expect(pageOf(all, { field: 'v', descending: true }, 10, undefined).items.map((r) => r.key)).toEqual([
      'b',
      'c',
      'a',
      'd',
    ]);
  });

  it('pages strictly after a keyset and says where the next page starts', () => {
    const all = rows([
      ['a', 1],
      ['b', 1],
      ['c', 2],
      ['d', 3],
    ]);
    const sort = { field: 'v', descending: false };
    const first = pageOf(all, sort, 2, undefined);
    expect(first.items.map((r) => r.key)).toEqual(['a', 'b']);
    expect(first.next).toEqual({ value: 1, key: 'b' });
    const second = pageOf(all, sort, 2, first.next);
    expect(second.items.map((r) => r.key)).toEqual(['c', 'd']);
    expect(second.next).toBeUndefined();
    // A row that was deleted still names a place: the page goes on from there.
    expect(pageOf(all, sort, 5, { value: 1, key: 'aa' }).items.map((r) => r.key)).toEqual(['b', 'c', 'd']);
  });
});
