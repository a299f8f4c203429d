// Service requests through one point of access: opened on the hotline or with the manager,
// sized by their kind, resolved mostly within the SLA of the account's tier, some late, and a
// few still open when the book ends. Most resolutions are scored by the account (satisfaction
// 1–5): well when on time, worse when late, badly where the relationship cools; a low score is
// a complaint, and carries its cause.
import {
  SERVICE_REQUEST_KINDS,
  sizeOfKind,
  type ComplaintCause,
  type ServiceRequestKind,
} from '../domain/account/index.js';
import { endOfPeriod } from '../domain/kernel/index.js';
import { coolingIn } from './account-profile.js';
import { atTime } from './demo-calendar.js';
import type { Random } from './seeded-random.js';
import { schedule, type AccountSim, type Simulation } from './simulation.js';

/** The share of resolutions the account scores. */
const ANSWERED = 0.75;

type Scores = readonly (readonly [number, number])[];

const ON_TIME: Scores = [
  [1, 2],
  [2, 4],
  [3, 14],
  [4, 45],
  [5, 35],
];
const LATE: Scores = [
  [1, 12],
  [2, 25],
  [3, 35],
  [4, 23],
  [5, 5],
];
const COOLING: Scores = [
  [1, 30],
  [2, 40],
  [3, 24],
  [4, 6],
];

/** What a complaint about a request of this kind is about; a late one is about delivery or staff. */
const CAUSES: Readonly<Record<ServiceRequestKind, readonly ComplaintCause[]>> = {
  SUSPENSION: ['BILLING', 'STAFF'],
  SIM_REPLACEMENT: ['PRODUCT', 'DELIVERY'],
  BILLING_QUERY: ['BILLING', 'BILLING', 'STAFF'],
  NETWORK_DESIGN: ['STAFF', 'NETWORK_QUALITY'],
  NETWORK_ROLLOUT: ['NETWORK_QUALITY', 'DELIVERY'],
  DEDICATED_LINE: ['NETWORK_QUALITY', 'NETWORK_QUALITY', 'DELIVERY'],
};

/** The account's answer when the request is resolved: nothing, a score, or a score and a complaint's cause. */
const answerOf = (
  kind: ServiceRequestKind,
  late: boolean,
  cooling: boolean,
  rng: Random,
): { satisfaction?: number; causeCode?: ComplaintCause } => {
  if (!rng.chance(ANSWERED)) return {};
  const satisfaction = rng.weighted(cooling ? COOLING : late ? LATE : ON_TIME);
  if (satisfaction > 2) return { satisfaction };
  const causeCode: ComplaintCause = rng.chance(0.1)
    ? 'OTHER'
    : late && rng.chance(0.5)
      ? rng.pick<ComplaintCause>(['DELIVERY', 'STAFF'])
      : rng.pick(CAUSES[kind]);
  return { satisfaction, causeCode };
};

// Requests a month by effective tier: key accounts use the one point of access more.
const REQUESTS_PER_MONTH = { A: 1.6, B: 1.1, C: 0.7, NONE: 0.35 } as const;

const minutesLater = (at: string, minutes: number): string =>
  new Date(Date.parse(at) + Math.round(minutes) * 60_000).toISOString().replace(/\.\d{3}Z$/, '.000Z');

/** The month's service requests: mostly met within the SLA, some late, a few still open at the end. */
export const planServiceRequests = (sim: Simulation, account: AccountSim, month: number): void => {
  const { profile } = account;
  if (account.status === 'LOST') return;
  const rng = profile.rng.fork(`requests:${month}`);
  const count = rng.poisson(REQUESTS_PER_MONTH[account.tier]);
  const last = Number(endOfPeriod(sim.calendar.period(month)).slice(8, 10));
  for (let k = 1; k <= count; k += 1) {
    const day = sim.calendar.on(month, rng.int(1, last));
    if (day <= profile.registeredOn) continue;
    const openedAt = atTime(day, rng.int(9, 16), rng.int(0, 59));
    const kind = rng.weighted(
      SERVICE_REQUEST_KINDS.map((kind) => [kind, sizeOfKind(kind) === 'SMALL' ? 25 : 8]),
    );
    const managed = profile.manager !== null && profile.manager.from < day;
    const channel = managed && rng.chance(0.5) ? 'MANAGER' : 'HOTLINE';
    const requestId = `sr-${profile.accountId.slice(4)}-${sim.calendar.period(month)}-${k}`;
    const slaHours =
      sizeOfKind(kind) === 'SMALL'
        ? sim.engine.policy.tiers[account.tier].smallRequestSlaHours
        : sim.engine.policy.largeRequestSlaHours;
    const late = rng.chance(sizeOfKind(kind) === 'SMALL' ? 0.12 : 0.15);
    const resolvedAt = minutesLater(
      openedAt,
      slaHours * 60 * (late ? rng.between(1.2, 2.5) : rng.between(0.2, 0.9)),
    );
    const answer = answerOf(kind, late, coolingIn(profile, month), rng.fork(`answer:${k}`));
    const open = () =>
      account.status === 'LOST'
        ? undefined
        : ({
            aggregate: 'account',
            id: profile.accountId,
            type: 'OpenServiceRequest',
            data: { requestId, kind, channel, at: openedAt },
            actor: channel === 'MANAGER' ? (account.managerId ?? 'hotline') : 'hotline',
          } as const);
    let opened = false;
    schedule(sim, account, openedAt, open, () => {
      opened = true;
    });
    schedule(sim, account, resolvedAt, () =>
      !opened || account.status === 'LOST'
        ? undefined
        : {
            aggregate: 'account',
            id: profile.accountId,
            type: 'ResolveServiceRequest',
            data: { requestId, ...answer, at: resolvedAt },
            actor: 'service-desk',
          },
    );
  }
};
