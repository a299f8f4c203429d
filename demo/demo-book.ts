// `kare demo`: writes a realistic key-account book through the real command pipeline, day by
// day over the 24 months before its anchor (today, or the day asked for), so the book ends on the
// day it is loaded. Deterministic: the same seed, size and anchor give the same events, ids,
// times and hashes. The engine must be opened with the simulated clock (demoClock) of the same
// anchor, so that every event is recorded at the book's time. The story it tells is one season
// (season.ts): revenue and sell-through peak from December to the Chinese New Year and dip
// after it, resellers build stock up before the peak and run short of the popular SKUs in the
// build-up, promotions push the off-season, and rebates are tilted by tier. Beside the trade, the
// relationship: contacts, visits on a cadence some managers keep and some let slip, the actions
// agreed there, yearly plans, satisfaction with the requests resolved, and the group accounts
// (groups.ts) whose members are tiered together; the accounts the book flags or loses cool
// months before (coolingFrom), so an early warning has something to see.
import { addDays, daysBetween, IsoDate } from '../domain/kernel/index.js';
import type { Engine } from '../src/engine.js';
import { AggregateCache } from '../src/commands/aggregate-cache.js';
import { OFFLINE_BATCH_SIZE } from '../src/consumers/consumer-runner.js';
import { seededDataKeys } from '../src/personal-data/seeded-keys.js';
import { planAccountLife } from './account-life.js';
import { planAccountPlans } from './account-plans.js';
import { planContacts } from './contacts.js';
import { planGroups } from './groups.js';
import { managerHabits } from './manager-habits.js';
import { managersFor } from './account-profile.js';
import { planVisits } from './visits.js';
import { planFeedback } from './feedback.js';
import { planServiceRequests } from './service-requests.js';
import { Agenda } from './agenda.js';
import { planAgreements } from './agreements.js';
import { planRebates } from './rebates.js';
import { castOf, MIN_ACCOUNTS } from './cast.js';
import { commandSender } from './command-sender.js';
import { atTime, demoCalendar, utcToday } from './demo-calendar.js';
import { planAccountLost, planMonthEnd } from './process-steps.js';
import { seededRandom } from './seeded-random.js';
import { simulatedClock, type SimulatedClock } from './simulated-clock.js';
import { planBatches } from './batches.js';
import { planShortages } from './shortage.js';
import { planStockReports } from './stock-reports.js';
import { monthlyTier, newRelation, type AccountSim, type Simulation } from './simulation.js';

export const DEMO_SEED = 2026;
export const DEMO_ACCOUNTS = 320;
/** The largest book: the size the aggregate cache's default budget is reckoned for. */
export const MAX_DEMO_ACCOUNTS = 10_000;
export { MIN_ACCOUNTS };

export interface DemoOptions {
  readonly seed?: number;
  readonly accounts?: number;
  /** The book's anchor: the day it is current on, its last simulated day the day before (default: today, UTC). */
  readonly today?: IsoDate;
  /** Called after each simulated day. */
  readonly onProgress?: (daysDone: number, days: number) => void;
}

export interface DemoSummary {
  readonly seed: number;
  readonly accounts: number;
  readonly today: IsoDate;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly commands: number;
  /** The store's head position after the load. */
  readonly head: bigint;
}

export class DemoOptionsError extends Error {
  override readonly name = 'DemoOptionsError';
}

/** The clock to open the engine with for a demo load anchored on `today`: it starts at the book's first day. */
export const demoClock = (today: IsoDate = utcToday()): SimulatedClock =>
  simulatedClock(atTime(demoCalendar(today).start, 0, 0));

/**
 * How the demo opens the engine it loads (`kare demo`, the tests' books, every bench's book alike):
 * - the faster durability: the book can be written again from its seed;
 * - its made-up contacts' keys from the seed, so the book is the same hash for hash;
 * - the projections caught up in pages as large as a rebuild's. The load catches them up only
 *   where its story reads them (a month end, a shortage), a month of events at a time; a page
 *   changes each document once for all its events, and in 2,000-event pages the documents a
 *   whole portfolio shares (a manager's month, a SKU's coverage) were written again every few
 *   events at 3,000 accounts (10,000-event pages take 0.81 of their CPU time).
 */
