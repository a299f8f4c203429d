// Promotions: what each promotion bought (uplift) against what each extra unit cost, as a scatter
// by kind, and the promotions as a table. The chart reads a bounded number of promotions, the
// most recent windows first; when a book has more, it says how many it shows of how many, and
// the year and tier filters (sent to the API, for the chart and the table alike) narrow it until
// it shows them all.
import { Chart, Legend, LinearScale, PointElement, ScatterController, Tooltip } from 'chart.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, getJson, type Page, type Query } from '../api.js';
import { columns, Section } from '../bits.js';
import { DataTable, type Row } from '../data-table.js';
import { count, moneyRounded, percent } from '../format.js';
import { useI18n } from '../i18n.js';
import { ProblemNote } from '../problem-note.js';
import { useJson } from '../use-json.js';

Chart.register(ScatterController, LinearScale, PointElement, Tooltip, Legend);

const TIERS = ['A', 'B', 'C', 'NONE'];
const KINDS = ['JOINT_PROMOTION', 'PRICE_CONCESSION', 'EVENT_SUPPORT'] as const;
const COLOURS: Record<(typeof KINDS)[number], string> = {
  JOINT_PROMOTION: '#1f6feb',
  PRICE_CONCESSION: '#b35900',
  EVENT_SUPPORT: '#1a7f37',
};
const PATH = '/read-models/promotion-history';
/** The chart reads at most this many approved promotions: enough for a book, bounded for a big one. */
export const CHART_CAP = 5000;
/** …in pages of at most this many (the API's largest page). */
const PAGE_SIZE = 500;
/** Most recent windows first: when the cap cuts, what is left out is the oldest history. */
const CHART_SORT = '-windowFrom';

/**
 * The chart's cap: `#/promotions?chartCap=40` lowers it (to see the capped chart on a small book,
 * as the browser tests do); it never raises it above CHART_CAP, which keeps the reads bounded.
 */
export const chartCapOf = (hash: string): number => {
  const asked = new URLSearchParams(hash.split('?')[1] ?? '').get('chartCap') ?? '';
  const cap = /^\d+$/.test(asked) ? Number(asked) : CHART_CAP;
  return cap >= 1 && cap <= CHART_CAP ? cap : CHART_CAP;
};

/**
 * A year of window start as the quarters the API filters by: a promotion falls in one year, so
 * the years' counts add up to the book's.
 */
export const quartersOf = (year: string): string[] => [1, 2, 3, 4].map((q) => `${year}-Q${q}`);

/** A group of the spend-by-quarter report (only what the page reads of it). */
export interface QuarterSpend {
  readonly group: string | null;
  readonly promotions: number;
}

/**
 * The years to pick, the newest first, each with its approved promotions from the spend-by-quarter
 * report (undefined while it loads). The year picked stays a choice whatever the report says: with
 * 0 when the tier picked has none that year.
 */
export const yearChoices = (
  groups: readonly QuarterSpend[] | undefined,
  picked: string,
): [year: string, n: number | undefined][] => {
  const years = new Map<string, number | undefined>();
  for (const { group, promotions } of groups ?? [])
    if (group !== null) years.set(group.slice(0, 4), (years.get(group.slice(0, 4)) ?? 0) + promotions);
  if (picked !== '' && !years.has(picked)) years.set(picked, groups === undefined ? undefined : 0);
  return [...years].sort(([a], [b]) => (a < b ? 1 : -1));
};

/** A promotion the chart can place: a result recorded, an uplift and a cost per extra unit. */
export const plottable = (row: Row): boolean =>
  row['resultRecorded'] === true &&
  typeof row['uplift'] === 'number' &&
  typeof row['costPerExtraUnitAmount'] === 'number';

interface ChartRead {
  /** The plottable promotions among those read. */
  readonly rows: readonly Row[];
  /** How many approved promotions were read. */
  readonly read: number;
  /** More promotions match than the cap let the chart read. */
  readonly capped: boolean;
}

const readForChart = async (query: Query, cap: number, signal: AbortSignal): Promise<ChartRead> => {
  const rows: Row[] = [];
  let read = 0;
  let cursor: string | undefined;
  for (;;) {
    const limit = Math.min(PAGE_SIZE, cap - read);
    const page = await getJson<Page<Row>>(PATH, { ...query, sort: CHART_SORT, limit, cursor }, signal);
    read += page.items.length;
    rows.push(...page.items.filter(plottable));
    if (page.nextCursor === null) return { rows, read, capped: false };
    if (read >= cap) return { rows, read, capped: true };
    cursor = page.nextCursor;
  }
};

