// Every command of the demo goes through the real pipeline: validated by its codec from
// COMMAND_TYPES (as the HTTP API does), then decided and appended by the command handler. Nothing
// is written behind the domain's back, and a command the domain rejects stops the load: the
// demo book only tells stories the rules allow.
import { isLeft } from 'fp-ts/lib/Either.js';
import { COMMAND_TYPES } from '../domain/index.js';
import { describeErrors, type AggregateKind, type CommandDefinition } from '../domain/kernel/index.js';
import type { CommandHandler, CommandResult } from '../src/commands/command-handler.js';

export interface DemoCommand {
  readonly aggregate: AggregateKind;
  /** The aggregate's id (the stream is `<kind>-<id>`). */
  readonly id: string;
  readonly type: string;
  readonly data: { readonly at: string } & Readonly<Record<string, unknown>>;
  /** Who did it, as the audit trail shows it (a manager, the billing run, the supply desk …). */
  readonly actor: string;
}

export class DemoCommandRejected extends Error {
  override readonly name = 'DemoCommandRejected';
}

export interface CommandSender {
  /** Sends one command for `lane`; command ids are the seed, the lane and the lane's count. */
  send(lane: string, command: DemoCommand): Promise<CommandResult>;
  /** Commands sent so far. */
  readonly sent: number;
}

const definitions = new Map<string, CommandDefinition>(
  COMMAND_TYPES.map((definition) => [`${definition.aggregate}:${definition.type}`, definition]),
);

const describe = (command: DemoCommand): string =>
  `${command.type} on ${command.aggregate} ${command.id} at ${command.data.at}`;

export const commandSender = (handler: CommandHandler, seed: number): CommandSender => {
  const counters = new Map<string, number>();
  let sent = 0;
  return {
    get sent() {
      return sent;
    },
    send: async (lane, command) => {
      const definition = definitions.get(`${command.aggregate}:${command.type}`);
      if (definition === undefined) throw new DemoCommandRejected(`Unknown command ${describe(command)}`);
      const decoded = definition.data.decode(command.data);
      if (isLeft(decoded)) {
        const errors = describeErrors(decoded.left).map((e) => `${e.path || '(body)'} ${e.message}`);
        throw new DemoCommandRejected(`Invalid ${describe(command)}: ${errors.join('; ')}`);
      }
      const count = (counters.get(lane) ?? 0) + 1;
      counters.set(lane, count);
      const outcome = await handler.handle({
        aggregate: command.aggregate,
        aggregateId: command.id,
        command: { type: command.type, data: decoded.right as DemoCommand['data'] },
        commandId: `demo:${seed}:${lane}:${count}`,
        actor: command.actor,
      });
      sent += 1;
      if (!outcome.ok) {
        const { failure } = outcome;
        const why =
          failure.kind === 'rejected' ? `${failure.error.code}: ${failure.error.message}` : failure.kind;
        throw new DemoCommandRejected(`The domain refused ${describe(command)} — ${why}`);
      }
      return outcome.result;
    },
  };
};
