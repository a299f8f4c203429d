// Keeping in touch (感情交流): visits and meetings on a cadence that depends on the manager (most
// keep the tier's, some slip: manager-habits.ts), an executive visit now and then for a tier-A
// account, calls in between (they keep in touch but do not count for the cadence), and the
// actions agreed there: most done on time, some late, some still open. Where the relationship
// cools (coolingFrom), visits thin out, the manager calls instead, the decision maker is not at
// the table and what was agreed is left undone: what a risk model sees months before the loss.
import {
  addDays,
  daysBetween,
  endOfPeriod,
  POLICY_V2,
  type IsoDate,
  type Tier,
} from '../domain/kernel/index.js';
import { coolingIn } from './account-profile.js';
import { atTime } from './demo-calendar.js';
import type { ManagerHabit } from './manager-habits.js';
import type { Random } from './seeded-random.js';
import { isServed, schedule, type AccountSim, type ContactSim, type Simulation } from './simulation.js';

type Kind = 'VISIT' | 'MEETING' | 'CALL' | 'EXECUTIVE_VISIT';

/** A tier without a cadence (NONE) is still seen about twice a year. */
const UNTIERED_CADENCE_DAYS = 200;

const NOTES: Readonly<Record<Kind, readonly string[]>> = {
  VISIT: [
    'Quarterly review at their office: usage, open tickets and the next rollout.',
    'Site visit with their IT team; walked through the branch network.',
    'Reviewed the bill and the discount in force; they asked about the peak season.',
  ],
  MEETING: [
    'Planning meeting for the coming quarter.',
    'Met purchasing about volumes before the peak build-up.',
    'Workshop on the new dedicated lines with their technical lead.',
  ],
  CALL: [
    'Check-in call.',
    'Called about the open service request.',
    'Short call: they asked for the usage report.',
  ],
  EXECUTIVE_VISIT: [
    'Our director visited their general manager: the partnership for next year.',
    'Executive visit: reviewed the year and the joint plan at the top.',
  ],
};

const ACTIONS: readonly string[] = [
  'Send the usage report for the quarter',
  'Quote the extra dedicated line',
  'Arrange a site survey for the new branch',
  'Confirm the delivery dates before the peak',
  'Propose a joint promotion for the off-season',
  'Follow up the open billing query',
  'Share the network upgrade roadmap',
  'Schedule the training for their help desk',
];

/** How many actions a visit agrees: more at a key account's table. */
const MANY: readonly (readonly [number, number])[] = [
  [0, 15],
  [1, 45],
  [2, 30],
  [3, 10],
];
const FEW: readonly (readonly [number, number])[] = [
  [0, 45],
  [1, 40],
  [2, 15],
];

/** How an agreed action ends: done by its due day, done after it, or not done (yet). */
type Outcome = 'on-time' | 'late' | 'open';

const OUTCOMES: Readonly<Record<ManagerHabit | 'cooling', readonly (readonly [Outcome, number])[]>> = {
  'keeps-cadence': [
    ['on-time', 85],
    ['late', 13],
    ['open', 2],
  ],
  slips: [
    ['on-time', 60],
    ['late', 30],
    ['open', 10],
  ],
  cooling: [
    ['on-time', 15],
    ['late', 25],
    ['open', 60],
  ],
};

/** The next gap between visits, as a share of the cadence: a keeper stays under it, a slipper often does not. */
const nextPace = (habit: ManagerHabit, cooling: boolean, rng: Random): number => {
  if (cooling) return rng.between(1.5, 2.5);
  if (habit === 'keeps-cadence') return rng.between(0.55, 0.95);
  return rng.chance(0.5) ? rng.between(0.85, 1.1) : rng.between(1.25, 2.2);
};

const visitKind = (tier: Tier, rng: Random): Kind =>
  rng.weighted<Kind>(
    tier === 'A'
      ? [
          ['EXECUTIVE_VISIT', 12],
          ['VISIT', 48],
          ['MEETING', 40],
        ]
      : [
          ['VISIT', 55],
          ['MEETING', 45],
        ],
  );

/** Whom the manager meets: the decision maker at a visit (unless the relationship cooled), a few at a meeting, one on a call. */
const contactsMet = (
  contacts: readonly ContactSim[],
  kind: Kind,
  cooling: boolean,
  rng: Random,
): string[] => {
  const decider = (contact: ContactSim) => contact.role === 'DECISION_MAKER';
  const others = rng.shuffle(contacts.filter((contact) => !decider(contact)));
  const lead = contacts.find(decider);
  if (kind === 'CALL') {
    const callee = cooling || lead === undefined ? (others[0] ?? lead) : rng.pick(contacts);
    return callee === undefined ? [] : [callee.contactId];
  }
  const met = [
    ...(lead !== undefined && !cooling ? [lead] : []),
    ...others.slice(0, kind === 'MEETING' ? rng.int(1, 3) : rng.int(0, 1)),
  ];
  return (met.length > 0 ? met : contacts.slice(0, 1)).map((contact) => contact.contactId);
};