export const PromotionsPage = () => {
  const i18n = useI18n();
  const { t, code, lang } = i18n;
  const canvas = useRef<HTMLCanvasElement>(null);
  const [cap] = useState(() => chartCapOf(location.hash));
  const [chart, setChart] = useState<ChartRead | undefined>();
  const [failure, setFailure] = useState<ApiError | undefined>();
  const [tier, setTier] = useState('');
  const [year, setYear] = useState('');
  const c = columns(i18n);
  const filters = { tier: tier || undefined, quarter: year === '' ? undefined : quartersOf(year) };
  const filtersKey = JSON.stringify(filters);
  // How many approved promotions each year holds (of the tier picked): the years to choose from,
  // and the "of how many" when the chart shows only part.
  const spend = useJson<QuarterSpend[]>(`${PATH}/spend-by-quarter`, {
    status: 'APPROVED',
    tier: filters.tier,
  });
  const years = yearChoices(spend.state === 'loaded' ? spend.value : undefined, year);
  const total =
    spend.state !== 'loaded'
      ? undefined
      : years.filter(([each]) => year === '' || each === year).reduce((sum, [, n]) => sum + (n ?? 0), 0);

  useEffect(() => {
    const abort = new AbortController();
    setChart(undefined);
    setFailure(undefined);
    readForChart({ ...filters, status: 'APPROVED' }, cap, abort.signal)
      .then(setChart)
      .catch((error: unknown) => {
        if (error instanceof ApiError) setFailure(error);
      });
    return () => abort.abort();
  }, [filtersKey, cap]);

  useEffect(() => {
    if (chart === undefined || canvas.current === null) return;
    const drawn = new Chart(canvas.current, {
      type: 'scatter',
      data: {
        datasets: KINDS.map((kind) => ({
          label: code(kind),
          backgroundColor: COLOURS[kind],
          borderColor: COLOURS[kind],
          data: chart.rows
            .filter((row) => row['kind'] === kind)
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
    return () => drawn.destroy();
  }, [chart, lang]);

  // Said once the count is in (or known not to come): a status read out twice is noise.
  const partNote =
    chart?.capped !== true || spend.state === 'loading'
      ? undefined
      : total === undefined
        ? t('chartCappedNoTotal', { shown: count(lang, chart.read) })
        : t('chartCapped', { shown: count(lang, chart.read), total: count(lang, total) });
  const select = (
    label: string,
    name: string,
    value: string,
    set: (value: string) => void,
    options: readonly (readonly [value: string, text: string])[],
  ) => (
    <label>
      {label}
      <select name={name} value={value} onChange={(event) => set((event.target as HTMLSelectElement).value)}>
        <option value="">{t('all')}</option>
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <>
      <h1>{t('promotionsPageTitle')}</h1>
      <Section id="uplift-vs-cost" title={t('upliftVsCost')}>
        <p class="muted">{t('upliftVsCostHelp')}</p>
        <fieldset class="filters">
          <legend>{t('filters')}</legend>
          {select(
            t('windowYear'),
            'promotionYear',
            year,
            setYear,
            years.map(([each, n]) => [
              each,
              n === undefined ? each : t('yearCount', { year: each, n: count(lang, n) }),
            ]),
          )}
          {select(
            t('tier'),
            'promotionTier',
            tier,
            setTier,
            TIERS.map((each) => [each, code(each)]),
          )}
        </fieldset>
        {spend.state === 'failed' && <ProblemNote error={spend.error} />}
        {failure !== undefined && <ProblemNote error={failure} />}
        {chart === undefined && failure === undefined && <p aria-busy="true">{t('loading')}</p>}
        <div role="status">
          {partNote !== undefined && (
            <p class="note" data-testid="chart-part">
              {partNote}
            </p>
          )}
        </div>
        <div class="chart">
          <canvas
            ref={canvas}
            role="img"
            aria-label={`${t('upliftVsCost')}: ${t('promotionsListed', { n: chart?.rows.length ?? 0 })}`}
          />
        </div>
      </Section>
      <Section id="promotion-list" title={t('promotionsTitle')}>
        <DataTable
          path={PATH}
          query={filters}
          defaultSort={CHART_SORT}
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
