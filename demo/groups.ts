// The book's group accounts (集团大客户, DOMAIN.md "Groups, relationship and early warning"): two
// banks (a national one whose branches are the industry's largest accounts), two retail chains
// and a tax bureau, each with members in several regions, a lead manager (one member's own
// manager: the one point of access) and an executive sponsor on every group but the last one
// the book ends tier A, so the sponsor gap shows. Later a shop of a retail chain is sold and
// leaves, with its reason. Members are tiered on the group's combined T12M, so they are ordinary
// accounts only (the featured cast keeps its stories), founding ones of the group's industry,
// and join in the book's second month: every month end after it tiers them alike. The groups are
// small, so few members rise a tier and the book's 10/30/60 spread holds. A book too small to
// have an account of an industry leaves that group out; an account is never in two groups.
import { atTime, DEMO_MONTHS, type DemoCalendar } from './demo-calendar.js';
import { DIRECTORS, type AccountProfile } from './account-profile.js';
import { tierClass } from './revenue-plan.js';
import type { Simulation } from './simulation.js';
import type { Industry, Tier } from '../domain/kernel/index.js';

interface GroupPlan {
  readonly groupId: string;
  readonly name: string;
  readonly industry: Industry;
  readonly headquartersRegion: string;
  /** At most this many members, each from another region where the book allows. */
  readonly size: number;
  /** Its members are the industry's largest accounts (a national bank's branches), not the first. */
  readonly largest?: true;
}

const GROUPS: readonly GroupPlan[] = [
  {
    groupId: 'grp-01',
    name: 'Golden Harbor Bank',
    industry: 'FINANCE',
    headquartersRegion: 'Beijing',
    size: 2,
    largest: true,
  },
  {
    groupId: 'grp-02',
    name: 'Jade Trust Bank',
    industry: 'FINANCE',
    headquartersRegion: 'Shanghai',
    size: 2,
  },
  { groupId: 'grp-03', name: 'Sunmart Stores', industry: 'RETAIL', headquartersRegion: 'Hangzhou', size: 4 },
  {
    groupId: 'grp-04',
    name: 'Pearl River Outlets',
    industry: 'RETAIL',
    headquartersRegion: 'Guangzhou',
    size: 2,
  },
  {
    groupId: 'grp-05',
    name: 'Provincial Taxation Bureau',
    industry: 'GOVERNMENT',
    headquartersRegion: "Xi'an",
    size: 4,
  },
];

/** The executives who sponsor groups (高层主管亲自出马), in turn. */
const EXECUTIVES = ['exec-01', 'exec-02'] as const;

/** The retail chain one of whose shops is sold, and when; its last member leaves. */
const REMOVAL = {
  groupId: 'grp-03',
  month: 17,
  day: 12,
  reason: 'Sold to a rival chain: no longer part of the group',
} as const;

/** Registered, members added, lead manager named: the book's second month. */
const FORMED_IN = 1;
/** Sponsors named the month after. */
const SPONSORED_IN = 2;
/** The last twelve closed months: the T12M the book ends on. */
const LAST_YEAR = DEMO_MONTHS - 12;

interface FormedGroup {
  readonly plan: GroupPlan;
  readonly members: readonly AccountProfile[];
  readonly removed: AccountProfile | undefined;
}

/** Who may join: ordinary, founding, managed accounts of the industry, in no group yet. */
const candidates = (
  profiles: readonly AccountProfile[],
  industry: Industry,
  calendar: DemoCalendar,
  taken: ReadonlySet<string>,
): AccountProfile[] =>
  profiles.filter(
    (p) =>
      p.story === 'regular' &&
      p.industry === industry &&
      calendar.monthOf(p.registeredOn) < FORMED_IN &&
      p.manager !== null &&
      !taken.has(p.accountId),
  );

