// Managers: the scorecard (manager × month), and per manager the top risks of their portfolio
// (account-risk, highest score first) and the portfolio itself (the tier-status rows they manage).
import { useEffect, useState } from 'preact/hooks';
import { getJson, type Page } from '../api.js';
import { columns, Section } from '../bits.js';
import { DataTable, type Row } from '../data-table.js';
import { useI18n } from '../i18n.js';
import { riskColumns } from '../risk-reasons.js';
import { ManagerScorecard } from './manager-scorecard.js';

/** Every manager, from the managers read model a page at a time (not the accounts: they are many more). */
const MAX_PAGES = 20;

const managersOf = async (signal: AbortSignal): Promise<string[]> => {
  const managers: string[] = [];
  let cursor: string | undefined;
  for (let pageNo = 0; pageNo < MAX_PAGES; pageNo++) {
    const page = await getJson<Page<Row>>('/read-models/managers', { limit: 500, cursor }, signal);
    for (const row of page.items) if (typeof row['managerId'] === 'string') managers.push(row['managerId']);
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  return managers;
};

export const ManagersPage = () => {
  const i18n = useI18n();
  const { t } = i18n;
  const [managers, setManagers] = useState<readonly string[]>([]);
  const [managerId, setManagerId] = useState('');
  useEffect(() => {
    const abort = new AbortController();
    managersOf(abort.signal)
      .then((found) => {
        setManagers(found);
        setManagerId((current) => current || (found[0] ?? ''));
      })
      .catch(() => undefined);
    return () => abort.abort();
  }, []);
  const c = columns(i18n);
  return (
    <>
      <h1>{t('managersTitle')}</h1>
      <Section id="scorecard" title={t('scorecard')}>
        <ManagerScorecard managers={managers} />
      </Section>
      <Section id="manager-portfolio" title={t('managerPortfolio')}>
        <label class="inline">
          {t('manager')}
          <select
            value={managerId}
            onChange={(event) => setManagerId((event.target as HTMLSelectElement).value)}
          >
            {managers.map((each) => (
              <option key={each} value={each}>
                {each}
              </option>
            ))}
          </select>
        </label>
        {managerId !== '' && (
          <div class="stacked" data-testid="manager-top-risks">
            <DataTable
              path="/read-models/account-risk"
              query={{ managerId }}
              defaultSort="-score"
              limit={5}
              caption={t('managerTopRisks', { manager: managerId })}
              fileName={`top-risks-${managerId}`}
              columns={riskColumns(i18n)}
            />
          </div>
        )}
        {managerId !== '' && (
          <DataTable
            path="/read-models/tier-status"
            query={{ managerId }}
            defaultSort="-t12mAmount"
            caption={t('managerPortfolio')}
            fileName={`portfolio-${managerId}`}
            columns={[
              c.account('accountId', 'name'),
              c.tier('tier', 'tier'),
              c.code('industry', 'industry'),
              { key: 'region', label: 'region' },
              c.code('status', 'status'),
              c.money('t12mAmount', 't12m', 't12mAmount'),
              c.money('gapToNextFloor', 'gapToNextFloor', 'gapToNextFloor'),
            ]}
          />
        )}
      </Section>
    </>
  );
};
