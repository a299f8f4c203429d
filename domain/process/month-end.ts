// Month end: every account's tier is evaluated for the closed month. The command id is the
// month and the account, so running the month end twice evaluates nothing twice.
import type { ProcessCommand } from './process-command.js';

export interface MonthEndTrigger {
  /** The closed month, `YYYY-MM`. */
  readonly period: string;
  readonly at: string;
}

export const onMonthEnd = (trigger: MonthEndTrigger, accountIds: readonly string[]): ProcessCommand[] =>
  accountIds.map((accountId) => ({
    commandId: `month-end:${trigger.period}:${accountId}`,
    aggregate: 'account',
    aggregateId: accountId,
    command: { type: 'EvaluateTier', data: { asOfPeriod: trigger.period, at: trigger.at } },
  }));
