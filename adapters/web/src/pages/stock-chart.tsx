// One account's stock per SKU: on hand now (estimated), projected at the end of the lead time,
// and the safety stock it should not fall below, with the coming peak named beside the chart.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import type { Page } from '../api.js';
import { Loaded } from '../bits.js';
import type { Row } from '../data-table.js';
import { basisPoints, count, day } from '../format.js';
import { useI18n } from '../i18n.js';
import { useJson } from '../use-json.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

const SERIES = [
  { key: 'estimatedOnHand', label: 'estimatedOnHand', colour: '#0b5cad' },
  { key: 'projectedAtLeadTime', label: 'projectedAtLeadTime', colour: '#7d4e00' },
  { key: 'safetyStock', label: 'safetyStock', colour: '#a40e26' },
] as const;

export const StockChart = ({ accountId }: { readonly accountId: string }) => {
  const stock = useJson<Page<Row>>('/read-models/stock-coverage', { accountId, inService: true, limit: 50 });
  return <Loaded result={stock}>{(page) => <Bars rows={page.items} />}</Loaded>;
};

const Bars = ({ rows }: { readonly rows: readonly Row[] }) => {
  const { t, lang } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current === null || rows.length === 0) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: rows.map((row) => String(row['sku'])),
        datasets: SERIES.map((series) => ({
          label: t(series.label),
          backgroundColor: series.colour,
          data: rows.map((row) => (typeof row[series.key] === 'number' ? (row[series.key] as number) : 0)),
        })),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: { y: { ticks: { callback: (value) => count(lang, Number(value)) } } },
      },
    });
    return () => chart.destroy();
  }, [rows, lang]);
  if (rows.length === 0) return <p>{t('noRows')}</p>;
  const peaks = rows.filter((row) => typeof row['peakFrom'] === 'string');
  return (
    <>
      <div class="chart small">
        <canvas ref={canvas} role="img" aria-label={t('stockChart')} />
      </div>
      {peaks.length > 0 && (
        <ul class="peaks">
          {peaks.map((row) => (
            <li key={String(row['sku'])}>
              {t('comingPeak', {
                sku: String(row['sku']),
                from: day(lang, row['peakFrom']),
                to: day(lang, row['peakTo']),
                uplift: basisPoints(lang, row['peakUpliftBp']),
              })}
            </li>
          ))}
        </ul>
      )}
    </>
  );
};
