// Promotions: what each promotion bought (uplift) against what each extra unit cost, as a scatter
// by kind, and the promotions as a table.
import { Chart, Legend, LinearScale, PointElement, ScatterController, Tooltip } from 'chart.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, getJson, type Page } from '../api.js';
import { columns, Section } from '../bits.js';
import { DataTable, type Row } from '../data-table.js';
import { moneyRounded, percent } from '../format.js';
import { useI18n } from '../i18n.js';
import { ProblemNote } from '../problem-note.js';

Chart.register(ScatterController, LinearScale, PointElement, Tooltip, Legend);

const TIERS = ['A', 'B', 'C', 'NONE'];
const KINDS = ['JOINT_PROMOTION', 'PRICE_CONCESSION', 'EVENT_SUPPORT'] as const;
const COLOURS: Record<(typeof KINDS)[number], string> = {
  JOINT_PROMOTION: '#1f6feb',
  PRICE_CONCESSION: '#b35900',
  EVENT_SUPPORT: '#1a7f37',
};
/** The chart reads at most this many pages of 500: enough for a book, bounded for a big one. */
const MAX_PAGES = 10;

const promotionsWithResults = async (signal: AbortSignal): Promise<Row[]> => {
  const rows: Row[] = [];
  let cursor: string | undefined;
  for (let pageNo = 0; pageNo < MAX_PAGES; pageNo++) {
    const page = await getJson<Page<Row>>(
      '/read-models/promotion-history',
      { status: 'APPROVED', limit: 500, cursor },
      signal,
    );
    rows.push(
      ...page.items.filter((row) => row['resultRecorded'] === true && typeof row['uplift'] === 'number'),
    );
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  return rows;
};

export const PromotionsPage = () => {
  const i18n = useI18n();
  const { t, code, lang } = i18n;
  const canvas = useRef<HTMLCanvasElement>(null);
  const [rows, setRows] = useState<Row[] | undefined>();
  const [failure, setFailure] = useState<ApiError | undefined>();
  const [tier, setTier] = useState('');
  const c = columns(i18n);
  const shown = rows?.filter((row) => tier === '' || row['tier'] === tier);

  useEffect(() => {
    const abort = new AbortController();
    promotionsWithResults(abort.signal)
      .then(setRows)
      .catch((error: unknown) => {
        if (error instanceof ApiError) setFailure(error);
      });
    return () => abort.abort();
  }, []);

  useEffect(() => {
    if (shown === undefined || canvas.current === null) return;
    const chart = new Chart(canvas.current, {
      type: 'scatter',
      data: {
        datasets: KINDS.map((kind) => ({
          label: code(kind),
          backgroundColor: COLOURS[kind],
          borderColor: COLOURS[kind],
          data: shown
            .filter((row) => row['kind'] === kind && typeof row['costPerExtraUnitAmount'] === 'number')
            .map((row) => ({
              x: row['uplift'] as number,
              y: row['costPerExtraUnitAmount'] as number,
              id: String(row['promotionId']),
            })),
        })),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          x: {
            title: { display: true, text: t('uplift') },
            ticks: { callback: (value) => percent(lang, Number(value), 0) },
          },
          y: {
            title: { display: true, text: t('costPerExtraUnit') },
            ticks: { callback: (value) => moneyRounded(lang, Number(value)) },
          },
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: (item) => {
                const point = item.raw as { x: number; y: number; id: string };
                return `${point.id}: ${percent(lang, point.x)}, ${moneyRounded(lang, point.y)}`;
              },
            },
          },
        },
      },
    });
    return () => chart.destroy();
  }, [rows, tier, lang]);

  return (
    <>
      <h1>{t('promotionsPageTitle')}</h1>
      <Section id="uplift-vs-cost" title={t('upliftVsCost')}>
        <p class="muted">{t('upliftVsCostHelp')}</p>
        <label class="inline">
          {t('tier')}
          <select value={tier} onChange={(event) => setTier((event.target as HTMLSelectElement).value)}>
            <option value="">{t('all')}</option>
            {TIERS.map((each) => (
              <option key={each} value={each}>
                {code(each)}
              </option>
            ))}
          </select>
        </label>
        {failure !== undefined && <ProblemNote error={failure} />}
        {rows === undefined && failure === undefined && <p aria-busy="true">{t('loading')}</p>}
        <div class="chart">
          <canvas
            ref={canvas}
            role="img"
            aria-label={`${t('upliftVsCost')}: ${t('promotionsListed', { n: shown?.length ?? 0 })}`}
          />
        </div>
      </Section>
      <Section id="promotion-list" title={t('promotionsTitle')}>
        <DataTable
          path="/read-models/promotion-history"
          query={{ tier: tier || undefined }}
          defaultSort="-windowFrom"
          caption={t('promotionsTitle')}
          fileName="promotions"
          columns={[
            { key: 'promotionId', label: 'promotion' },
            c.accountId(),
            c.tier('tier'),
            c.code('kind', 'kind'),
            c.day('windowFrom', 'from', 'windowFrom'),
            c.code('status', 'status'),
            c.money('budgetAmount', 'budget', 'budgetAmount'),
            c.money('actualCostAmount', 'actualCost', 'actualCostAmount'),
            c.percent('uplift', 'uplift', 'uplift'),
            c.money('costPerExtraUnitAmount', 'costPerExtraUnit', 'costPerExtraUnitAmount'),
            c.money('ourCostPerExtraUnitAmount', 'ourCostPerExtraUnit', 'ourCostPerExtraUnitAmount'),
          ]}
        />
      </Section>
    </>
  );
};