/** Up to `size` members, each from a region not yet in the group, then any left. */
const membersOf = (pool: readonly AccountProfile[], size: number): AccountProfile[] => {
  const spread: AccountProfile[] = [];
  for (const p of pool) if (!spread.some((member) => member.region === p.region)) spread.push(p);
  return [...spread, ...pool.filter((p) => !spread.includes(p))].slice(0, size);
};

const booked = (profile: AccountProfile): number =>
  profile.revenue.reduce<number>((sum, amount) => sum + (amount ?? 0), 0);

/** The groups this book forms, their members chosen once before the simulation starts. */
export const formGroups = (profiles: readonly AccountProfile[], calendar: DemoCalendar): FormedGroup[] => {
  const taken = new Set<string>();
  return GROUPS.flatMap((plan): FormedGroup[] => {
    const pool = candidates(profiles, plan.industry, calendar, taken);
    if (plan.largest === true) pool.sort((a, b) => booked(b) - booked(a));
    const members = membersOf(pool, plan.size);
    if (members.length === 0) return [];
    for (const member of members) taken.add(member.accountId);
    return [{ plan, members, removed: plan.groupId === REMOVAL.groupId ? members.at(-1) : undefined }];
  });
};

/** The tier the group's combined revenue of the last twelve months gives it as the book ends. */
const endingTier = (group: FormedGroup): Tier => {
  const minor = group.members
    .filter((member) => member !== group.removed)
    .flatMap((member) => [
      ...member.revenue.slice(LAST_YEAR).map((amount) => amount ?? 0),
      ...member.corrections.filter((c) => c.month >= LAST_YEAR).map((c) => c.delta),
    ])
    .reduce((sum, amount) => sum + amount, 0);
  return tierClass(minor / 100);
};

/**
 * The group left without a sponsor: the last one ending tier A, which the sponsor-gap query then
 * shows (a tier-A group needs one). Every other group has one; a book with no tier-A group, all.
 */
const sponsorGap = (groups: readonly FormedGroup[]): string | undefined =>
  groups.filter((group) => endingTier(group) === 'A').at(-1)?.plan.groupId;

export const planGroups = (sim: Simulation): void => {
  const { calendar } = sim;
  const groups = formGroups(
    sim.accounts.map((account) => account.profile),
    calendar,
  );
  const gap = sponsorGap(groups);
  groups.forEach((group, index) => {
    const { plan, members } = group;
    const lane = `group:${plan.groupId}`;
    const lead = members[0]!.manager!.managerId;
    const send = (at: string, type: string, data: Record<string, unknown>, actor: string) =>
      sim.agenda.add(at, lane, async () => {
        await sim.sender.send(lane, {
          aggregate: 'group',
          id: plan.groupId,
          type,
          data: { ...data, at },
          actor,
        });
      });
    const day = 3 + index * 2;
    send(
      atTime(calendar.on(FORMED_IN, day), 10),
      'RegisterGroup',
      {
        groupId: plan.groupId,
        name: plan.name,
        industry: plan.industry,
        headquartersRegion: plan.headquartersRegion,
      },
      DIRECTORS[0],
    );
    members.forEach((member, i) =>
      send(
        atTime(calendar.on(FORMED_IN, day + 1), 10 + i),
        'AddMember',
        { accountId: member.accountId },
        lead,
      ),
    );
    send(atTime(calendar.on(FORMED_IN, 20), 11), 'AssignGroupManager', { managerId: lead }, DIRECTORS[0]);
    if (plan.groupId !== gap) {
      const executiveId = EXECUTIVES[index % EXECUTIVES.length]!;
      send(atTime(calendar.on(SPONSORED_IN, 10), 11), 'SetExecutiveSponsor', { executiveId }, DIRECTORS[0]);
    }
    if (group.removed !== undefined) {
      send(
        atTime(calendar.on(REMOVAL.month, REMOVAL.day), 10),
        'RemoveMember',
        { accountId: group.removed.accountId, reason: REMOVAL.reason },
        lead,
      );
    }
  });
};
