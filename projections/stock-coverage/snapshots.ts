// Daily snapshots: when a stock report arrives, the row's figures as of the report's date are
// computed and frozen in stock_coverage_daily, one per account × SKU × report date. Later
// events do not rewrite them: a snapshot says what was known when the account reported.
import type { IsoDate } from '../../domain/kernel/index.js';
import type { ProjectionContext } from '../projection.js';
import {
  dailyKey,
  STOCK_COVERAGE_DAILY,
  type StockCoverageDailyDoc,
  type StockCoverageDoc,
} from './documents.js';
import { figuresOf } from './figures.js';
import { policyOf } from './policy.js';

export const writeSnapshot = (
  context: ProjectionContext,
  row: StockCoverageDoc,
  reportDate: IsoDate,
): void => {
  context.put<StockCoverageDailyDoc>(STOCK_COVERAGE_DAILY, dailyKey(row.accountId, row.sku, reportDate), {
    reportDate,
    policyVersion: row.policyVersion,
    figures: figuresOf(row, reportDate, policyOf(row.policyVersion)),
  });
};
