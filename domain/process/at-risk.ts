// FlagAtRisk: an account whose early-warning score crosses the policy's threshold is flagged at
// risk, with the score, its reasons and the policy that scored it. The process runs at each month
// end, right after the tier evaluation (the revenue trend moves by closed months, and the other
// factors are read as of that day); it compares the score that day with the score at the
// previous month end, so it flags once per crossing: an account that stays above the threshold
// is not flagged again, even if someone reactivated it meanwhile, until it has fallen below and
// crossed again. The command id is the account and the month, so a rerun or a replay of the
// month end never flags twice.
import type { AccountStatus, Period } from '../kernel/index.js';
import type { ProcessCommand } from './process-command.js';
import { reasonText, type RiskAssessment } from './risk-score.js';

export interface RiskReview {
  readonly accountId: string;
  /** The closed month whose month end this is. */
  readonly period: Period;
  readonly at: string;
  /** The account's status that day: only an ACTIVE account is flagged. */
  readonly status: AccountStatus;
  /** The score at the previous month end; null when there was none (the account was not there yet). */
  readonly before: RiskAssessment | null;
  readonly now: RiskAssessment;
  readonly thresholdScore: number;
  readonly policyVersion: string;
}

/** The derived command id: one flag per account and month end. */
export const flagAtRiskCommandId = (accountId: string, period: Period): string =>
  `flag-at-risk:${period}:${accountId}`;

export const crossedThreshold = (review: RiskReview): boolean =>
  review.now.score >= review.thresholdScore &&
  (review.before === null || review.before.score < review.thresholdScore);

export const onRiskReview = (review: RiskReview): ProcessCommand[] => {
  if (review.status !== 'ACTIVE' || !crossedThreshold(review)) return [];
  const reasons = review.now.reasons.map(reasonText);
  return [
    {
      commandId: flagAtRiskCommandId(review.accountId, review.period),
      aggregate: 'account',
      aggregateId: review.accountId,
      command: {
        type: 'FlagAtRisk',
        data: {
          reason: `Early warning: risk score ${review.now.score} reached ${review.thresholdScore} (${reasons.join(', ')})`,
          risk: { score: review.now.score, reasons, policyVersion: review.policyVersion },
          at: review.at,
        },
      },
    },
  ];
};
