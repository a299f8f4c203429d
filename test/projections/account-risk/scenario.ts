// An account_risk scenario: the tier-status scenario's account events, supply events of the
// account's commitments, and the rows served as of a day under a policy (v2 unless told).
import { addPeriods, POLICY_V2, type Period, type Policy } from '../../../domain/kernel/index.js';
import { projection, readModels } from '../../../projections/account-risk/index.js';
import type { PresentedRow } from '../../../projections/read-model.js';
import * as supply from '../../domain/supply/builders.js';
import { runProjection, type ProjectionRun } from '../../support/projection-harness.js';
import { atDay, scenario } from '../tier-status/scenario.js';

export { atDay };

export const riskScenario = () => {
  const base = scenario();
  /** An account registered in `region`, managed and ACTIVE from the same day. */
  const account = (accountId: string, region = 'East', registeredOn = '2024-01-05') => {
    const events = base.account(accountId);
    events.registered(registeredOn, { region, name: `Account ${accountId}` });
    events.managerAssigned('mgr-li', registeredOn);
    events.activated(registeredOn);
    return {
      ...events,
      /** `count` closed months of `yuan` each from `from` on. */
      months: (from: Period, count: number, yuan: number) =>
        Array.from({ length: count }, (_, i) => events.revenue(addPeriods(from, i), yuan)),
      /** The month end's evaluation of `period` (kept ungraded): the account's event after the month's revenue. */
      monthEnd: (period: Period, day: string) => events.tierEvaluated(period, 0, 'NONE', 0, day),
    };
  };
  /** Supply events of the account's commitment `commitmentId`. */
  const commitment = (accountId: string, commitmentId: string) => {
    const subject = (day: string) => ({ accountId, commitmentId, at: atDay(day) });
    const add = (event: { type: string; data: object }) => base.add(`supply-${commitmentId}`, event);
    return {
      stockReported: (day: string, onHand: number) => add(supply.reported(day, onHand, 10, subject(day))),
      allocated: (day: string, requested: number, allocated: number) =>
        add(
          supply.allocated(
            `short-${day}`,
            requested,
            allocated,
            Math.floor((allocated * 10_000) / requested),
            undefined,
            subject(day),
          ),
        ),
      scheduled: (batchId: string, qty: number, eta: string, day: string) =>
        add(supply.scheduled(batchId, qty, eta, subject(day))),
      delivered: (batchId: string, qty: number, day: string) =>
        add(supply.delivered(batchId, qty, subject(day))),
      closed: (day: string) => add(supply.closed(1000, 0, 'window over', subject(day))),
    };
  };
  return { account, commitment, events: base.events };
};

export const project = (events: Parameters<typeof runProjection>[1]): ProjectionRun =>
  runProjection(projection, events);

export const riskModel = readModels[0]!;

/** The presented row of one account as of `asOf`. */
export const riskOf = (
  run: ProjectionRun,
  accountId: string,
  asOf: string,
  policy: Policy = POLICY_V2,
): PresentedRow => {
  const doc = run.doc('account_risk', accountId);
  if (doc === undefined) throw new Error(`no account_risk document for ${accountId}`);
  return riskModel.present(doc as never, { asOf, policy });
};
