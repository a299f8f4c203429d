// Month end: every account's tier is evaluated for the closed month. The command id is the
// month and the account, so running the month end twice evaluates nothing twice. A member of a
// group is evaluated on the group's combined T12M: the command stays the same, the command
// handler loads the group and its members' revenue from their streams (facts `groupOf`).
import type { DomainError } from '../kernel/index.js';
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

/**
 * Whether a refusal says this very month was evaluated already: a rerun whose command id the
 * handler no longer recognised (the account has moved on since). The month end has done its
 * work for that account, so the rerun counts it as done, not refused. A month before the last
 * evaluated one stays a refusal.
 */
export const evaluatedAlready = (trigger: MonthEndTrigger, error: DomainError): boolean =>
  error.code === 'PERIOD_ALREADY_EVALUATED' && error.facts['lastEvaluatedPeriod'] === trigger.period;
