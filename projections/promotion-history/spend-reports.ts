// Spend by account, by tier and by quarter: sums of budget, actual cost and our share of it, and
// counts over the filtered rows. Amounts are summed per currency, never across currencies. A cancelled
// promotion's budget was never spent, so it is counted (`cancelled`) but not summed into
// `budgetAmount`; actual cost exists only once a result is recorded (`withResult`).
import type { FieldValue, PresentedRow, Report } from '../read-model.js';

export interface SpendGroup {
  /** The value of the grouping field (accountId, tier or quarter); null when unknown. */
  readonly group: string | null;
  readonly currency: string;
  /** Every promotion in the group, whatever its status. */
  readonly promotions: number;
  readonly cancelled: number;
  readonly withResult: number;
  /** Budgets of the promotions not cancelled, minor units. */
  readonly budgetAmount: number;
  /** Actual costs recorded, minor units. */
  readonly actualCostAmount: number;
  /** Our shares of them by the funding split (each rounded down), minor units. */
  readonly ourActualCostAmount: number;
}

type Grouping = 'accountId' | 'tier' | 'quarter';

const text = (value: FieldValue | undefined): string | null => (typeof value === 'string' ? value : null);
const amount = (value: FieldValue | undefined): number => (typeof value === 'number' ? value : 0);

/** Groups in order of the grouping value (unknown last), then currency: the same rows give the same report. */
const compareGroups = (a: SpendGroup, b: SpendGroup): number => {
  if (a.group !== b.group) {
    if (a.group === null) return 1;
    if (b.group === null) return -1;
    return a.group < b.group ? -1 : 1;
  }
  return a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0;
};

export const spendBy = (field: Grouping, rows: readonly PresentedRow[]): SpendGroup[] => {
  const groups = new Map<string, SpendGroup>();
  for (const row of rows) {
    const group = text(row[field]);
    const currency = text(row['currency']) ?? '';
    const id = JSON.stringify([group, currency]);
    const sum = groups.get(id) ?? {
      group,
      currency,
      promotions: 0,
      cancelled: 0,
      withResult: 0,
      budgetAmount: 0,
      actualCostAmount: 0,
      ourActualCostAmount: 0,
    };
    const isCancelled = row['status'] === 'CANCELLED';
    groups.set(id, {
      ...sum,
      promotions: sum.promotions + 1,
      cancelled: sum.cancelled + (isCancelled ? 1 : 0),
      withResult: sum.withResult + (row['resultRecorded'] === true ? 1 : 0),
      budgetAmount: sum.budgetAmount + (isCancelled ? 0 : amount(row['budgetAmount'])),
      actualCostAmount: sum.actualCostAmount + amount(row['actualCostAmount']),
      ourActualCostAmount: sum.ourActualCostAmount + amount(row['ourActualCostAmount']),
    });
  }
  return [...groups.values()].sort(compareGroups);
};

const spendReport = (name: string, field: Grouping, what: string): Report => ({
  name,
  description:
    `Spend by ${what}, per currency: promotions, cancelled, with a result; budget of those not ` +
    `cancelled, actual cost recorded and our share of it, minor units.`,
  run: (rows) => spendBy(field, rows),
});

export const spendReports: readonly Report[] = [
  spendReport('spend-by-account', 'accountId', 'account'),
  spendReport('spend-by-tier', 'tier', 'tier at the time'),
  spendReport('spend-by-quarter', 'quarter', 'quarter of the window start'),
];
