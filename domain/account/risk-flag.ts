// What an early-warning flag says of the account: the score that crossed the policy's threshold,
// the reasons (each factor's share of the score out of its weight), and the policy that scored it.
// A flag raised by hand says only why, in words; one raised by the FlagAtRisk process says all three.
import * as t from 'io-ts';
import { NonEmptyString, PolicyVersion, refine, struct, uniqueListOf } from '../kernel/index.js';

/** 0–100, to 2 decimals as the read model serves it. */
export const RiskScore = refine(
  t.number,
  (n) => Number.isFinite(n) && n >= 0 && n <= 100 && Math.abs(Math.round(n * 100) - n * 100) < 1e-6,
  'RiskScore',
  'must be a number from 0 to 100 with at most 2 decimals',
  { type: 'number', minimum: 0, maximum: 100 },
);

/** e.g. `REVENUE_TREND 18.6/30`: the factor, its share of the score, its weight. */
export const RiskReasons = uniqueListOf(NonEmptyString, 'RiskReasons', (reason) => reason);

/** The optional part of FlagAtRisk and AccountFlaggedAtRisk: given together, or not at all. */
export const RiskAssessed = struct('RiskAssessed', {
  score: RiskScore,
  reasons: RiskReasons,
  policyVersion: PolicyVersion,
});
export type RiskAssessed = t.TypeOf<typeof RiskAssessed>;