interface PlannedAction {
  readonly actionId: string;
  readonly what: string;
  readonly due: IsoDate;
  /** The account's side owns it (one of the contacts met), else the manager. */
  readonly theirs: boolean;
  readonly completedOn: IsoDate | null;
}

const planActions = (
  visitId: string,
  on: IsoDate,
  count: number,
  outcomes: readonly (readonly [Outcome, number])[],
  rng: Random,
): PlannedAction[] =>
  rng
    .shuffle(ACTIONS)
    .slice(0, count)
    .map((what, k) => {
      const due = addDays(on, rng.int(7, 35));
      const outcome = rng.weighted(outcomes);
      const completedOn =
        outcome === 'open'
          ? null
          : outcome === 'on-time'
            ? addDays(on, rng.int(1, daysBetween(on, due)))
            : addDays(due, rng.int(2, 25));
      return { actionId: `${visitId}-a${k + 1}`, what, due, theirs: rng.chance(0.3), completedOn };
    });

/** Logs one visit (meeting, call) on `on`, the same evening or the next morning, and completes its actions. */
const planVisit = (
  sim: Simulation,
  account: AccountSim,
  on: IsoDate,
  kind: Kind,
  actionCount: number,
  outcomes: readonly (readonly [Outcome, number])[],
  cooling: boolean,
  rng: Random,
): void => {
  const { profile, relation } = account;
  relation.visits += 1;
  const visitId = `v-${profile.accountId.slice(4)}-${relation.visits}`;
  const at = rng.chance(0.8) ? atTime(on, 18, rng.int(0, 59)) : atTime(addDays(on, 1), 9, rng.int(0, 59));
  const actions = planActions(visitId, on, actionCount, outcomes, rng);
  const notes = rng.pick(NOTES[kind]);
  const meet = rng.fork('met');
  let logged = false;
  schedule(
    sim,
    account,
    at,
    () => {
      const met = contactsMet(account.relation.contacts, kind, cooling, meet);
      const managerId = account.managerId;
      if (!isServed(account) || managerId === null || met.length === 0) return undefined;
      return {
        aggregate: 'account',
        id: profile.accountId,
        type: 'LogVisit',
        data: {
          visitId,
          on,
          kind,
          contactIds: met,
          notes,
          agreedActions: actions.map(({ actionId, what, due, theirs }) => ({
            actionId,
            what,
            owner: theirs ? met[0]! : managerId,
            due,
          })),
          at,
        },
        actor: managerId,
      };
    },
    () => {
      logged = true;
    },
  );
  for (const action of actions) {
    if (action.completedOn === null) continue;
    const doneAt = atTime(action.completedOn, 17, rng.int(0, 59));
    schedule(sim, account, doneAt, () =>
      !logged || account.status === 'LOST'
        ? undefined
        : {
            aggregate: 'account',
            id: profile.accountId,
            type: 'CompleteAction',
            data: { actionId: action.actionId, on: action.completedOn!, at: doneAt },
            actor: account.managerId ?? 'sales-desk',
          },
    );
  }
};

/** The month's visits and meetings (on the manager's cadence) and calls, planned on its first day. */
export const planVisits = (sim: Simulation, account: AccountSim, month: number): void => {
  const { profile, relation } = account;
  const managerId = account.managerId;
  if (managerId === null || !isServed(account)) return;
  const rng = profile.rng.fork(`visits:${month}`);
  const first = sim.calendar.on(month, 1);
  const last = endOfPeriod(sim.calendar.period(month));
  const cooling = coolingIn(profile, month);
  const habit = sim.habits.get(managerId) ?? 'keeps-cadence';
  const outcomes = OUTCOMES[cooling ? 'cooling' : habit];
  const cadence = POLICY_V2.tiers[account.tier].contactCadenceDays ?? UNTIERED_CADENCE_DAYS;
  // The relationship cools from this month: the visit already in view is put off too.
  if (cooling && relation.pace < 1.5) relation.pace = nextPace(habit, cooling, rng);
  const due =
    relation.lastVisitOn === null
      ? addDays(first, rng.int(1, 20))
      : addDays(relation.lastVisitOn, Math.round(cadence * relation.pace));
  // Due before the month (a promotion shortened the cadence): caught up in its first week.
  let next = due < first ? addDays(first, rng.int(0, 6)) : due;
  while (next <= last) {
    const kind = visitKind(account.tier, rng);
    const actionCount = rng.weighted(account.tier === 'A' || kind === 'EXECUTIVE_VISIT' ? MANY : FEW);
    planVisit(sim, account, next, kind, actionCount, outcomes, cooling, rng.fork(`visit:${next}`));
    relation.lastVisitOn = next;
    relation.pace = nextPace(habit, cooling, rng);
    next = addDays(next, Math.max(7, Math.round(cadence * relation.pace)));
  }
  // Calls in between; a cooling account is called instead of visited.
  const calls = rng.poisson(cooling ? 1.2 : 0.1);
  for (let k = 0; k < calls; k += 1) {
    const on = addDays(first, rng.int(0, daysBetween(first, last)));
    planVisit(sim, account, on, 'CALL', rng.chance(0.3) ? 1 : 0, outcomes, cooling, rng.fork(`call:${k}`));
  }
};
