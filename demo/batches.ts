// Batches: each month an order-up-to batch per line (a month of demand plus safety stock at its
// ETA), scheduled, shipped two days before and delivered on the ETA; a build-up batch before
// each peak. A line's scenario bends the book's last two months so each stock-coverage flag is
// raised somewhere as of today: a late batch, a double one while sales halve, no build-up, a
// commitment cut to what is already scheduled.
import { FULL_BP, addDays, endOfPeriod, type IsoDate } from '../domain/kernel/index.js';
import { wholeBatches } from './commitments.js';
import { atTime } from './demo-calendar.js';
import type { StockLine } from './stock-line.js';
import {
  commitmentOn,
  isServed,
  schedule,
  type AccountSim,
  type CommitmentSim,
  type Simulation,
} from './simulation.js';

/** A batch: scheduled now, shipped two days before its ETA, delivered on it. */
const planBatch = (
  sim: Simulation,
  account: AccountSim,
  commitment: CommitmentSim,
  batchId: string,
  scheduleAt: string,
  eta: IsoDate,
  wanted: number,
): void => {
  const { line } = commitment;
  let qty = 0;
  schedule(
    sim,
    account,
    scheduleAt,
    () => {
      // Never more than is committed: delivering beyond it is refused, whatever the tolerance.
      qty = Math.min(wanted, commitment.committedQty - commitment.scheduled);
      if (
        qty <= 0 ||
        !isServed(account) ||
        commitment.status !== 'OPEN' ||
        commitment.agreement.status !== 'ACTIVE'
      )
        return undefined;
      return {
        aggregate: 'supply',
        id: commitment.commitmentId,
        type: 'ScheduleBatch',
        data: { batchId, eta, qty, at: scheduleAt },
        actor: 'supply-desk',
      };
    },
    () => {
      commitment.scheduled += qty;
      line.expectDelivery(eta, qty);
      const shipOn = addDays(eta, -2) > scheduleAt.slice(0, 10) ? addDays(eta, -2) : scheduleAt.slice(0, 10);
      const shipAt = atTime(shipOn, 14, 0);
      schedule(sim, account, shipAt, () =>
        commitment.status !== 'OPEN'
          ? undefined
          : {
              aggregate: 'supply',
              id: commitment.commitmentId,
              type: 'RecordBatchShipped',
              data: { batchId, qty, at: shipAt },
              actor: 'logistics',
            },
      );
      const deliverAt = atTime(eta, 11, 0);
      schedule(
        sim,
        account,
        deliverAt,
        () =>
          commitment.status !== 'OPEN'
            ? undefined
            : {
                aggregate: 'supply',
                id: commitment.commitmentId,
                type: 'RecordBatchDelivered',
                data: { batchId, qty, at: deliverAt },
                actor: 'logistics',
              },
        () => {
          commitment.delivered += qty;
        },
      );
    },
  );
};

/** The scenarios bite in the book's last two months, so the flags show as of today. */
const bites = (commitment: CommitmentSim, month: number, lastMonth: number): boolean =>
  commitment.line.terms.scenario !== 'normal' && month >= lastMonth - 1;

/** The month's batches (order-up-to a month of demand plus safety stock) and any peak build-up. */
export const planBatches = (sim: Simulation, account: AccountSim, month: number): void => {
  if (!isServed(account)) return;
  const first = sim.calendar.on(month, 1);
  const lastMonth = sim.calendar.monthOf(sim.calendar.today);
  const period = sim.calendar.period(month);
  for (const line of account.lines.values()) {
    if (!line.started) continue;
    const { rate, batchSize, leadTimeDays, scenario } = line.terms;
    let eta = addDays(first, leadTimeDays);
    const commitment = commitmentOn(account, line.terms.sku, eta);
    if (commitment === undefined) continue;
    const biting = bites(commitment, month, lastMonth);
    if (biting && scenario === 'volume-cut' && month === lastMonth - 1)
      planVolumeCut(sim, account, commitment, month);
    const projected =
      line.onHand -
      line.expectedDemand(first, addDays(eta, -1)) +
      line.incomingBetween(first, addDays(eta, -1));
    const target = line.expectedDemand(eta, addDays(eta, 29)) + rate * commitment.safetyDays * 1.4;
    let wanted = wholeBatches(Math.max(0, target - projected), batchSize);
    if (biting && month === lastMonth && scenario === 'late-batch') eta = addDays(sim.calendar.today, 19);
    if (biting && month === lastMonth && scenario === 'overstock') {
      wanted *= 3;
      line.boost({ from: first, to: endOfPeriod(period) }, 0.5);
    }
    if (wanted > 0 && eta <= commitment.window.to)
      planBatch(sim, account, commitment, `b-${period}`, atTime(first, 10, 0), eta, wanted);
    planBuildUp(sim, account, line, month, biting);
  }
};

/** Before a peak: one batch with the peak's demand and its uplifted safety stock, due as it starts. */
const planBuildUp = (
  sim: Simulation,
  account: AccountSim,
  line: StockLine,
  month: number,
  biting: boolean,
): void => {
  const first = sim.calendar.on(month, 1);
  const ahead = addDays(first, 45);
  const commitment = account.agreements
    .flatMap((a) => a.commitments)
    .find(
      (c) =>
        c.line === line &&
        c.status === 'OPEN' &&
        c.peak !== undefined &&
        c.peak.from > first &&
        c.peak.from <= ahead,
    );
  if (commitment === undefined || commitment.peak === undefined) return;
  if (biting && line.terms.scenario !== 'stale') return;
  const { peak } = commitment;
  const wanted = wholeBatches(
    line.expectedDemand(peak.from, peak.to) +
      (line.terms.rate * commitment.safetyDays * peak.upliftBp) / FULL_BP,
    line.terms.batchSize,
  );
  planBatch(
    sim,
    account,
    commitment,
    `b-${peak.from.slice(0, 7)}-peak`,
    atTime(sim.calendar.on(month, 15), 10, 0),
    addDays(peak.from, 2),
    wanted,
  );
};

/** The account cuts its volume before the peak: committed down to what is already scheduled. */
const planVolumeCut = (
  sim: Simulation,
  account: AccountSim,
  commitment: CommitmentSim,
  month: number,
): void => {
  const at = atTime(sim.calendar.on(month, 5), 10, 0);
  let cut = 0;
  schedule(
    sim,
    account,
    at,
    () => {
      cut = Math.max(commitment.scheduled, commitment.delivered);
      return commitment.status !== 'OPEN' || cut === commitment.committedQty
        ? undefined
        : {
            aggregate: 'supply',
            id: commitment.commitmentId,
            type: 'AdjustCommittedQty',
            data: { committedQty: cut, reason: 'The account cut its volume for the year end', at },
            actor: account.managerId ?? 'supply-desk',
          };
    },
    () => {
      commitment.committedQty = cut;
    },
  );
};
