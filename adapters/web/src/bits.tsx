// Small pieces the pages share: a section, a GET's answer or its problem, links to accounts,
// flag chips, and the columns several tables show.
import type { ComponentChildren } from 'preact';
import type { Column, Row } from './data-table.js';
import { basisPoints, count, day, money, percent, text } from './format.js';
import { useI18n, type I18n, type MessageKey } from './i18n.js';
import { ProblemNote } from './problem-note.js';
import { accountHref } from './router.js';
import type { Loading } from './use-json.js';

export const Section = ({
  id,
  title,
  children,
}: {
  readonly id: string;
  readonly title: string;
  readonly children: ComponentChildren;
}) => (
  <section class="panel" id={id} aria-labelledby={`${id}-title`}>
    <h2 id={`${id}-title`}>{title}</h2>
    {children}
  </section>
);

export const Loaded = <T,>({
  result,
  children,
}: {
  readonly result: Loading<T>;
  readonly children: (value: T) => ComponentChildren;
}) => {
  const { t } = useI18n();
  if (result.state === 'loading') return <p aria-busy="true">{t('loading')}</p>;
  if (result.state === 'failed') return <ProblemNote error={result.error} />;
  return <>{children(result.value)}</>;
};

export const AccountLink = ({ id, name }: { readonly id: unknown; readonly name?: unknown }) =>
  typeof id === 'string' ? <a href={accountHref(id)}>{typeof name === 'string' ? name : id}</a> : <>–</>;

export const Flags = ({ flags }: { readonly flags: unknown }) => {
  const { code } = useI18n();
  const list = Array.isArray(flags) ? (flags as string[]) : [];
  return list.length === 0 ? (
    <>–</>
  ) : (
    <ul class="chips">
      {list.map((flag) => (
        <li key={flag} class={`chip flag-${flag.toLowerCase()}`}>
          {code(flag)}
        </li>
      ))}
    </ul>
  );
};

export const TierBadge = ({ tier }: { readonly tier: unknown }) => {
  const { code } = useI18n();
  return typeof tier === 'string' ? (
    <span class={`tier tier-${tier.toLowerCase()}`}>{tier === 'NONE' ? code(tier) : tier}</span>
  ) : (
    <>–</>
  );
};

/** Column builders: they read the I18n for formatting at render time. */
export const columns = (i18n: I18n) => {
  const { lang, code } = i18n;
  const currencyOf = (row: Row) => (typeof row['currency'] === 'string' ? row['currency'] : 'CNY');
  return {
    account: (key = 'accountId', sort?: string): Column => ({
      key,
      label: 'account',
      sort,
      render: (row) => <AccountLink id={row[key]} name={row['name']} />,
    }),
    accountId: (sort?: string): Column => ({
      key: 'accountId',
      label: 'account',
      sort,
      render: (row) => <AccountLink id={row['accountId']} />,
    }),
    money: (key: string, label: MessageKey, sort?: string): Column => ({
      key,
      label,
      sort,
      numeric: true,
      render: (row) => money(lang, row[key], currencyOf(row)),
    }),
    count: (key: string, label: MessageKey, sort?: string, digits = 0): Column => ({
      key,
      label,
      sort,
      numeric: true,
      render: (row) => count(lang, row[key], digits),
    }),
    percent: (key: string, label: MessageKey, sort?: string): Column => ({
      key,
      label,
      sort,
      numeric: true,
      render: (row) => percent(lang, row[key]),
    }),
    basisPoints: (key: string, label: MessageKey, sort?: string): Column => ({
      key,
      label,
      sort,
      numeric: true,
      render: (row) => basisPoints(lang, row[key]),
    }),
    day: (key: string, label: MessageKey, sort?: string): Column => ({
      key,
      label,
      sort,
      render: (row) => day(lang, row[key]),
    }),
    code: (key: string, label: MessageKey, sort?: string): Column => ({
      key,
      label,
      sort,
      render: (row) => (typeof row[key] === 'string' ? code(row[key]) : text(row[key])),
    }),
    tier: (key = 'tier', sort?: string): Column => ({
      key,
      label: 'tier',
      sort,
      render: (row) => <TierBadge tier={row[key]} />,
    }),
    flags: (): Column => ({ key: 'flags', label: 'flags', render: (row) => <Flags flags={row['flags']} /> }),
  };
};
