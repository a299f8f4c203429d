// Account 360's risk: the early-warning score of account-risk with each reason's share of its
// weight, the revenue the score puts at risk, the trend and region share behind it, and the flags.
import type { ComponentChild } from 'preact';
import type { Page } from '../api.js';
import { Flags, Loaded } from '../bits.js';
import type { Row } from '../data-table.js';
import { count, day, money, percent } from '../format.js';
import { useI18n } from '../i18n.js';
import { LocalTable, type LocalColumn } from '../local-table.js';
import { reasonsOf, shareOfWeight, type Reason } from '../risk-reasons.js';
import { useJson } from '../use-json.js';

export const AccountRisk = ({ accountId }: { readonly accountId: string }) => {
  const { t } = useI18n();
  const page = useJson<Page<Row>>('/read-models/account-risk', { accountId, limit: 1 });
  return (
    <Loaded result={page}>
      {(value) => {
        const row = value.items[0];
        return row === undefined ? <p>{t('noRows')}</p> : <RiskFacts accountId={accountId} row={row} />;
      }}
    </Loaded>
  );
};

const RiskFacts = ({ accountId, row }: { readonly accountId: string; readonly row: Row }) => {
  const i18n = useI18n();
  const { t, code, lang } = i18n;
  const currency = typeof row['currency'] === 'string' ? row['currency'] : 'CNY';
  const pct = (value: unknown) => (typeof value === 'number' ? percent(lang, value / 100, 2) : '–');
  if (row['score'] === null) return <p data-testid="no-risk-score">{t('noRiskScore')}</p>;
  const facts: readonly [string, ComponentChild][] = [
    [t('riskScore'), <span data-testid="risk-score">{count(lang, row['score'], 2)} / 100</span>],
    [t('atRisk'), row['atRisk'] === true ? t('yes') : t('no')],
    [t('status'), code(String(row['accountStatus']))],
    [
      t('revenueAtRisk'),
      <span data-testid="revenue-at-risk">{money(lang, row['revenueAtRisk'], currency)}</span>,
    ],
    [t('t12m'), money(lang, row['t12mAmount'], currency)],
    [t('revenueTrend'), pct(row['revenueTrendPct'])],
    [t('regionShare'), pct(row['regionRevenueSharePct'])],
    [t('lastVisit'), day(lang, row['lastVisitOn'])],
    [t('overdueActions'), count(lang, row['overdueActions'])],
    [t('flags'), <Flags flags={row['flags']} />],
  ];
  const columns: readonly LocalColumn<Reason>[] = [
    {
      key: 'factor',
      label: 'factor',
      value: (reason) => reason.factor,
      render: (reason) => code(reason.factor),
    },
    { key: 'points', label: 'points', numeric: true, value: (reason) => reason.points },
    { key: 'weight', label: 'weight', numeric: true, value: (reason) => reason.weight },
    {
      key: 'shareOfWeight',
      label: 'shareOfWeight',
      numeric: true,
      value: (reason) => Math.round(shareOfWeight(reason) * 100) / 100,
      render: (reason) => (
        <span class="share">
          <span class="bar" aria-hidden="true">
            <span style={{ width: `${Math.min(100, shareOfWeight(reason) * 100)}%` }} />
          </span>
          {percent(lang, shareOfWeight(reason), 0)}
        </span>
      ),
    },
  ];
  return (
    <div data-testid="account-risk">
      <dl class="facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <LocalTable
        rows={reasonsOf(row['reasons'])}
        columns={columns}
        caption={t('riskReasons')}
        fileName={`risk-reasons-${accountId}`}
        defaultSort="-points"
        testId="risk-reasons"
      />
    </div>
  );
};
