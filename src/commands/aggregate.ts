// One aggregate as the command handler sees it, typed by its kind K, commands C, events E,
// state S and decision context X: its decider, its stream, which other streams its decisions
// need, and the guards that turn what callers and stores hand in into its own types.
import type {
  AccountFacts,
  AgreementFacts,
  GroupTieringFacts,
  MembershipFacts,
  AggregateKind,
  CommandDefinition,
  Decider,
  EventDefinition,
  FactsNeeded,
  Policy,
} from '../../domain/kernel/index.js';

/** A command as callers hand it in (the HTTP layer decoded it, a process manager built it). */
export interface DomainCommand {
  readonly type: string;
  readonly data: { readonly at: string } & Readonly<Record<string, unknown>>;
}

/** An event as the store hands it out. */
export interface DomainEvent {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** The facts read from the streams a decision named in FactsNeeded. */
export interface LoadedFacts {
  readonly account?: AccountFacts;
  readonly agreement?: AgreementFacts;
  readonly membership?: MembershipFacts;
  /** The group of the account named in `groupOf` with its members' revenue; null when it is in none. */
  readonly group?: GroupTieringFacts | null;
}

export interface Aggregate<K extends AggregateKind, C extends DomainCommand, E extends DomainEvent, S, X> {
  readonly kind: K;
  readonly streamId: (id: string) => string;
  /** The field of the creating command's data that names the new aggregate. */
  readonly idField: string;
  readonly decider: Decider<C, E, S, X>;
  readonly commands: readonly CommandDefinition[];
  readonly events: readonly EventDefinition[];
  /** Checked by the aggregate's command codec: a command of another shape never reaches `decide`. */
  readonly isCommand: (command: DomainCommand) => command is C;
  /** Whether a stored event is one of this aggregate's (see `eventGuard`). */
  readonly isEvent: (event: DomainEvent) => event is E;
  /** Whether a snapshot's state has this aggregate's shape (see `stateGuard`). */
  readonly isState: (state: unknown) => state is S;
  readonly factsNeeded: (command: C, state: S) => FactsNeeded;
  /** The decision's context from the policy and the facts loaded for it. */
  readonly context: (policy: Policy, facts: LoadedFacts) => X;
  /** Bump when the state's shape or evolve changes: older snapshots are then ignored. */
  readonly stateVersion: number;
}

/**
 * A stored event of one of these types has the shape of its codec: the store holds only events
 * a decider produced, and upcasters turn older schema versions into the current one. The type
 * is checked, the data is not (re-validating every event of every load would cost more than it finds).
 */
export const eventGuard = <E extends DomainEvent>(definitions: readonly EventDefinition[]) => {
  const types = new Set(definitions.map((definition) => definition.type));
  return (event: DomainEvent): event is E => types.has(event.type);
};

/**
 * A snapshot was saved from this aggregate's state under the same stateVersion; the guard
 * checks the one field that tells the states of the aggregates apart, so a stray snapshot is
 * ignored rather than folded.
 */
export const stateGuard =
  <S>(field: string, type: 'boolean' | 'string') =>
  (state: unknown): state is S =>
    typeof state === 'object' && state !== null && typeof Reflect.get(state, field) === type;

/** Folds a stored event; a type that is not the aggregate's leaves the state as it is. */
export const evolveStored = <K extends AggregateKind, C extends DomainCommand, E extends DomainEvent, S, X>(
  aggregate: Aggregate<K, C, E, S, X>,
  state: S,
  event: DomainEvent,
): S => (aggregate.isEvent(event) ? aggregate.decider.evolve(state, event) : state);
