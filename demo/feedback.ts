// The account's view of its manager, asked for every third month: content mostly, unhappy
// where the account's story turns sour.
import { atTime } from './demo-calendar.js';
import type { Random } from './seeded-random.js';
import { schedule, type AccountSim, type Simulation } from './simulation.js';

const CONTENT: readonly (readonly [number, number])[] = [
  [1, 2],
  [2, 5],
  [3, 18],
  [4, 45],
  [5, 30],
];
const UNHAPPY: readonly (readonly [number, number])[] = [
  [1, 35],
  [2, 45],
  [3, 20],
];
const COMMENTS: Readonly<Record<number, readonly string[]>> = {
  1: ['Nobody called back about the outage.', 'We are looking at other providers.'],
  2: ['Slow answers this quarter.', 'The manager changed too often.'],
  3: ['Fine, nothing special.', ''],
  4: ['Good support during the rollout.', 'Responsive and knows our business.', ''],
  5: ['Excellent: proactive about our peak season.', 'Best account team we have worked with.'],
};

/** Every third month the account is asked about its manager. */
export const planFeedback = (sim: Simulation, account: AccountSim, month: number): void => {
  const { profile } = account;
  if (month % 3 !== 1 || account.managerId === null || account.status === 'LOST') return;
  const rng: Random = profile.rng.fork(`feedback:${month}`);
  const day = sim.calendar.on(month, rng.int(8, 25));
  const unhappy = profile.unhappyFrom !== undefined && month >= profile.unhappyFrom;
  const score = rng.weighted(unhappy ? UNHAPPY : CONTENT);
  const comment = rng.pick(COMMENTS[score]!);
  const aboutManagerId = account.managerId;
  const at = atTime(day, 16, rng.int(0, 59));
  schedule(sim, account, at, () =>
    account.status === 'LOST'
      ? undefined
      : {
          aggregate: 'account',
          id: profile.accountId,
          type: 'RecordFeedback',
          data: { score, aboutManagerId, comment, at },
          actor: 'survey',
        },
  );
};
