// Rebates, tilted by tier (政策倾斜): in the first month of each quarter, every active agreement
// accrues a share of the last quarter's revenue that grows with the account's tier (A 3 %,
// B 2 %, C 1 %, nothing below C), with the units sold on its lines.
import { endOfPeriod, type Tier } from '../domain/kernel/index.js';
import { cny } from './cny.js';
import { atTime } from './demo-calendar.js';
import { isServed, schedule, type AccountSim, type Simulation } from './simulation.js';

/** The rebate rate of a tier, in basis points of the quarter's revenue. */
export const REBATE_BP: Readonly<Record<Tier, number>> = { A: 300, B: 200, C: 100, NONE: 0 };

/** In the first month of a quarter, each active agreement accrues the last quarter's rebate. */
export const planRebates = (sim: Simulation, account: AccountSim, month: number): void => {
  const calendarMonth = Number(sim.calendar.period(month).slice(5, 7));
  const rateBp = REBATE_BP[account.tier];
  if (month < 3 || calendarMonth % 3 !== 1 || rateBp === 0) return;
  const period = sim.calendar.period(month - 1);
  const quarterFrom = `${sim.calendar.period(month - 3)}-01`;
  const revenue = [month - 3, month - 2, month - 1].reduce(
    (sum, m) => sum + (account.profile.revenue[m] ?? 0),
    0,
  );
  for (const agreement of account.agreements) {
    // The period lies inside the validity: the agreement was in force for all of it.
    const inside = `${period}-01` >= agreement.validity.from && endOfPeriod(period) <= agreement.validity.to;
    if (agreement.status !== 'ACTIVE' || !inside) continue;
    const at = atTime(sim.calendar.on(month, 5), 11, 0);
    schedule(sim, account, at, () => {
      if (agreement.status !== 'ACTIVE' || !isServed(account)) return undefined;
      const qty = agreement.skus.reduce(
        (sum, sku) => sum + (account.lines.get(sku)?.soldBetween(quarterFrom, endOfPeriod(period)) ?? 0),
        0,
      );
      return {
        aggregate: 'agreement',
        id: agreement.agreementId,
        type: 'AccrueRebate',
        data: { period, qty, amount: cny(Math.round((revenue * rateBp) / 10_000)), at },
        actor: 'finance',
      };
    });
  }
};
