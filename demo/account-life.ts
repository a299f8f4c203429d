// The account's life on fixed dates: registration, managers, monthly revenue and credit notes,
// and its story — at risk, lost, reactivated or overridden — as the cast drew it.
import type { IsoDate } from '../domain/kernel/index.js';
import { DIRECTORS } from './account-profile.js';
import { cny } from './cny.js';
import { atTime } from './demo-calendar.js';
import { schedule, statusAt, type AccountSim, type Simulation } from './simulation.js';

/** What happens on fixed dates from the start: registration, managers, revenue, the account's story. */
export const planAccountLife = (sim: Simulation, account: AccountSim): void => {
  const { profile } = account;
  const { accountId } = profile;
  schedule(
    sim,
    account,
    atTime(profile.registeredOn, 8, 0),
    () => ({
      aggregate: 'account',
      id: accountId,
      type: 'RegisterAccount',
      data: {
        accountId,
        name: profile.name,
        industry: profile.industry,
        region: profile.region,
        at: atTime(profile.registeredOn, 8, 0),
      },
      actor: 'sales-desk',
    }),
    () => {
      account.status = 'PROSPECT';
    },
  );
  const assign = (managerId: string, on: IsoDate, actor: string) =>
    schedule(
      sim,
      account,
      atTime(on, 9, 0),
      () => ({
        aggregate: 'account',
        id: accountId,
        type: 'AssignAccountManager',
        data: { managerId, effectiveFrom: on, at: atTime(on, 9, 0) },
        actor,
      }),
      () => {
        account.managerId = managerId;
        if (account.status === 'PROSPECT') account.status = 'ACTIVE';
      },
    );
  if (profile.manager !== null) assign(profile.manager.managerId, profile.manager.from, 'sales-desk');
  if (profile.managerChange !== undefined)
    assign(profile.managerChange.managerId, profile.managerChange.on, DIRECTORS[0]);
  planRevenue(sim, account);
  planStory(sim, account);
};

const planRevenue = (sim: Simulation, account: AccountSim): void => {
  const { profile } = account;
  profile.revenue.forEach((amount, month) => {
    if (amount === null) return;
    const period = sim.calendar.period(month);
    const at = atTime(sim.calendar.on(month + 1, 1), 0, 30);
    schedule(sim, account, at, () => ({
      aggregate: 'account',
      id: profile.accountId,
      type: 'RecordRevenue',
      data: { period, amount: cny(amount), sourceRef: `BILL-${period}-${profile.accountId}`, at },
      actor: 'billing-run',
    }));
  });
  for (const { month, delta } of profile.corrections) {
    const period = sim.calendar.period(month);
    const at = atTime(sim.calendar.on(month + 1, 15), 10, 0);
    schedule(sim, account, at, () => ({
      aggregate: 'account',
      id: profile.accountId,
      type: 'CorrectRevenue',
      data: { period, delta: cny(delta), reason: `Credit note after a billing dispute over ${period}`, at },
      actor: 'billing-run',
    }));
  }
};

const planStory = (sim: Simulation, account: AccountSim): void => {
  const { profile } = account;
  const { accountId } = profile;
  for (const override of profile.overrides) {
    const at = atTime(override.on, 14, 0);
    schedule(sim, account, at, () => ({
      aggregate: 'account',
      id: accountId,
      type: 'OverrideTier',
      data: {
        tier: override.tier,
        reason: override.reason,
        approvedBy: DIRECTORS[0],
        expiresOn: override.expiresOn,
        at,
      },
      actor: DIRECTORS[0],
    }));
  }
  if (profile.atRisk !== undefined) {
    const { on, reason } = profile.atRisk;
    schedule(
      sim,
      account,
      atTime(on, 10, 0),
      async () => {
        // The early warning may have flagged it at a month end already: the manager has nothing to add.
        if ((await statusAt(sim, accountId)) === 'AT_RISK') {
          account.status = 'AT_RISK';
          return undefined;
        }
        return {
          aggregate: 'account',
          id: accountId,
          type: 'FlagAtRisk',
          data: { reason, at: atTime(on, 10, 0) },
          actor: account.managerId ?? 'sales-desk',
        };
      },
      () => {
        account.status = 'AT_RISK';
      },
    );
  }
  if (profile.reactivatedOn !== undefined) {
    const at = atTime(profile.reactivatedOn, 10, 0);
    schedule(
      sim,
      account,
      at,
      () => ({
        aggregate: 'account',
        id: accountId,
        type: 'Reactivate',
        data: { approvedBy: DIRECTORS[1], at },
        actor: DIRECTORS[1],
      }),
      () => {
        account.status = 'ACTIVE';
      },
    );
  }
  if (profile.lost !== undefined) {
    const { on, reason, competitor } = profile.lost;
    const at = atTime(on, 10, 0);
    schedule(
      sim,
      account,
      at,
      () => ({
        aggregate: 'account',
        id: accountId,
        type: 'MarkLost',
        data: { reason, competitor, at },
        actor: account.managerId ?? 'sales-desk',
      }),
      (result) => {
        account.status = 'LOST';
        const lost = result.events[0]!;
        account.lostEvent = { eventId: lost.eventId, correlationId: result.commandId, data: lost.data };
      },
    );
  }
};
