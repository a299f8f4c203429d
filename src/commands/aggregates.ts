// The four aggregates as the application sees them, each typed by its own commands, events,
// state and context. Code that works for any aggregate is generic over `Aggregate` and reaches
// a registry entry through `withAggregate`, so no decider is ever seen through an erased type.
import {
  ACCOUNT_STATE_VERSION,
  AccountCommand,
  accountCommands,
  accountDecider,
  accountEvents,
  accountFactsNeeded,
  type AccountContext,
  type AccountEvent,
  type AccountState,
} from '../../domain/account/index.js';
import {
  AgreementCommand,
  agreementCommands,
  agreementDecider,
  agreementEvents,
  agreementFactsNeeded,
  type AgreementContext,
  type AgreementEvent,
  type AgreementState,
} from '../../domain/agreement/index.js';
import {
  GroupCommand,
  groupCommands,
  groupDecider,
  groupEvents,
  groupFactsNeeded,
  type GroupContext,
  type GroupEvent,
  type GroupState,
} from '../../domain/group/index.js';
import {
  accountStream,
  agreementStream,
  groupStream,
  supplyStream,
  type AccountFacts,
  type AgreementFacts,
  type AggregateKind,
  type CommandDefinition,
  type EventDefinition,
  type MembershipFacts,
} from '../../domain/kernel/index.js';
import {
  SupplyCommand,
  supplyCommands,
  supplyDecider,
  supplyEvents,
  supplyFactsNeeded,
  type SupplyContext,
  type SupplyEvent,
  type SupplyState,
} from '../../domain/supply/index.js';
import { eventGuard, stateGuard, type Aggregate, type DomainCommand, type DomainEvent } from './aggregate.js';

export type { DomainCommand, DomainEvent, LoadedFacts } from './aggregate.js';

// Facts a decision did not ask for. A decision gets there only on a stream that does not exist,
// which it refuses (NOT_FOUND) before it reads them.
const NO_ACCOUNT: AccountFacts = { accountId: '', exists: false, tier: 'NONE' };
const NO_AGREEMENT: AgreementFacts = { agreementId: '', exists: false };
// An account's group not loaded is not taken for "in no group": the decision refuses it (membership.ts).
const NO_MEMBERSHIP: MembershipFacts = { accountId: '', groupId: null };

export type AccountAggregate = Aggregate<
  'account',
  AccountCommand,
  AccountEvent,
  AccountState,
  AccountContext
>;
export type AgreementAggregate = Aggregate<
  'agreement',
  AgreementCommand,
  AgreementEvent,
  AgreementState,
  AgreementContext
>;
export type SupplyAggregate = Aggregate<'supply', SupplyCommand, SupplyEvent, SupplyState, SupplyContext>;
export type GroupAggregate = Aggregate<'group', GroupCommand, GroupEvent, GroupState, GroupContext>;

/** Any one of the aggregates: narrow it by `kind`, or hand it to `withAggregate`. */
export type AggregateDefinition = AccountAggregate | AgreementAggregate | SupplyAggregate | GroupAggregate;

const account: AccountAggregate = {
  kind: 'account',
  streamId: accountStream,
  idField: 'accountId',
  decider: accountDecider,
  commands: accountCommands,
  events: accountEvents,
  isCommand: (command): command is AccountCommand => AccountCommand.is(command),
  isEvent: eventGuard<AccountEvent>(accountEvents),
  isState: stateGuard<AccountState>('exists', 'boolean'),
  factsNeeded: accountFactsNeeded,
  // A tier evaluation of an account in no group, or one that did not ask, reads no group.
  context: (policy, facts) => ({ policy, group: facts.group ?? null }),
  stateVersion: ACCOUNT_STATE_VERSION,
};

const agreement: AgreementAggregate = {
  kind: 'agreement',
  streamId: agreementStream,
  idField: 'agreementId',
  decider: agreementDecider,
  commands: agreementCommands,
  events: agreementEvents,
  isCommand: (command): command is AgreementCommand => AgreementCommand.is(command),
  isEvent: eventGuard<AgreementEvent>(agreementEvents),
  isState: stateGuard<AgreementState>('exists', 'boolean'),
  factsNeeded: agreementFactsNeeded,
  context: (policy, facts) => ({ policy, account: facts.account ?? NO_ACCOUNT }),
  // 2: the state keeps endedOn (settlement after the end); older snapshots are refolded.
  stateVersion: 2,
};

const supply: SupplyAggregate = {
  kind: 'supply',
  streamId: supplyStream,
  idField: 'commitmentId',
  decider: supplyDecider,
  commands: supplyCommands,
  events: supplyEvents,
  isCommand: (command): command is SupplyCommand => SupplyCommand.is(command),
  isEvent: eventGuard<SupplyEvent>(supplyEvents),
  isState: stateGuard<SupplyState>('status', 'string'),
  factsNeeded: supplyFactsNeeded,
  context: (policy, facts) => ({
    policy,
    account: facts.account ?? NO_ACCOUNT,
    agreement: facts.agreement ?? NO_AGREEMENT,
  }),
  // 2: batches keep their dated deliveries and the commitment what shortages allocated undelivered.
  stateVersion: 2,
};

const group: GroupAggregate = {
  kind: 'group',
  streamId: groupStream,
  idField: 'groupId',
  decider: groupDecider,
  commands: groupCommands,
  events: groupEvents,
  isCommand: (command): command is GroupCommand => GroupCommand.is(command),
  isEvent: eventGuard<GroupEvent>(groupEvents),
  isState: stateGuard<GroupState>('exists', 'boolean'),
  factsNeeded: groupFactsNeeded,
  context: (policy, facts) => ({
    policy,
    account: facts.account ?? NO_ACCOUNT,
    membership: facts.membership ?? NO_MEMBERSHIP,
  }),
  stateVersion: 1,
};

export const AGGREGATES: {
  readonly account: AccountAggregate;
  readonly agreement: AgreementAggregate;
  readonly supply: SupplyAggregate;
  readonly group: GroupAggregate;
} = { account, agreement, supply, group };

/** What works for any aggregate, with that aggregate's own types. */
export type ForAnyAggregate<R> = <
  K extends AggregateKind,
  C extends DomainCommand,
  E extends DomainEvent,
  S,
  X,
>(
  aggregate: Aggregate<K, C, E, S, X>,
) => R;

/** Runs `use` on the aggregate with its own types (the registry's one way from a kind to typed code). */
export const withAggregate = <R>(aggregate: AggregateDefinition, use: ForAnyAggregate<R>): R => {
  switch (aggregate.kind) {
    case 'account':
      return use(aggregate);
    case 'agreement':
      return use(aggregate);
    case 'supply':
      return use(aggregate);
    case 'group':
      return use(aggregate);
  }
};

const eventDefinitions = new Map(
  Object.values(AGGREGATES).flatMap((aggregate) =>
    aggregate.events.map((event) => [event.type, event] as const),
  ),
);

/** The definition of an event type, for its schema version and codec. */
export const eventDefinition = (type: string): EventDefinition | undefined => eventDefinitions.get(type);

export const commandDefinition = (kind: AggregateKind, type: string): CommandDefinition | undefined =>
  AGGREGATES[kind].commands.find((command) => command.type === type);
