// The three aggregates as the application sees them: a decider, its stream, the facts its
// cross-aggregate rules read from other streams, and the id of a new one.
import {
  accountCommands,
  accountDecider,
  accountEvents,
  accountFacts,
  type AccountState,
} from '../../domain/account/index.js';
import {
  agreementCommands,
  agreementDecider,
  agreementEvents,
  agreementFacts,
  agreementFactsNeeded,
  type AgreementState,
} from '../../domain/agreement/index.js';
import type {
  AccountFacts,
  AgreementFacts,
  AggregateKind,
  CommandDefinition,
  DecisionContext,
  Decider,
  EventDefinition,
  FactsNeeded,
} from '../../domain/kernel/index.js';
import { accountStream, agreementStream, supplyStream } from '../../domain/kernel/index.js';
import { supplyCommands, supplyDecider, supplyEvents, supplyFactsNeeded } from '../../domain/supply/index.js';

/** A command as the domain takes it. */
export interface DomainCommand {
  readonly type: string;
  readonly data: { readonly at: string } & Readonly<Record<string, unknown>>;
}

export interface DomainEvent {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** What cross-aggregate rules get, loaded from the other aggregates' streams. */
export interface LoadedFacts {
  readonly account?: AccountFacts;
  readonly agreement?: AgreementFacts;
}

export interface AggregateDefinition {
  readonly kind: AggregateKind;
  readonly streamId: (id: string) => string;
  /** The field of the creating command's data that names the new aggregate. */
  readonly idField: string;
  readonly decider: Decider<DomainCommand, DomainEvent, unknown, DecisionContext & LoadedFacts>;
  readonly commands: readonly CommandDefinition[];
  readonly events: readonly EventDefinition[];
  readonly factsNeeded: (command: DomainCommand, state: unknown) => FactsNeeded;
  /** Bump when the state's shape or evolve changes: older snapshots are then ignored. */
  readonly stateVersion: number;
}

// The deciders are typed per aggregate; the application handles them through one shape.
const erase = <C, E, S, X>(decider: Decider<C, E, S, X>) =>
  decider as unknown as Decider<DomainCommand, DomainEvent, unknown, DecisionContext & LoadedFacts>;

export const AGGREGATES: Readonly<Record<AggregateKind, AggregateDefinition>> = {
  account: {
    kind: 'account',
    streamId: accountStream,
    idField: 'accountId',
    decider: erase(accountDecider),
    commands: accountCommands,
    events: accountEvents,
    factsNeeded: () => ({}),
    stateVersion: 1,
  },
  agreement: {
    kind: 'agreement',
    streamId: agreementStream,
    idField: 'agreementId',
    decider: erase(agreementDecider),
    commands: agreementCommands,
    events: agreementEvents,
    factsNeeded: (command, state) => agreementFactsNeeded(command as never, state as AgreementState),
    stateVersion: 1,
  },
  supply: {
    kind: 'supply',
    streamId: supplyStream,
    idField: 'commitmentId',
    decider: erase(supplyDecider),
    commands: supplyCommands,
    events: supplyEvents,
    factsNeeded: (command, state) => supplyFactsNeeded(command as never, state as never),
    stateVersion: 1,
  },
};

export const toAccountFacts = (state: unknown, accountId: string, at: string): AccountFacts =>
  accountFacts(state as AccountState, accountId, at);

export const toAgreementFacts = (state: unknown, agreementId: string): AgreementFacts =>
  agreementFacts(state as AgreementState, agreementId);

const eventDefinitions = new Map(
  Object.values(AGGREGATES).flatMap((aggregate) =>
    aggregate.events.map((event) => [event.type, event] as const),
  ),
);

/** The definition of an event type, for its schema version and codec. */
export const eventDefinition = (type: string): EventDefinition | undefined => eventDefinitions.get(type);

export const commandDefinition = (kind: AggregateKind, type: string): CommandDefinition | undefined =>
  AGGREGATES[kind].commands.find((command) => command.type === type);
