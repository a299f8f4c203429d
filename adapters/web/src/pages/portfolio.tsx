// Portfolio: how the book stands (accounts per tier × industry), what is most at risk (the top
// early-warning scores), what moved (tier changes since a day), what may move (accounts near a
// floor), what nobody looks after (A/B without a manager), and the groups.
import { useState } from 'preact/hooks';
import { Section, columns, Loaded, TierBadge } from '../bits.js';
import { DataTable } from '../data-table.js';
import { count, money, percent, todayIso } from '../format.js';
import { currentAsOf, saveFile } from '../api.js';
import { toCsv } from '../csv.js';
import { useI18n } from '../i18n.js';
import { OPEN_ACCOUNTS, riskColumns } from '../risk-reasons.js';
import { useJson } from '../use-json.js';

type Matrix = Readonly<Record<string, Readonly<Record<string, number>>>>;

export const PortfolioPage = () => {
  const i18n = useI18n();
  const { t } = i18n;
  // "This period": the calendar year, the span tiers are planned and reviewed over.
  const [since, setSince] = useState(() => `${(currentAsOf() ?? todayIso()).slice(0, 4)}-01-01`);
  const matrix = useJson<Matrix>('/read-models/tier-status/matrix');
  const c = columns(i18n);
  return (
    <>
      <h1>{t('portfolioTitle')}</h1>
      <Section id="matrix" title={t('matrixTitle')}>
        <Loaded result={matrix}>{(value) => <MatrixTable matrix={value} />}</Loaded>
      </Section>
      <Section id="top-risks" title={t('topRisksTitle')}>
        <DataTable
          path="/read-models/account-risk"
          query={OPEN_ACCOUNTS}
          defaultSort="-score"
          limit={10}
          caption={t('topRisksTitle')}
          fileName="top-risks"
          columns={riskColumns(i18n)}
        />
      </Section>
      <Section id="tier-changes" title={t('tierChangesTitle')}>
        <label class="inline">
          {t('since')}{' '}
          <input
            type="date"
            value={since}
            onChange={(event) => setSince((event.target as HTMLInputElement).value || since)}
          />
        </label>
        <DataTable
          path="/read-models/tier-changes"
          query={{ from: since }}
          defaultSort="-changedOn"
          caption={t('tierChangesTitle')}
          fileName="tier-changes"
          columns={[
            c.accountId('accountId'),
            c.tier('fromTier'),
            { ...c.tier('toTier'), label: 'to' },
            c.code('direction', 'direction'),
            c.day('changedOn', 'changedOn', 'changedOn'),
            { key: 'period', label: 'period', sort: 'period' },
            c.code('rule', 'rule'),
            c.money('t12mAmount', 't12m'),
          ]}
        />
      </Section>
      <Section id="near-floor" title={t('nearFloorTitle')}>
        <DataTable
          path="/read-models/tier-status"
          query={{ nearFloor: 'true' }}
          defaultSort="-t12mAmount"
          caption={t('nearFloorTitle')}
          fileName="near-floor"
          columns={[
            c.account('accountId', 'name'),
            c.tier('tier', 'tier'),
            c.money('t12mAmount', 't12m', 't12mAmount'),
            { ...c.tier('nearFloorTier'), label: 'floor' },
            c.code('nearFloorSide', 'nearFloorSide'),
            {
              key: 'nearFloorDistanceAmount',
              label: 'nearFloorDistance',
              numeric: true,
              render: (row) =>
                // The API gives the distance in percent (7.6), not as a ratio.
                `${money(i18n.lang, row['nearFloorDistanceAmount'])} (${percent(i18n.lang, Number(row['nearFloorDistancePct']) / 100)})`,
            },
          ]}
        />
      </Section>
      <Section id="without-manager" title={t('withoutManagerTitle')}>
        <DataTable
          path="/read-models/tier-status"
          query={{ withoutManager: 'true' }}
          defaultSort="tier"
          caption={t('withoutManagerTitle')}
          fileName="without-manager"
          columns={[
            c.account('accountId', 'name'),
            c.tier('tier', 'tier'),
            c.code('industry', 'industry'),
            { key: 'region', label: 'region' },
            c.code('status', 'status'),
            c.money('t12mAmount', 't12m', 't12mAmount'),
          ]}
        />
      </Section>
      <Section id="groups" title={t('groupsTitle')}>
        <DataTable
          path="/read-models/groups"
          query={{}}
          defaultSort="-t12mAmount"
          caption={t('groupsTitle')}
          fileName="groups"
          columns={[
            { key: 'name', label: 'groupName', sort: 'name' },
            c.tier('tier'),
            c.code('industry', 'industry'),
            c.count('memberCount', 'members', 'memberCount'),
            {
              key: 'memberRegions',
              label: 'region',
              render: (row) => (Array.isArray(row['memberRegions']) ? row['memberRegions'].join(', ') : ''),
            },
            c.money('t12mAmount', 't12m', 't12mAmount'),
            { key: 'managerId', label: 'manager' },
            {
              key: 'executiveSponsorId',
              label: 'sponsor',
              render: (row) =>
                row['sponsorGap'] === true ? t('sponsorGap') : String(row['executiveSponsorId'] ?? '—'),
            },
          ]}
        />
      </Section>
    </>
  );
};

const MatrixTable = ({ matrix }: { readonly matrix: Matrix }) => {
  const { t, code, lang } = useI18n();
  const tiers = Object.keys(matrix);
  const industries = Object.keys(matrix[tiers[0] ?? ''] ?? {});
  const cell = (tier: string, industry: string) => matrix[tier]?.[industry] ?? 0;
  const rowTotal = (tier: string) => industries.reduce((sum, industry) => sum + cell(tier, industry), 0);
  const columnTotal = (industry: string) => tiers.reduce((sum, tier) => sum + cell(tier, industry), 0);
  const total = tiers.reduce((sum, tier) => sum + rowTotal(tier), 0);
  const download = () =>
    saveFile(
      'tier-industry-matrix.csv',
      toCsv(
        ['tier', ...industries],
        tiers.map((tier) => [tier, ...industries.map((industry) => cell(tier, industry))]),
      ),
      'text/csv;charset=utf-8',
    );
  return (
    <>
      <div class="table-scroll">
        <table class="matrix">
          <caption>{t('matrixCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('tier')}</th>
              {industries.map((industry) => (
                <th scope="col" key={industry} class="num">
                  {code(industry)}
                </th>
              ))}
              <th scope="col" class="num">
                {t('total')}
              </th>
            </tr>
          </thead>
          <tbody>
            {tiers.map((tier) => (
              <tr key={tier}>
                <th scope="row">
                  <TierBadge tier={tier} />
                </th>
                {industries.map((industry) => (
                  <td key={industry} class={`num heat-${Math.min(4, cell(tier, industry))}`}>
                    {count(lang, cell(tier, industry))}
                  </td>
                ))}
                <td class="num total">{count(lang, rowTotal(tier))}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('total')}</th>
              {industries.map((industry) => (
                <td key={industry} class="num total">
                  {count(lang, columnTotal(industry))}
                </td>
              ))}
              <td class="num total">{count(lang, total)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <div class="table-tools">
        <button type="button" class="download" onClick={download}>
          {t('downloadCsv')}
        </button>
      </div>
    </>
  );
};
