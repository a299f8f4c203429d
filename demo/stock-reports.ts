// Weekly stock reports: every Monday each line reports its stock as of Sunday, the EDI way, to
// the commitment whose window holds that day — except a stale line, which fell silent.
import { addDays, type IsoDate } from '../domain/kernel/index.js';
import { atTime, weekday } from './demo-calendar.js';
import { commitmentOn, schedule, type AccountSim, type Simulation } from './simulation.js';

/** Mondays: each line reports its stock as of Sunday to its current commitment. */
export const planStockReports = (sim: Simulation, account: AccountSim, date: IsoDate): void => {
  if (weekday(date) !== 1 || account.status === 'LOST') return;
  const asOf = addDays(date, -1);
  const staleFrom = addDays(sim.calendar.today, -24);
  for (const line of account.lines.values()) {
    if (!line.started || (line.terms.scenario === 'stale' && asOf > staleFrom)) continue;
    const commitment = commitmentOn(account, line.terms.sku, asOf);
    if (commitment === undefined) continue;
    const { onHand, soldSinceLast } = line.report(asOf);
    const at = atTime(date, 7, 0);
    schedule(sim, account, at, () =>
      commitment.status !== 'OPEN' || account.status === 'LOST'
        ? undefined
        : {
            aggregate: 'supply',
            id: commitment.commitmentId,
            type: 'ReportStockPosition',
            data: { asOf, onHand, soldSinceLast, at },
            actor: `edi:${account.profile.accountId}`,
          },
    );
  }
};
