// A projection's progress as the API shows it: in the health check (is it serving, how far)
// and in /projections (the whole status, with a rebuild growing beside the live one, the
// connection of its live subscription, and the reactors beside the projections).
import * as t from 'io-ts';
import { described, Integer, oneOf } from '../../domain/kernel/index.js';
import { DecimalString } from '../../src/position.js';

export const ProjectionState = oneOf('ProjectionState', [
  'catching_up',
  'live',
  'rebuilding',
  'stopped',
  'failed',
]);

/**
 * A lag is a number of events, never a distance between positions (on EventStoreDB positions
 * are bytes of the log): counted up to a cap, with lagCapped when the count stopped there.
 */
const Lag = described(
  DecimalString,
  'Events not applied yet: KARE events after `position` up to `head`, counted up to a cap (10 000); see `lagCapped`',
);
const LagCapped = described(
  t.boolean,
  'Present (true) when the lag count stopped at its cap: at least `lag` events behind',
);

export const SubscriptionConnectionJson = described(
  t.intersection([
    t.strict({
      state: oneOf('SubscriptionConnectionState', ['connected', 'reconnecting', 'closed']),
      attempts: Integer,
    }),
    t.exact(t.partial({ lastError: t.string })),
  ]),
  'The live subscription’s connection to the store, where it can drop (EventStoreDB): reconnecting after a drop, with the failed attempts in a row and why',
);

/** Strict: only these fields of the projector's status are shown. */
export const ProjectionProgressJson = t.strict({
  name: t.string,
  state: ProjectionState,
  position: DecimalString,
  lag: Lag,
});

export const ProjectionStatusJson = t.intersection([
  t.strict({
    name: t.string,
    version: Integer,
    position: DecimalString,
    head: DecimalString,
    lag: Lag,
    state: ProjectionState,
  }),
  t.exact(
    t.partial({
      lagCapped: LagCapped,
      error: t.string,
      rebuild: t.strict({ version: Integer, position: DecimalString }),
      connection: SubscriptionConnectionJson,
      partitions: described(
        t.array(DecimalString),
        'A projection split into partitions by account (KARE_PROJECTION_PARTITIONS), each applied by one worker: where each partition stands, by number; `position` is the lowest',
      ),
    }),
  ),
]);

/** A reactor (a process manager on the consumer runner): where it is, its lag and connection. */
export const ReactorStatusJson = t.intersection([
  t.strict({
    name: t.string,
    position: DecimalString,
    head: DecimalString,
    lag: Lag,
    state: oneOf('ReactorState', ['catching_up', 'live', 'stopped', 'failed']),
  }),
  t.exact(t.partial({ lagCapped: LagCapped, error: t.string, connection: SubscriptionConnectionJson })),
]);
