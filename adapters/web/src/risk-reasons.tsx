// The early-warning score's reasons as account-risk gives them (`REVENUE_TREND 18.6/30`: the
// factor, the points it adds, its weight in the policy), read into parts so a person sees each
// factor by name and how much of its weight it uses. The columns the top-risk tables share.
import { AccountLink, Flags, TierBadge } from './bits.js';
import type { Column, Row } from './data-table.js';
import { count, money, percent } from './format.js';
import type { I18n } from './i18n.js';

export interface Reason {
  readonly factor: string;
  readonly points: number;
  readonly weight: number;
}

const REASON = /^([A-Z_]+) (\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/;

/** A reason's parts; undefined for text of another shape (shown as it is). */
export const reasonOf = (text: string): Reason | undefined => {
  const match = REASON.exec(text);
  return match === null
    ? undefined
    : { factor: match[1] ?? '', points: Number(match[2]), weight: Number(match[3]) };
};

export const reasonsOf = (value: unknown): readonly Reason[] =>
  Array.isArray(value)
    ? value.flatMap((each) => {
        const reason = typeof each === 'string' ? reasonOf(each) : undefined;
        return reason === undefined ? [] : [reason];
      })
    : [];

/** The share of its weight a reason uses (0–1); 0 for a factor of no weight. */
export const shareOfWeight = (reason: Reason): number =>
  reason.weight > 0 ? reason.points / reason.weight : 0;

/** The reasons, largest first as the API orders them, short: "Revenue trend 30/30". */
export const ReasonList = ({ reasons, i18n }: { readonly reasons: unknown; readonly i18n: I18n }) => {
  const list = reasonsOf(reasons);
  return list.length === 0 ? (
    <>–</>
  ) : (
    <ul class="reasons">
      {list.map((reason) => (
        <li key={reason.factor}>
          {i18n.code(reason.factor)}{' '}
          <span class="muted">
            {count(i18n.lang, reason.points, 2)}/{count(i18n.lang, reason.weight)}
          </span>
        </li>
      ))}
    </ul>
  );
};

/** The accounts a top-risks list is about: a lost one's risk has come true, it is no warning. */
export const OPEN_ACCOUNTS = { accountStatus: 'PROSPECT,ACTIVE,AT_RISK' } as const;

/** The columns of a table of account-risk rows, highest score first. */
export const riskColumns = (i18n: I18n): readonly Column[] => {
  const { lang } = i18n;
  const currencyOf = (row: Row) => (typeof row['currency'] === 'string' ? row['currency'] : 'CNY');
  return [
    {
      key: 'accountId',
      label: 'account',
      sort: 'name',
      render: (row) => <AccountLink id={row['accountId']} name={row['name']} />,
    },
    { key: 'tier', label: 'tier', render: (row) => <TierBadge tier={row['tier']} /> },
    { key: 'region', label: 'region' },
    // A LOST account keeps its score but raises no flags (the top-risk lists leave it out).
    {
      key: 'accountStatus',
      label: 'status',
      render: (row) => (typeof row['accountStatus'] === 'string' ? i18n.code(row['accountStatus']) : '–'),
    },
    {
      key: 'score',
      label: 'riskScore',
      sort: 'score',
      numeric: true,
      render: (row) => count(lang, row['score'], 2),
    },
    {
      key: 'reasons',
      label: 'reasons',
      render: (row) => <ReasonList reasons={row['reasons']} i18n={i18n} />,
    },
    {
      key: 'revenueAtRisk',
      label: 'revenueAtRisk',
      sort: 'revenueAtRisk',
      numeric: true,
      render: (row) => money(lang, row['revenueAtRisk'], currencyOf(row)),
    },
    {
      key: 'regionRevenueSharePct',
      label: 'regionShare',
      sort: 'regionRevenueSharePct',
      numeric: true,
      // The API gives the share in percent (51.85), not as a ratio.
      render: (row) =>
        typeof row['regionRevenueSharePct'] === 'number'
          ? percent(lang, row['regionRevenueSharePct'] / 100)
          : '–',
    },
    { key: 'flags', label: 'flags', render: (row) => <Flags flags={row['flags']} /> },
  ];
};
