// The process managers' part of the book, run where the story needs them: the month-end tier
// evaluation (engine.processes.runMonthEnd) and the account-lost process. The latter is run
// here step by step, exactly as the engine's reactor would (same command ids, actor, causation
// and correlation), so the book comes out the same every time; a reactor started later on this
// store finds those commands handled already and writes nothing.
import { onAccountLost } from '../domain/process/index.js';
import type { AccountLost } from '../domain/account/index.js';
import { atTime } from './demo-calendar.js';
import type { AccountSim, Simulation } from './simulation.js';

/** The month end for month index `month`, on the first of the next month, before anything else that day. */
export const planMonthEnd = (sim: Simulation, month: number): void => {
  const at = atTime(sim.calendar.on(month + 1, 1), 1, 0);
  sim.agenda.addExclusive(at, async () => {
    // The process reads the account list from the stream index: bring it up to date first.
    await sim.engine.projector.catchUp();
    await sim.engine.processes.runMonthEnd(sim.calendar.period(month), at);
  });
};

/** An hour after the account is marked lost: its agreements terminated, its commitments closed. */
export const planAccountLost = (sim: Simulation, account: AccountSim): void => {
  const lost = account.profile.lost;
  if (lost === undefined) return;
  sim.agenda.addExclusive(atTime(lost.on, 11, 0), async () => {
    const trigger = account.lostEvent;
    if (trigger === undefined) return;
    await sim.engine.projector.catchUp();
    const streams = await sim.engine.streamIndex.streamsOf(account.profile.accountId);
    const idsOf = (prefix: string) =>
      streams.filter((s) => s.startsWith(prefix)).map((s) => s.slice(prefix.length));
    const event = { type: 'AccountLost', data: trigger.data } as AccountLost;
    const commands = onAccountLost(
      { eventId: trigger.eventId, event },
      { agreementIds: idsOf('agreement-'), commitmentIds: idsOf('supply-') },
    );
    for (const command of commands) {
      const outcome = await sim.engine.handler.handle({
        aggregate: command.aggregate,
        aggregateId: command.aggregateId,
        command: command.command,
        commandId: command.commandId,
        actor: 'process:account-lost',
        causationId: trigger.eventId,
        correlationId: trigger.correlationId,
      });
      // An agreement that had already ended refuses; that is the reactor's answer too.
      if (!outcome.ok && outcome.failure.kind !== 'rejected') {
        throw new Error(`The account-lost process failed on ${command.aggregateId}: ${outcome.failure.kind}`);
      }
    }
    for (const agreement of account.agreements) {
      if (agreement.status === 'DRAFT' || agreement.status === 'ACTIVE') agreement.status = 'TERMINATED';
      for (const commitment of agreement.commitments) commitment.status = 'CLOSED';
    }
  });
};
