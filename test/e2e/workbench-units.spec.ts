// The workbench's pure parts, without a browser: numbers and dates for people, the two
// languages, addresses, query strings, SSE message blocks, and the request body a command
// form builds from its JSON Schema.
import { describe, expect, it } from 'vitest';
import { queryString } from '../../adapters/web/src/api.js';
import { toCsv } from '../../adapters/web/src/csv.js';
import {
  addDays,
  basisPoints,
  count,
  day,
  money,
  moneyRounded,
  percent,
  text,
} from '../../adapters/web/src/format.js';
import { codeName, translate } from '../../adapters/web/src/i18n.js';
import {
  actionStatus,
  detailsOf,
  relationshipOf,
} from '../../adapters/web/src/pages/account-relationship.js';
import { commandsOf, newIdempotencyKey } from '../../adapters/web/src/pages/operators.js';
import {
  CHART_CAP,
  chartCapOf,
  plottable,
  quartersOf,
  yearChoices,
} from '../../adapters/web/src/pages/promotions.js';
import { hrefOf, routeOf, type Route } from '../../adapters/web/src/router.js';
import { bodyOf, initialValues, type JsonSchema } from '../../adapters/web/src/schema-form.js';
import { parseBlock } from '../../adapters/web/src/sse.js';

describe('numbers and dates for people', () => {
  it('writes minor units as yuan with the symbol and thousands separators, in both languages', () => {
    expect(money('en', 100044157)).toBe('¥1,000,441.57');
    expect(money('zh-CN', 100044157)).toBe('¥1,000,441.57');
    expect(moneyRounded('en', 100044157)).toBe('¥1,000,442');
  });

  it('writes ratios and basis points as percentages', () => {
    expect(percent('en', 0.22)).toBe('22%');
    expect(basisPoints('en', 1250)).toBe('12.5%');
    expect(count('en', 1234567)).toBe('1,234,567');
    expect(count('en', 15.34, 1)).toBe('15.3');
  });

  it('reads an ISO day as that calendar day in every time zone', () => {
    expect(day('en', '2026-02-01')).toBe('Feb 1, 2026');
    expect(day('zh-CN', '2026-02-01')).toBe('2026年2月1日');
  });

  it('writes a dash for what is missing, never null or NaN', () => {
    expect(money('en', null)).toBe('–');
    expect(percent('en', undefined)).toBe('–');
    expect(day('en', 'soon')).toBe('–');
    expect(text('')).toBe('–');
  });

  it('moves a day across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('the two languages', () => {
  it('fills in parameters', () => {
    expect(translate('en', 'page', { n: 2 })).toBe('Page 2');
    expect(translate('zh-CN', 'page', { n: 2 })).toBe('第 2 页');
  });

  it('says in both languages when the promotions chart shows only part', () => {
    expect(translate('en', 'chartCapped', { shown: '5,000', total: '13,012' })).toBe(
      'The chart shows the 5,000 most recent of 13,012 approved promotions, by window start. Narrow it by year or tier to see them all.',
    );
    expect(translate('zh-CN', 'chartCapped', { shown: '5,000', total: '13,012' })).toBe(
      '图表按期间开始日期显示 13,012 项已批准促销中最近的 5,000 项。按年份或等级缩小范围即可查看全部。',
    );
    for (const lang of ['en', 'zh-CN'] as const)
      expect(translate(lang, 'chartCappedNoTotal', { shown: '5,000' })).toContain('5,000');
  });

  it('names codes in Chinese where known, and makes the others readable in English', () => {
    expect(codeName('zh-CN', 'RETAIL')).toBe('零售');
    expect(codeName('zh-CN', 'STOCKOUT_RISK')).toBe('缺货风险');
    expect(codeName('en', 'STOCKOUT_RISK')).toBe('Stockout risk');
    expect(codeName('en', 'NONE')).toBe('No tier');
    expect(codeName('en', 'acc-0001')).toBe('acc-0001');
  });
});

describe('addresses', () => {
  const routes: Route[] = [
    { page: 'portfolio' },
    { page: 'account', accountId: 'acc-0001' },
    { page: 'stock' },
    { page: 'operators', command: 'recordRevenue', targetId: 'acc-0001' },
  ];
  for (const route of routes)
    it(`reads back the address it writes for the ${route.page} page`, () => {
      expect(routeOf(hrefOf(route))).toEqual(expect.objectContaining(route));
    });

  it('sends an unknown address to the portfolio', () => {
    expect(routeOf('#/nowhere')).toEqual({ page: 'portfolio' });
  });
});

describe('the promotions chart', () => {
  it('reads its cap from the address, lowered only: never above CHART_CAP, never below one', () => {
    expect(chartCapOf('#/promotions')).toBe(CHART_CAP);
    expect(chartCapOf('#/promotions?chartCap=30')).toBe(30);
    expect(chartCapOf(`#/promotions?chartCap=${CHART_CAP + 1}`)).toBe(CHART_CAP);
    for (const wrong of ['0', '-5', '2.5', 'ten', ''])
      expect(chartCapOf(`#/promotions?chartCap=${wrong}`)).toBe(CHART_CAP);
  });

  it('narrows to a year of window start by its four quarters', () => {
    expect(quartersOf('2025')).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
  });

  it('offers the years of the spend by quarter, newest first, with their promotions', () => {
    const groups = [
      { group: '2025-Q2', promotions: 12 },
      { group: '2026-Q1', promotions: 7 },
      { group: '2025-Q3', promotions: 8 },
      { group: null, promotions: 3 },
    ];
    expect(yearChoices(groups, '')).toEqual([
      ['2026', 7],
      ['2025', 20],
    ]);
    // The year picked stays a choice: none of the tier that year, or not counted yet.
    expect(yearChoices(groups, '2024')).toEqual([
      ['2026', 7],
      ['2025', 20],
      ['2024', 0],
    ]);
    expect(yearChoices(undefined, '2025')).toEqual([['2025', undefined]]);
    expect(yearChoices(undefined, '')).toEqual([]);
  });

  it('plots a promotion with a result, an uplift and a cost per extra unit', () => {
    const row = { resultRecorded: true, uplift: 0.3, costPerExtraUnitAmount: 1200 };
    expect(plottable(row)).toBe(true);
    expect(plottable({ ...row, resultRecorded: false })).toBe(false);
    expect(plottable({ ...row, uplift: null })).toBe(false);
    expect(plottable({ ...row, costPerExtraUnitAmount: null })).toBe(false);
  });
});

describe('query strings', () => {
  it('repeats list values and leaves out what is empty', () => {
    expect(
      queryString({ tier: ['A', 'B'], flag: undefined, region: '', limit: 25, asOf: '2026-11-26' }),
    ).toBe('?tier=A&tier=B&limit=25&asOf=2026-11-26');
    expect(queryString({})).toBe('');
  });
});

describe('CSV written in the page', () => {
  it('quotes what needs quotes, joins lists, and makes a would-be formula text', () => {
    expect(
      toCsv(
        ['name', 'n', 'tags', 'note'],
        [
          ['=HYPERLINK("x")', -12.5, ['A', 'B'], null],
          ['Acme, Inc.', 3, [], '-12.5'],
        ],
      ),
    ).toBe('name,n,tags,note\r\n"\'=HYPERLINK(""x"")",-12.5,A|B,\r\n"Acme, Inc.",3,,-12.5\r\n');
  });
});

describe('Server-Sent Events', () => {
  it('reads a message block with its id, event and multi-line data', () => {
    expect(parseBlock('id: 228\nevent: TierChanged\ndata: {"a":\ndata: 1}')).toEqual({
      id: '228',
      event: 'TierChanged',
      data: '{"a":\n1}',
    });
  });

  it('reads the retry delay and ignores comments', () => {
    expect(parseBlock('retry: 1000')).toEqual({ retry: 1000 });
    expect(parseBlock(': keep-alive')).toBeUndefined();
  });
});

describe('a command form', () => {
  const schema: JsonSchema = {
    type: 'object',
    properties: {
      period: { type: 'string' },
      amount: {
        type: 'object',
        properties: { amount: { type: 'integer' }, currency: { type: 'string' } },
      },
      skus: { type: 'array', items: { type: 'string' } },
      plannedQty: { type: 'integer' },
      note: { type: 'string' },
    },
    required: ['period', 'amount'],
  };

  it('starts with CNY as the currency', () => {
    expect(initialValues(schema)).toEqual({ 'amount.currency': 'CNY' });
  });

  it('builds the body the fields say: numbers as numbers, lists from commas, empty fields left out', () => {
    expect(
      bodyOf(schema, {
        period: '2026-11',
        'amount.amount': '1000',
        'amount.currency': 'CNY',
        skus: 'A-1, B-2,',
        note: ' ',
      }),
    ).toEqual({ period: '2026-11', amount: { amount: 1000, currency: 'CNY' }, skus: ['A-1', 'B-2'] });
  });

  it('sends a number that does not parse as typed, so the API names the field', () => {
    expect(bodyOf(schema, { plannedQty: 'ten' })).toEqual({ plannedQty: 'ten' });
  });

  it('lists every POST an operator may send, resolving schema references', () => {
    const commands = commandsOf({
      paths: {
        '/accounts/{id}/record-revenue': {
          post: {
            operationId: 'recordRevenue',
            summary: 'RecordRevenue',
            'x-roles': ['operator'],
            requestBody: {
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/command.RecordRevenue' } },
              },
            },
          },
        },
        '/month-end': {
          post: {
            operationId: 'runMonthEnd',
            summary: 'Month end: EvaluateTier for every account',
            'x-roles': ['operator'],
          },
        },
        '/read-models/tier-status': { get: { operationId: 'listTierStatus', 'x-roles': ['analyst'] } },
      },
      components: { schemas: { 'command.RecordRevenue': schema } },
    });
    expect(commands.map((command) => [command.name, command.aggregate])).toEqual([
      ['RecordRevenue', 'accounts'],
      ['Month end', undefined],
    ]);
    expect(commands[0]?.schema.properties?.['amount']?.properties?.['currency']).toEqual({ type: 'string' });
  });

  it('makes a new version-4 UUID for every submission', () => {
    const key = newIdempotencyKey();
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newIdempotencyKey()).not.toBe(key);
  });
});

