// Rebates: in the first month of each quarter, every active agreement accrues 1.5 % of the
// last quarter's revenue, with the units sold on its lines.
import { endOfPeriod } from '../domain/kernel/index.js';
import { cny } from './cny.js';
import { atTime } from './demo-calendar.js';
import { isServed, schedule, type AccountSim, type Simulation } from './simulation.js';

/** In the first month of a quarter, each active agreement accrues the last quarter's rebate. */
export const planRebates = (sim: Simulation, account: AccountSim, month: number): void => {
  const calendarMonth = Number(sim.calendar.period(month).slice(5, 7));
  if (month < 3 || calendarMonth % 3 !== 1) return;
  const period = sim.calendar.period(month - 1);
  const quarterFrom = `${sim.calendar.period(month - 3)}-01`;
  const revenue = [month - 3, month - 2, month - 1].reduce(
    (sum, m) => sum + (account.profile.revenue[m] ?? 0),
    0,
  );
  for (const agreement of account.agreements) {
    if (agreement.status !== 'ACTIVE' || endOfPeriod(period) < agreement.validity.from) continue;
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
        data: { period, qty, amount: cny(Math.round(revenue * 0.015)), at },
        actor: 'finance',
      };
    });
  }
};
