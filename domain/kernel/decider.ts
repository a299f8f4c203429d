// An aggregate is a Decider: three plain functions. `decide` answers a command with the
// events it causes or a DomainError as a value; `evolve` folds an event into the state.
// Inside a decider every command has one handler of the same shape as `decide`:
// `(command, state, context) => Decision<Event>`, where the state is narrowed to what the
// handler needs (an existing account, an open commitment) and unused trailing parameters are left out.
import type { Decision } from './decision.js';
import type { Policy } from './policy.js';

/** What every decision may read besides the command and the state: never a clock, never a projection. */
export interface DecisionContext {
  readonly policy: Policy;
}

export interface Decider<Command, Event, State, Context = DecisionContext> {
  readonly initialState: State;
  readonly evolve: (state: State, event: Event) => State;
  readonly decide: (command: Command, state: State, context: Context) => Decision<Event>;
}

/** The state after a history of events. */
export const fold = <E, S>(
  decider: Pick<Decider<never, E, S, never>, 'initialState' | 'evolve'>,
  events: readonly E[],
): S => events.reduce(decider.evolve, decider.initialState);
