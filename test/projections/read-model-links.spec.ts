// The filters through a link table, across the registries: each link is a collection of the
// projection serving its read model (so of the same build), internal, with the columns the link
// names and an index that answers it alone; and a request's link filters as SQL selections.
import { describe, expect, it } from 'vitest';
import { PROJECTIONS, READ_MODELS } from '../../projections/index.js';
import {
  columnFilter,
  linkSelectionsOf,
  runsOnRows,
  type Filter,
  type Link,
} from '../../projections/read-model.js';

const links = READ_MODELS.flatMap((model) =>
  model.filters.flatMap((filter) =>
    filter.link === undefined ? [] : [{ model, filter, link: filter.link }],
  ),
);

describe('filters through a link table', () => {
  it('are the promotions’ SKUs and the groups’ members', () => {
    expect(links.map(({ model, filter }) => `${model.name}?${filter.param}`)).toEqual([
      'promotion-history?sku',
      'groups?accountId',
    ]);
  });

  it('name an internal collection of the projection serving the read model, its columns and an index covering them', () => {
    for (const { model, filter, link } of links) {
      const projection = PROJECTIONS.find((p) =>
        Object.values(p.collections).some((c) => c.table === model.collection),
      )!;
      const pairs = Object.values(projection.collections).find((c) => c.table === link.table);
      expect(pairs, `${model.name} ${filter.param}`).toBeDefined();
      expect(pairs!.internal).toBe(true);
      const columns = pairs!.columns.map((c) => c.name);
      const named = [
        link.key,
        link.value,
        ...(link.during === undefined ? [] : [link.during.from, link.during.until]),
      ];
      for (const column of named) expect(columns, `${link.table}.${column}`).toContain(column);
      // Led by the value asked for, holding the rest: the pairs and the keys from the index alone.
      expect(
        pairs!.indexes.some((index) => index[0] === link.value && named.every((c) => index.includes(c))),
        link.table,
      ).toBe(true);
      // Asked of a presented row too, by the same filter: the specs hold the two to one answer.
      expect(filter.matches).toBeDefined();
      expect(runsOnRows(filter)).toBe(false);
    }
  });
});

describe('a request’s link filters', () => {
  const always: Link = { table: 'pairs', key: 'row_key', value: 'tag' };
  const someDays: Link = { ...always, during: { from: 'since', until: 'until' } };
  const onRows: Filter = { param: 'big', description: '', type: 'boolean', matches: () => true };
  const tag: Filter = { param: 'tag', description: '', type: 'string', link: always, matches: () => true };
  const member: Filter = { param: 'member', description: '', type: 'string', link: someDays };

  it('are a selection each, of the distinct values, on the asOf for a link that holds some days', () => {
    expect(
      linkSelectionsOf(
        [
          { filter: columnFilter('kind', 'kind', ''), values: ['A'] },
          { filter: tag, values: ['x', 'y', 'x'] },
          { filter: onRows, values: ['true'] },
          { filter: member, values: ['acc-1'] },
        ],
        '2026-05-01',
      ),
    ).toEqual([
      { link: always, values: ['x', 'y'] },
      { link: someDays, values: ['acc-1'], day: '2026-05-01' },
    ]);
    expect(linkSelectionsOf([{ filter: onRows, values: ['true'] }], '2026-05-01')).toEqual([]);
  });

  it('leave the presented rows to the filters with no other way: a link filter, a column filter are SQL', () => {
    expect(runsOnRows(onRows)).toBe(true);
    expect(runsOnRows(tag)).toBe(false);
    expect(runsOnRows(member)).toBe(false);
    expect(runsOnRows(columnFilter('kind', 'kind', ''))).toBe(false);
  });
});