describe('the account’s relationship, from its state and its events', () => {
  const events = [
    {
      type: 'ContactAdded',
      data: {
        contactId: 'c-1',
        role: 'DECISION_MAKER',
        personal: { name: 'Wang Fang', phone: '+86 10 6552-8888' },
      },
    },
    // Erased on request: the store boundary shows the marker in place of the personal object.
    { type: 'ContactAdded', data: { contactId: 'c-2', role: 'PURCHASER', personal: { erased: true } } },
    {
      type: 'VisitLogged',
      data: {
        visitId: 'v-1',
        contactIds: ['c-1', 'c-2'],
        notes: 'Peak plan',
        agreedActions: [
          { actionId: 'a-1', what: 'Send the forecast', owner: 'mgr-01', due: '2026-11-01' },
          { actionId: 'a-2', what: 'Book the warehouse', owner: 'c-1', due: '2026-12-01' },
        ],
      },
    },
  ];
  const state = {
    contacts: {
      'c-1': { role: 'DECISION_MAKER', removed: false },
      'c-2': { role: 'PURCHASER', removed: true },
    },
    visits: { 'v-1': { on: '2026-10-20', kind: 'MEETING' } },
    actions: {
      'a-1': {
        visitId: 'v-1',
        agreedOn: '2026-10-20',
        due: '2026-11-01',
        owner: 'mgr-01',
        completedOn: null,
      },
      'a-2': {
        visitId: 'v-1',
        agreedOn: '2026-10-20',
        due: '2026-12-01',
        owner: 'c-1',
        completedOn: '2026-11-20',
      },
    },
  };

  it('shows a contact’s details, or that they were erased, beside the role and whether the contact left', () => {
    const { contacts } = relationshipOf(state, detailsOf(events), '2026-11-26');
    expect(contacts).toEqual([
      {
        contactId: 'c-1',
        role: 'DECISION_MAKER',
        removed: false,
        personal: { name: 'Wang Fang', phone: '+86 10 6552-8888' },
      },
      { contactId: 'c-2', role: 'PURCHASER', removed: true, personal: 'erased' },
    ]);
  });

  it('gives each visit whom it met, its notes and how many actions it agreed; each action its text and state', () => {
    const { visits, actions, plans } = relationshipOf(state, detailsOf(events), '2026-11-26');
    expect(visits).toEqual([
      {
        visitId: 'v-1',
        on: '2026-10-20',
        kind: 'MEETING',
        met: ['c-1', 'c-2'],
        notes: 'Peak plan',
        actions: 2,
      },
    ]);
    expect(actions.map((action) => [action.actionId, action.what, action.status])).toEqual([
      ['a-1', 'Send the forecast', 'overdue'],
      ['a-2', 'Book the warehouse', 'completed'],
    ]);
    expect(plans).toEqual({});
  });

  it('calls an open action overdue only after its due day', () => {
    expect(actionStatus('2026-11-26', null, '2026-11-26')).toBe('open');
    expect(actionStatus('2026-11-25', null, '2026-11-26')).toBe('overdue');
    expect(actionStatus('2026-11-25', '2026-11-27', '2026-11-28')).toBe('completed');
  });
});
