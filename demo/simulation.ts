// The state the demo keeps beside the store while it writes the book: what it has asked for
// (agreements, commitments, stock lines) so it can plan what comes next, plus the shared
// machinery (engine, calendar, agenda, clock, command sender). The store stays the truth:
// tiers are read back from the account streams, and the domain decides every command.
import { accountFacts, type AccountState, type ContactRole } from '../domain/account/index.js';
import type { AccountStatus, DateRange, IsoDate, Tier } from '../domain/kernel/index.js';
import { AGGREGATES } from '../src/commands/aggregates.js';
import type { AggregateCache } from '../src/commands/aggregate-cache.js';
import { loadCurrent } from '../src/commands/aggregate-loader.js';
import type { CommandResult } from '../src/commands/command-handler.js';
import type { Engine } from '../src/engine.js';
import type { Agenda } from './agenda.js';
import type { AccountProfile } from './account-profile.js';
import type { CommandSender, DemoCommand } from './command-sender.js';
import type { DemoCalendar } from './demo-calendar.js';
import type { ManagerHabit } from './manager-habits.js';
import type { SimulatedClock } from './simulated-clock.js';
import type { PeakSeason, StockLine } from './stock-line.js';

/** PLANNED: decided on, not drafted yet. */
export type AgreementStatus = 'PLANNED' | 'DRAFT' | 'ACTIVE' | 'EXPIRED' | 'TERMINATED';

export interface CommitmentSim {
  readonly commitmentId: string;
  readonly agreement: AgreementSim;
  readonly line: StockLine;
  readonly window: DateRange;
  readonly peak: PeakSeason | undefined;
  readonly safetyDays: number;
  committedQty: number;
  scheduled: number;
  delivered: number;
  status: 'OPEN' | 'CLOSED';
  /** What a shortage allocated it: in that month its batch is cut by the fill ratio. */
  allocation?: { readonly month: number; readonly on: IsoDate; readonly fillRatio: number };
  /** The ETAs the peak's supply, scheduled ahead, covers: no monthly batch is due then. */
  peakSupply?: DateRange;
}

export interface AgreementSim {
  readonly agreementId: string;
  readonly validity: { readonly from: IsoDate; to: IsoDate };
  readonly pilot: boolean;
  readonly leadTimeDays: number;
  readonly skus: readonly string[];
  status: AgreementStatus;
  baseDiscountBp: number;
  /** The largest concession of its approved promotions (their windows never overlap). */
  approvedConcessionBp: number;
  readonly commitments: CommitmentSim[];
  renewed: boolean;
}

/** A contact the demo added and that has not left: who a visit can be with. */
export interface ContactSim {
  readonly contactId: string;
  readonly role: ContactRole;
}

/** The relationship as the demo keeps it up: contacts, the last visit, the pace, the plans. */
export interface RelationSim {
  /** The contacts added and not removed, in the order added. */
  readonly contacts: ContactSim[];
  /** How many contacts were ever added: numbers the next contact id. */
  added: number;
  /** How many visits, meetings and calls were planned: numbers the next visit id. */
  visits: number;
  /** The day of the last visit or meeting planned (calls do not count for the cadence). */
  lastVisitOn: IsoDate | null;
  /** The next gap between visits as a share of the tier's cadence: under 1 keeps it. */
  pace: number;
  /** The years a plan is set (or planned) for. */
  readonly plannedYears: Set<number>;
  /** The promotions planned with the account (the day their window opens, their budget): the plans budget for them. */
  readonly promotions: { readonly from: IsoDate; readonly budget: number }[];
}

export const newRelation = (): RelationSim => ({
  contacts: [],
  added: 0,
  visits: 0,
  lastVisitOn: null,
  pace: 1,
  plannedYears: new Set(),
  promotions: [],
});

export interface AccountSim {
  readonly profile: AccountProfile;
  managerId: string | null;
  status: AccountStatus | 'UNREGISTERED';
  /** The effective tier read back at the start of the month. */
  tier: Tier;
  readonly agreements: AgreementSim[];
  /** One stock line per SKU, created with the first commitment for it. */
  readonly lines: Map<string, StockLine>;
  readonly relation: RelationSim;
  /** The AccountLost event as written, for the account-lost process. */
  lostEvent?: {
    readonly eventId: string;
    readonly correlationId: string;
    readonly data: Readonly<Record<string, unknown>>;
  };
}

export interface Simulation {
  readonly engine: Engine;
  readonly seed: number;
  readonly calendar: DemoCalendar;
  readonly agenda: Agenda;
  readonly clock: SimulatedClock;
  readonly sender: CommandSender;
  readonly accounts: readonly AccountSim[];
  /** Which managers keep the contact cadence and which let it slip. */
  readonly habits: ReadonlyMap<string, ManagerHabit>;
  /**
   * The accounts' states as last read back, with their revisions: a read back (every account at
   * every month's start) then reads only the events since, not the stream from its snapshot.
   */
  readonly accountStates: AggregateCache<AccountState>;
}

/** Schedules a command in the account's lane, built when it runs: `undefined` means it no longer applies. */
export const schedule = (
  sim: Simulation,
  account: AccountSim,
  at: string,
  command: () => DemoCommand | undefined | Promise<DemoCommand | undefined>,
  then?: (result: CommandResult) => void,
): void => {
  sim.agenda.add(at, account.profile.accountId, async () => {
    const built = await command();
    if (built === undefined) return;
    const result = await sim.sender.send(account.profile.accountId, built);
    then?.(result);
  });
};

/** The account's state now, read from its stream: the events since the last read back, folded on. */
const accountState = async (sim: Simulation, accountId: string): Promise<AccountState> => {
  const { store, snapshots } = sim.engine;
  return (await loadCurrent(store, snapshots, sim.accountStates, AGGREGATES.account, accountId)).state;
};

/** The account's effective tier at `at`, read from its stream as the domain sees it. */
export const tierAt = async (sim: Simulation, accountId: string, at: string): Promise<Tier> =>
  accountFacts(await accountState(sim, accountId), accountId, at).tier;

/** The account's status now, read from its stream (a process may have moved it). */
export const statusAt = async (sim: Simulation, accountId: string): Promise<AccountStatus | undefined> => {
  const state = await accountState(sim, accountId);
  return state.exists ? state.status : undefined;
};

/** The account's effective tier at the start of a month, read back from its stream. */
export const monthlyTier = (sim: Simulation, account: AccountSim, at: string): Promise<Tier> =>
  tierAt(sim, account.profile.accountId, at);

export const isServed = (account: AccountSim): boolean =>
  account.status === 'ACTIVE' || account.status === 'AT_RISK';

/** Agreements planned, drafted or active: the ones still to be reckoned with. */
export const openAgreements = (account: AccountSim): AgreementSim[] =>
  account.agreements.filter((a) => a.status === 'PLANNED' || a.status === 'DRAFT' || a.status === 'ACTIVE');

/** The open commitment of a line whose window contains `date`. */
export const commitmentOn = (account: AccountSim, sku: string, date: IsoDate): CommitmentSim | undefined =>
  account.agreements
    .flatMap((a) => a.commitments)
    .find(
      (c) => c.line.terms.sku === sku && c.status === 'OPEN' && date >= c.window.from && date <= c.window.to,
    );
