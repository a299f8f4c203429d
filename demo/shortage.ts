// Shortages in the peak build-up. From mid-October the Double 11 (双十一) pre-sales sell the
// scarce SKU, the phones and the tablets faster than anyone planned, so by 1 November
// the shelves are low; that morning, before the month's batches are scheduled, the factory
// announces those SKUs are short for the month. The shortage process manager
// (engine.processes.allocateShortage) allocates what there is — each commitment asks for its need
// until the next resupply: A first, then B pro rata, then C. The month's batch of each
// commitment is cut by its fill ratio (batches.ts), and its stock-coverage row shows
// ALLOCATION_CUT until the commitment closes.
import { addDays, FULL_BP, type IsoDate } from '../domain/kernel/index.js';
import { PROJECTIONS, READ_MODELS } from '../projections/index.js';
import type { Engine } from '../src/engine.js';
import { SCARCE_SKU } from './catalogue.js';
import { atTime } from './demo-calendar.js';
import { isServed, type AccountSim, type CommitmentSim, type Simulation } from './simulation.js';

/**
 * Supply covers about a third of what the accounts need by the demo's reckoning (the process
 * manager's own reckoning comes out lower, as its estimate of the stock on the shelf is kinder):
 * most of what A needs, so B and C are cut — the build-up's hard choice.
 */
const SUPPLY_SHARE = 0.35;

interface Candidate {
  readonly account: AccountSim;
  readonly commitment: CommitmentSim;
}

const openCommitments = (sim: Simulation, sku: string): Candidate[] =>
  sim.accounts.flatMap((account) =>
    !isServed(account)
      ? []
      : account.agreements
          .filter((a) => a.status === 'ACTIVE')
          .flatMap((a) => a.commitments)
          .filter((c) => c.line.terms.sku === sku && c.status === 'OPEN')
          .map((commitment) => ({ account, commitment })),
  );

/** What runs short: the scarce SKU, and the phones and tablets everybody gives for the holidays. */
export const SHORT_SKUS: readonly string[] = [SCARCE_SKU, 'PHONE-P60', 'TABLET-M11'];

/** What the account's stock-coverage row shows on a day: the figures the process manager reads. */
interface Figures {
  readonly ads: number;
  readonly onHand: number;
  readonly pipeline: number;
}

/** The stock-coverage rows as of `asOf`, by account and SKU (the read model the analysts see). */
const coverageFigures = async (engine: Engine, asOf: IsoDate): Promise<Map<string, Figures>> => {
  const readModel = READ_MODELS.find((model) => model.name === 'stock-coverage');
  const table = PROJECTIONS.flatMap((p) => Object.entries(p.collections)).find(
    ([key, collection]) => key === readModel?.collection || collection.table === readModel?.collection,
  )?.[1].table;
  const figures = new Map<string, Figures>();
  if (readModel === undefined || table === undefined) return figures;
  for (const row of await engine.readModels.find(table)) {
    const shown = readModel.present(row.doc as never, { asOf, policy: engine.policy });
    const onHand = shown['estimatedOnHand'] ?? shown['onHand'];
    const { ads, pipeline } = shown;
    if (typeof ads === 'number' && typeof onHand === 'number' && typeof pipeline === 'number')
      figures.set(`${String(shown['accountId'])} ${String(shown['sku'])}`, { ads, onHand, pipeline });
  }
  return figures;
};

/**
 * What a commitment needs until the next resupply, as the process manager reckons it from the
 * reports (its stock-coverage figures when it has them, else the shelf as the demo knows it): the
 * sales rate over lead time + safety days, uplifted on peak days, less the stock on hand and on
 * the way.
 */
const needOf = ({ account, commitment }: Candidate, on: IsoDate, figures: Map<string, Figures>): number => {
  const { line, peak, safetyDays } = commitment;
  const shown = figures.get(`${account.profile.accountId} ${line.terms.sku}`);
  const ads = shown?.ads ?? line.terms.rate;
  const span = line.terms.leadTimeDays + safetyDays;
  let demand = 0;
  for (let i = 1; i <= span; i += 1) {
    const day = addDays(on, i);
    const inPeak = peak !== undefined && day >= peak.from && day <= peak.to;
    demand += inPeak ? (ads * peak.upliftBp) / FULL_BP : ads;
  }
  const onHand = shown?.onHand ?? line.onHand;
  const pipeline = shown?.pipeline ?? line.incomingBetween(on, addDays(on, 400));
  const remaining = Math.max(0, commitment.committedQty - commitment.delivered);
  return Math.min(remaining, Math.max(0, Math.ceil(demand) - onHand - pipeline));
};

/** Every November of the book (with half a year of reports behind it), the build-up runs short. */
export const planShortages = (sim: Simulation): void => {
  const { calendar } = sim;
  for (let month = 6; month <= calendar.monthOf(calendar.end); month += 1) {
    if (calendar.period(month).slice(5, 7) !== '11') continue;
    const on = calendar.on(month, 1);
    const at = atTime(on, 8, 0);
    const rush = { from: calendar.on(month - 1, 15), to: calendar.on(month, 11) };
    sim.agenda.addExclusive(atTime(rush.from, 0, 30), () => {
      for (const { commitment } of SHORT_SKUS.flatMap((sku) => openCommitments(sim, sku)))
        commitment.line.surge(rush, 1.6);
      return Promise.resolve();
    });
    sim.agenda.addExclusive(at, async () => {
      await sim.engine.projector.catchUp();
      const figures = await coverageFigures(sim.engine, on);
      for (const sku of SHORT_SKUS) {
        const candidates = openCommitments(sim, sku);
        const need = (tier: string) =>
          candidates
            .filter((c) => c.account.tier === tier)
            .reduce((sum, c) => sum + needOf(c, on, figures), 0);
        const available = Math.floor((need('A') + need('B') + need('C')) * SUPPLY_SHARE);
        if (candidates.length === 0 || available === 0) continue;
        const summary = await sim.engine.processes.allocateShortage({
          shortageId: `short-${calendar.period(month)}-${sku}`,
          sku,
          available,
          at,
        });
        const byId = new Map(candidates.map((c) => [c.commitment.commitmentId, c]));
        for (const { commitmentId, requested, allocated } of summary.allocations) {
          const found = byId.get(commitmentId);
          if (found === undefined || requested <= 0) continue;
          found.commitment.allocation = { month, on, fillRatio: Math.min(1, allocated / requested) };
        }
      }
    });
  }
};
