// Weekly stock reports: once a week each reseller's line reports its stock as of the day before,
// the EDI way, to the commitment whose window holds that day — except a stale line, which fell
// silent. The week is counted back from the book's anchor so the last report is as of two days
// before it (sent the day before): the book is fresh on the day it is loaded, whatever weekday.
import { addDays, daysBetween, type IsoDate } from '../domain/kernel/index.js';
import { atTime } from './demo-calendar.js';
import { commitmentOn, schedule, type AccountSim, type Simulation } from './simulation.js';

/** Is `asOf` a report day: a whole number of weeks before the anchor's day before yesterday? */
export const isReportDay = (asOf: IsoDate, today: IsoDate): boolean =>
  (((daysBetween(asOf, today) - 2) % 7) + 7) % 7 === 0;

/** On report days each line reports its stock as of the day before to its current commitment. */
export const planStockReports = (sim: Simulation, account: AccountSim, date: IsoDate): void => {
  const asOf = addDays(date, -1);
  if (!isReportDay(asOf, sim.calendar.today) || account.status === 'LOST') return;
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
