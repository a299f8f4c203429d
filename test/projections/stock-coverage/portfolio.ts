// A small portfolio for the filter and report specs, as of 22 March 2026:
// - acc-1 (RETAIL, tier A) SKU-1: 10 days of supply → BELOW_SAFETY, STOCKOUT_RISK;
// - acc-1 SKU-2: two reports 5 days apart → INSUFFICIENT_DATA, no flag;
// - acc-2 (FINANCE, region West, tier B, overridden to A through 25 March) SKU-1: 70 days → OVERSTOCK.
import {
  agreementDrafted,
  baseScenario,
  commitmentCreated,
  registered,
  steadyReports,
  supply,
  tierChanged,
  tierOverridden,
  type Scenario,
} from './scenario.js';

export const portfolio = (): Scenario =>
  baseScenario().add(
    ...steadyReports(100),
    commitmentCreated({ commitmentId: 'c-2', sku: 'SKU-2' }),
    supply('c-2').reported('2026-03-17', 80, 0),
    supply('c-2').reported('2026-03-22', 60, 20),
    registered('FINANCE', 'acc-2', '2026-01-05', 'West'),
    tierChanged('NONE', 'B', '2026-02-01', 'acc-2'),
    agreementDrafted(5, 'agr-2', 'acc-2'),
    commitmentCreated({
      commitmentId: 'c-3',
      accountId: 'acc-2',
      agreementId: 'agr-2',
      tier: 'B',
      safetyDays: 10,
    }),
    tierOverridden('A', '2026-03-25', '2026-03-03', 'acc-2'),
    ...steadyReports(700, '2026-03-22', 'c-3', 'acc-2'),
  );