export const demoEngineRequest = (clock: SimulatedClock, seed: number = DEMO_SEED) =>
  ({
    sqliteSync: 'normal',
    clock,
    newDataKey: seededDataKeys(String(seed)),
    projectorBatchSize: OFFLINE_BATCH_SIZE,
  }) as const;

/** At 01:30 on the first of each month, after the month end: read the tiers back, plan the month. */
const planMonth = (sim: Simulation, month: number): void => {
  const at = atTime(sim.calendar.on(month, 1), 1, 30);
  sim.agenda.addExclusive(at, async () => {
    await Promise.all(
      sim.accounts.map(async (account) => {
        if (account.status !== 'UNREGISTERED') account.tier = await monthlyTier(sim, account, at);
      }),
    );
    for (const account of sim.accounts) {
      planServiceRequests(sim, account, month);
      planFeedback(sim, account, month);
      planVisits(sim, account, month);
      planAccountPlans(sim, account, month);
      planAgreements(sim, account, month);
      planBatches(sim, account, month);
      planRebates(sim, account, month);
    }
  });
};

export const loadDemoBook = async (
  engine: Engine,
  clock: SimulatedClock,
  options: DemoOptions = {},
): Promise<DemoSummary> => {
  const seed = options.seed ?? DEMO_SEED;
  const size = options.accounts ?? DEMO_ACCOUNTS;
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new DemoOptionsError(`--seed must be a non-negative integer, not ${seed}`);
  if (!Number.isSafeInteger(size) || size < MIN_ACCOUNTS || size > MAX_DEMO_ACCOUNTS) {
    throw new DemoOptionsError(
      `--accounts must be an integer from ${MIN_ACCOUNTS} (the featured cast) to ${MAX_DEMO_ACCOUNTS}, not ${size}`,
    );
  }
  const today = options.today ?? utcToday();
  if (!IsoDate.is(today)) throw new DemoOptionsError(`--as-of must be a date YYYY-MM-DD, not ${today}`);
  const calendar = demoCalendar(today);
  const rng = seededRandom(seed);
  const accounts: AccountSim[] = castOf(size, calendar, rng.fork('cast')).map((profile) => ({
    profile,
    managerId: null,
    status: 'UNREGISTERED',
    tier: 'NONE',
    agreements: [],
    lines: new Map(),
    relation: newRelation(),
  }));
  const sim: Simulation = {
    engine,
    seed,
    calendar,
    agenda: new Agenda(clock),
    clock,
    sender: commandSender(engine.handler, seed),
    accounts,
    habits: managerHabits(rng.fork('habits'), managersFor(size)),
    accountStates: new AggregateCache(),
  };

  for (const account of accounts) {
    planAccountLife(sim, account);
    planContacts(sim, account);
    planAccountLost(sim, account);
  }
  const lastMonth = calendar.monthOf(calendar.today);
  for (let month = 0; month <= lastMonth; month += 1) {
    if (month > 0) planMonthEnd(sim, month - 1);
    planMonth(sim, month);
  }
  planShortages(sim);
  planGroups(sim);

  const days = daysBetween(calendar.start, calendar.end) + 1;
  for (let i = 0, day = calendar.start; i < days; i += 1, day = addDays(day, 1)) {
    const yesterday = addDays(day, -1);
    for (const account of accounts) {
      for (const line of account.lines.values()) line.advanceThrough(yesterday);
      planStockReports(sim, account, day);
    }
    await sim.agenda.runDay(day);
    options.onProgress?.(i + 1, days);
  }
  await engine.projector.catchUp();
  // The account-lost process ran here step by step (process-steps.ts): a server started on the
  // book need not read all of it again (two million events at 10,000 accounts) to find that out.
  await engine.processes.handledUpTo(await engine.store.headPosition());
  return {
    seed,
    accounts: size,
    today: calendar.today,
    from: calendar.start,
    to: calendar.end,
    commands: sim.sender.sent,
    head: await engine.store.headPosition(),
  };
};
