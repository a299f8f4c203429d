// Batches: each month an order-up-to batch per line (a month of demand plus safety stock at its
// ETA), scheduled, shipped two days before and delivered on the ETA — a few days late now and
// then (more often in a shortage) — and a build-up batch a week before each peak, so the stock
// is on the shelves when the peak starts. In a month whose shortage cut a commitment, its batch
// is cut by the same fill ratio. A line's scenario bends the book's last two months so each
// stock-coverage flag is raised somewhere as of today: a batch due after today, a triple one
// while sales halve, no build-up, a commitment cut to what is already scheduled.
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

/** Days after its ETA a batch is delivered: mostly on time, a few days late now and then. */
const delayOf = (
  sim: Simulation,
  account: AccountSim,
  commitment: CommitmentSim,
  batchId: string,
  eta: IsoDate,
): number => {
  const rng = account.profile.rng.fork(`delivery:${commitment.commitmentId}:${batchId}`);
  // Supply is tight for six weeks after a shortage cut the commitment.
  const { allocation } = commitment;
  const crunch =
    allocation !== undefined &&
    allocation.fillRatio < 1 &&
    eta > allocation.on &&
    eta <= addDays(allocation.on, 45);
  const late = rng.chance(crunch ? 0.3 : 0.04);
  // The late-batch story's supplier is late already the month before its batch due after today.
  const story = commitment.line.terms.scenario === 'late-batch' && eta >= addDays(sim.calendar.end, -45);
  const delay = story ? 4 : late ? rng.int(1, 5) : 0;
  // Delivered before the window closes, or not late at all.
  return addDays(eta, delay) < commitment.window.to ? delay : 0;
};

/** A batch: scheduled now, shipped two days before its ETA, delivered on it (or a few days later). */
const planBatch = (
  sim: Simulation,
  account: AccountSim,
  commitment: CommitmentSim,
  batchId: string,
  scheduleAt: string,
  eta: IsoDate,
  wanted: () => number,
): void => {
  const { line } = commitment;
  let qty = 0;
  schedule(
    sim,
    account,
    scheduleAt,
    () => {
      // Never more than is committed: delivering beyond it is refused, whatever the tolerance.
      qty = Math.min(wanted(), commitment.committedQty - commitment.scheduled);
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
      const deliverOn = addDays(eta, delayOf(sim, account, commitment, batchId, eta));
      line.expectDelivery(deliverOn, qty);
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
      const deliverAt = atTime(deliverOn, 11, 0);
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

/** The scenarios bite in the book's last two simulated months, so the flags show as of today. */
const bites = (commitment: CommitmentSim, month: number, lastMonth: number): boolean =>
  commitment.line.terms.scenario !== 'normal' && month >= lastMonth - 1;

/** The month's batches (order-up-to a month of demand plus safety stock) and any peak supply. */
export const planBatches = (sim: Simulation, account: AccountSim, month: number): void => {
  if (!isServed(account)) return;
  const first = sim.calendar.on(month, 1);
  const lastMonth = sim.calendar.monthOf(sim.calendar.end);
  const period = sim.calendar.period(month);
  for (const line of account.lines.values()) {
    if (!line.started) continue;
    const { rate, batchSize, leadTimeDays, scenario } = line.terms;
    let eta = addDays(first, leadTimeDays);
    const commitment = commitmentOn(account, line.terms.sku, eta);
    if (commitment === undefined) continue;
    const biting = bites(commitment, month, lastMonth);
    // The peak's supply was scheduled ahead: this month's batch is part of it.
    const { peakSupply } = commitment;
    const planned = peakSupply !== undefined && eta >= peakSupply.from && eta <= peakSupply.to;
    if (biting && scenario === 'volume-cut' && month === lastMonth - 1)
      planVolumeCut(sim, account, commitment, month);
    const projected = line.projected(first, eta);
    const target = line.expectedDemand(eta, addDays(eta, 29)) + rate * commitment.safetyDays * 1.4;
    let wanted = wholeBatches(Math.max(0, target - projected), batchSize);
    if (biting && month === lastMonth && scenario === 'late-batch') eta = addDays(sim.calendar.today, 19);
    if (biting && month === lastMonth && scenario === 'overstock') {
      wanted *= 3;
      line.boost({ from: first, to: endOfPeriod(period) }, 0.5);
    }
    // A shortage that morning (shortage.ts) cut the commitment: the batch is cut alike.
    const cut = () => {
      const { allocation } = commitment;
      return allocation?.month === month
        ? Math.floor((wanted * allocation.fillRatio) / batchSize) * batchSize
        : wanted;
    };
    if (wanted > 0 && eta <= commitment.window.to && !planned)
      planBatch(sim, account, commitment, `b-${period}`, atTime(first, 10, 0), eta, cut);
    planPeakSupply(sim, account, line, month, biting);
  }
};

/**
 * The peak's supply, agreed and scheduled on the 1st of the month before it (旺季备货), after
 * that morning's shortage (shortage.ts: what is on the way would hide the need it shares by): a
 * build-up batch due three days before the peak, then one batch for each month of the peak, due when
 * that month's batch would be, each ordered up to its stretch of peak demand plus the uplifted
 * safety stock, so that what is on the way covers the whole peak. Those months' own batches are
 * then not ordered again.
 */
const planPeakSupply = (
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
  const { rate, batchSize, leadTimeDays } = line.terms;
  const buildUp = addDays(peak.from, -3);
  if (buildUp < commitment.window.from) return;
  const etas = [buildUp];
  let m = month + 1;
  for (; addDays(sim.calendar.on(m, 1), leadTimeDays) <= peak.to; m += 1)
    etas.push(addDays(sim.calendar.on(m, 1), leadTimeDays));
  // The last stretch lasts until the first monthly batch after the peak arrives.
  const afterPeak = addDays(sim.calendar.on(m, 1), leadTimeDays);
  commitment.peakSupply = { from: buildUp, to: peak.to };
  const scheduleOn = first;
  const reserve = (rate * commitment.safetyDays * 1.2 * peak.upliftBp) / FULL_BP;
  etas.forEach((eta, k) => {
    const until = addDays(k + 1 < etas.length ? etas[k + 1]! : afterPeak, -1);
    // Ordered up to the stretch's demand and reserve, given what is on hand and on the way then.
    const wanted = () => {
      const projected = line.projected(scheduleOn, eta);
      // A margin of 10 %: the peak is no time to run short of a forecast.
      const demand = line.expectedDemand(eta, until) * 1.1;
      return wholeBatches(Math.max(0, demand + reserve - projected), batchSize);
    };
    planBatch(
      sim,
      account,
      commitment,
      k === 0 ? `b-${peak.from.slice(0, 7)}-build-up` : `b-${eta.slice(0, 7)}-peak`,
      atTime(scheduleOn, 10, 0),
      eta,
      wanted,
    );
  });
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
