// Supply commitments: once a reseller's agreement is active, one per SKU it takes and supply
// year (March to February, so the whole peak, December to the New Year's eve, lies inside it),
// sized to the year's expected demand, with the season's peak and the account's uplift, each
// created shortly before its year and closed when its window ends. The first commitment of a
// SKU starts the account's stock line for it. Accounts that consume what they buy have no lines
// and no commitments (account-profile.ts, `resells`).
import { addDays, daysBetween, endOfPeriod, type DateRange, type IsoDate } from '../domain/kernel/index.js';
import { peakOf } from './season.js';
import { atTime } from './demo-calendar.js';
import { StockLine, type PeakSeason } from './stock-line.js';
import {
  isServed,
  schedule,
  type AccountSim,
  type AgreementSim,
  type CommitmentSim,
  type Simulation,
} from './simulation.js';

/** Units a day an account sells of one SKU: from its average monthly revenue so far. */
export const lineRate = (account: AccountSim, month: number): number => {
  const booked = account.profile.revenue.slice(0, month + 1).filter((r): r is number => r !== null);
  const all = booked.length > 0 ? booked : account.profile.revenue.filter((r): r is number => r !== null);
  const monthlyYuan = all.reduce((sum, r) => sum + r, 0) / Math.max(1, all.length) / 100;
  return Math.max(
    2,
    Math.round((monthlyYuan / 5000) * account.profile.rng.fork(`rate:${month}`).between(0.7, 1.3)),
  );
};

export const batchSizeFor = (rate: number): number => (rate >= 60 ? 100 : rate >= 15 ? 50 : 10);

/** A quantity rounded up to whole batches. */
export const wholeBatches = (qty: number, batchSize: number): number =>
  Math.ceil(qty / batchSize) * batchSize;

/** The end of February of a year. */
const endOfFebruary = (year: number): IsoDate => endOfPeriod(`${year}-02`);

/** Supply years inside a validity: to the next end of February (a first stub under 60 days joins the next year). */
export const supplyYears = (validity: DateRange): DateRange[] => {
  const years: DateRange[] = [];
  let from = validity.from;
  while (from <= validity.to) {
    const year = Number(from.slice(0, 4));
    let to = endOfFebruary(Number(from.slice(5, 7)) <= 2 ? year : year + 1);
    if (daysBetween(from, to) < 60) to = endOfFebruary(Number(to.slice(0, 4)) + 1);
    if (to > validity.to) to = validity.to;
    years.push({ from, to });
    from = addDays(to, 1);
  }
  return years;
};

/** The season's peak inside a window (cut to it where the window ends inside the peak), if any. */
const peakIn = (window: DateRange, upliftBp: number): PeakSeason | undefined => {
  for (let year = Number(window.from.slice(0, 4)) - 1; year <= Number(window.to.slice(0, 4)); year += 1) {
    const season = peakOf(year);
    const from = season.from > window.from ? season.from : window.from;
    const to = season.to < window.to ? season.to : window.to;
    if (daysBetween(from, to) >= 13) return { from, to, upliftBp };
  }
  return undefined;
};

/** The account's stock line for a SKU, started with its first commitment. */
const lineOf = (account: AccountSim, agreement: AgreementSim, sku: string, month: number) => {
  let line = account.lines.get(sku);
  if (line === undefined) {
    const plan = account.profile.lines.find((l) => l.sku === sku)!;
    const rate = lineRate(account, month);
    line = new StockLine(
      {
        accountId: account.profile.accountId,
        sku,
        rate,
        batchSize: batchSizeFor(rate),
        leadTimeDays: agreement.leadTimeDays,
        scenario: plan.scenario,
      },
      account.profile.rng.fork(`stock:${sku}`),
    );
    account.lines.set(sku, line);
  }
  return line;
};

/** Once an agreement is active: a commitment per SKU and supply year, each created shortly before its year. */
export const planCommitments = (
  sim: Simulation,
  account: AccountSim,
  agreement: AgreementSim,
  activatedOn: IsoDate,
) => {
  const { profile } = account;
  supplyYears(agreement.validity).forEach((window, year) => {
    const createOn = year === 0 ? addDays(activatedOn, 1) : addDays(window.from, -10);
    const at = atTime(createOn, 10, 30);
    for (const { sku } of profile.lines) {
      // One commitment per account × SKU × window: the window's first month names it.
      const commitmentId = `sup-${profile.accountId.slice(4)}-${sku}-${window.from.slice(0, 7)}`;
      let planned: CommitmentSim | undefined;
      schedule(
        sim,
        account,
        at,
        () => {
          if (!isServed(account) || agreement.status !== 'ACTIVE') return undefined;
          const line = lineOf(account, agreement, sku, sim.calendar.monthOf(createOn));
          const upliftBp = 15_000 + 500 * profile.rng.fork(`uplift:${sku}`).int(0, 10);
          const peak = peakIn(window, upliftBp);
          if (peak !== undefined) line.addPeak(peak);
          // The year's demand with room for promotions, noise and safety stock.
          const committedQty = wholeBatches(
            line.expectedDemand(window.from, window.to) * 1.3,
            line.terms.batchSize,
          );
          planned = {
            commitmentId,
            agreement,
            line,
            window,
            peak,
            safetyDays: sim.engine.policy.tiers[account.tier].safetyDays,
            committedQty,
            scheduled: 0,
            delivered: 0,
            status: 'OPEN',
          };
          return {
            aggregate: 'supply',
            id: commitmentId,
            type: 'CreateCommitment',
            data: {
              commitmentId,
              accountId: profile.accountId,
              agreementId: agreement.agreementId,
              sku,
              window,
              committedQty,
              ...(peak === undefined ? {} : { peak }),
              // The tier's safety days, as the demo plans the batches with them.
              safetyDays: planned.safetyDays,
              at,
            },
            actor: 'supply-desk',
          };
        },
        () => {
          const commitment = planned!;
          agreement.commitments.push(commitment);
          if (!commitment.line.started)
            commitment.line.start(createOn, profile.rng.fork(`opening:${sku}`).between(25, 35));
          planClose(sim, account, commitment);
        },
      );
    }
  });
};

/** The day after its window ends, a commitment still open is closed. */
const planClose = (sim: Simulation, account: AccountSim, commitment: CommitmentSim): void => {
  const at = atTime(addDays(commitment.window.to, 1), 6, 0);
  schedule(
    sim,
    account,
    at,
    () =>
      commitment.status !== 'OPEN'
        ? undefined
        : {
            aggregate: 'supply',
            id: commitment.commitmentId,
            type: 'CloseCommitment',
            data: { reason: 'The supply window ended', at },
            actor: 'supply-desk',
          },
    () => {
      commitment.status = 'CLOSED';
    },
  );
};
