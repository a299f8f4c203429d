// Stock board: every account × SKU by days of supply, the shortest first, filtered by flag,
// tier, region and industry, with how many rows raise each flag. The regions to choose from
// are the book's own (free text at registration), as the API counts them.
import { useState } from 'preact/hooks';
import { columns, Loaded, Section } from '../bits.js';
import { DataTable } from '../data-table.js';
import { count } from '../format.js';
import { useI18n } from '../i18n.js';
import { useJson } from '../use-json.js';

const FLAGS = [
  'BELOW_SAFETY',
  'STOCKOUT_RISK',
  'PEAK_UNDERCOVERED',
  'COMMITMENT_GAP',
  'OVERSTOCK',
  'STALE_DATA',
  'ALLOCATION_CUT',
  'DELIVERY_LATE',
];
const TIERS = ['A', 'B', 'C', 'NONE'];
const INDUSTRIES = [
  'TECHNOLOGY',
  'FINANCE',
  'MANUFACTURING',
  'RETAIL',
  'LOGISTICS',
  'ENERGY',
  'HEALTHCARE',
  'GOVERNMENT',
  'EDUCATION',
];

interface RegionCounts {
  readonly regions: Readonly<Record<string, number>>;
}

interface FlagCounts {
  readonly rows: number;
  readonly flags: Readonly<Record<string, number>>;
}

export const StockPage = () => {
  const i18n = useI18n();
  const { t, code, lang } = i18n;
  const [flag, setFlag] = useState('');
  const [tier, setTier] = useState('');
  const [industry, setIndustry] = useState('');
  const [region, setRegion] = useState('');
  const regionCounts = useJson<RegionCounts>('/read-models/stock-coverage/region-counts');
  const regions = regionCounts.state === 'loaded' ? Object.keys(regionCounts.value.regions) : [];
  const flagCounts = useJson<FlagCounts>('/read-models/stock-coverage/flag-counts');
  const c = columns(i18n);
  const select = (
    label: string,
    value: string,
    set: (value: string) => void,
    options: readonly string[],
    name: (option: string) => string = code,
  ) => (
    <label>
      {label}
      <select value={value} onChange={(event) => set((event.target as HTMLSelectElement).value)}>
        <option value="">{t('all')}</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {name(option)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <>
      <h1>{t('stockBoardTitle')}</h1>
      <Section id="flag-counts" title={t('flags')}>
        <Loaded result={flagCounts}>
          {(counts) => (
            <ul class="chips counts" aria-label={t('flags')}>
              {Object.entries(counts.flags).map(([name, n]) => (
                <li key={name} class={`chip flag-${name.toLowerCase()}`}>
                  <button
                    type="button"
                    aria-pressed={flag === name}
                    onClick={() => setFlag(flag === name ? '' : name)}
                  >
                    {code(name)}: {count(lang, n)}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </Loaded>
      </Section>
      <Section id="board" title={t('stockBoardTitle')}>
        <fieldset class="filters">
          <legend>{t('filters')}</legend>
          {select(t('flag'), flag, setFlag, FLAGS)}
          {select(t('tier'), tier, setTier, TIERS)}
          {select(t('region'), region, setRegion, regions, (option) => option)}
          {select(t('industry'), industry, setIndustry, INDUSTRIES)}
        </fieldset>
        <DataTable
          path="/read-models/stock-coverage"
          query={{
            flag: flag || undefined,
            tier: tier || undefined,
            region: region || undefined,
            industry: industry || undefined,
          }}
          defaultSort="dos"
          caption={t('stockBoardTitle')}
          fileName="stock-board"
          columns={[
            c.accountId('accountId'),
            { key: 'sku', label: 'sku', sort: 'sku' },
            c.tier('tier'),
            { key: 'region', label: 'region' },
            c.code('industry', 'industry'),
            c.count('onHand', 'onHand', 'onHand'),
            c.count('estimatedOnHand', 'estimatedOnHand', 'estimatedOnHand'),
            c.count('dos', 'dos', 'dos', 1),
            c.count('safetyDays', 'safetyDays'),
            c.day('nextBatchEta', 'nextBatch'),
            c.basisPoints('accountOtifBp', 'otif', 'accountOtifBp'),
            c.flags(),
          ]}
        />
      </Section>
    </>
  );
};
