// Commands in, durable events out: load → decide → append with the loaded revision as the
// expected revision. A conflict reloads and decides again (bounded, jittered); a caller's own
// expected revision (If-Match) is never retried. The command id determines the event ids, so
// a repeated command returns the original result and writes nothing.
import { hash } from 'node:crypto';
import { parse as uuidParse } from 'uuid';
import { isLeft } from 'fp-ts/lib/Either.js';
import { accountFacts } from '../../domain/account/index.js';
import { agreementFacts } from '../../domain/agreement/index.js';
import { isMember, type RegisteredGroup } from '../../domain/group/index.js';
import {
  POLICY_V2,
  domainError,
  notFound,
  type AggregateKind,
  type DomainError,
  type FactsNeeded,
  type GroupTieringFacts,
  type MembershipFacts,
  type Policy,
} from '../../domain/kernel/index.js';
import {
  DuplicateEventId,
  StreamNotFound,
  WrongExpectedRevision,
  type EventMetadata,
  type Clock,
  type CommandClaim,
  type EventStore,
  type Ids,
  type JsonObject,
  type NewEvent,
  type SnapshotStore,
  type StoredEvent,
  type StreamIndex,
} from '../ports.js';
import type { Aggregate, DomainCommand, DomainEvent, LoadedFacts } from './aggregate.js';
import { truncationOf, type AnchoredHead, type ChainBreak } from '../hash-chain.js';
import { AggregateCache, RECENT_EVENT_IDS, withRecent } from './aggregate-cache.js';
import { loadCurrent, snapshotDue, snapshotIfDue, type LoadedAggregate } from './aggregate-loader.js';
import { AGGREGATES, eventDefinition } from './aggregates.js';
import { requestFingerprint, unkeyedFingerprints, type FingerprintKeying } from './request-fingerprint.js';

/** The namespace of event ids derived from command ids (uuid v5). Never change it. */
export const EVENT_ID_NAMESPACE = '6f1c2a52-8f0e-4d43-9a59-3b7c1e0f4a11';
/** Where a name is hashed after the namespace's bytes (parsed once), grown for longer names. */
let scratch = Buffer.alloc(256);
scratch.set(uuidParse(EVENT_ID_NAMESPACE));

/**
 * RFC 4122 uuid v5 of a name in EVENT_ID_NAMESPACE, as the uuid package makes it (a test holds
 * them equal), in one sha1 over a reused buffer: every event written derives its id here.
 */
const uuidV5 = (name: string): string => {
  const room = 16 + name.length * 3;
  if (room > scratch.length) {
    const grown = Buffer.alloc(room);
    grown.set(scratch.subarray(0, 16));
    scratch = grown;
  }
  const length = 16 + scratch.write(name, 16, 'utf8');
  const h = hash('sha1', scratch.subarray(0, length), 'hex');
  // Version 5 in the 13th digit, the RFC 4122 variant (10xx) in the 17th.
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** The stream is part of the input: one command id on two streams can never give one event id. */
export const eventIdFor = (streamId: string, commandId: string, index: number): string =>
  uuidV5(`${streamId}:${commandId}:${index}`);

/**
 * How event ids were derived before the stream was part of the input. A request retried across
 * the upgrade must still be recognised as the repeat it is, so repeats are looked up both ways.
 */
const legacyEventIdFor = (_streamId: string, commandId: string, index: number): string =>
  uuidV5(`${commandId}:${index}`);

const DERIVATIONS = [eventIdFor, legacyEventIdFor] as const;

export interface CommandRequest {
  readonly aggregate: AggregateKind;
  readonly aggregateId: string;
  readonly command: DomainCommand;
  /** The caller's Idempotency-Key; a fresh uuid when absent. */
  readonly commandId?: string;
  /**
   * What the request under that key was (request-fingerprint.ts), as the caller sent it: a
   * retry must match it, else the key is refused as reused. Default: the command's fingerprint.
   */
  readonly fingerprint?: string;
  /** The caller's If-Match: a mismatch fails at once, never retried. */
  readonly expectedRevision?: bigint;
  readonly actor?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
}

export interface WrittenEvent {
  readonly eventId: string;
  readonly type: string;
  readonly revision: bigint;
  readonly data: JsonObject;
}

export interface CommandResult {
  readonly streamId: string;
  readonly commandId: string;
  /** The stream's revision after the command (its last event's revision). */
  readonly revision: bigint;
  /** The global position of the last event written (or of the stream's last event, when none was). */
  readonly position: bigint;
  readonly events: readonly WrittenEvent[];
  /** True when this was a repeat of a command already handled: nothing was written. */
  readonly replayed: boolean;
}

export type CommandFailure =
  | { readonly kind: 'rejected'; readonly error: DomainError }
  | {
      readonly kind: 'conflict';
      readonly streamId: string;
      readonly attempts: number;
      readonly actual: bigint | 'no_stream';
    }
  | {
      readonly kind: 'precondition_failed';
      readonly streamId: string;
      readonly expected: bigint;
      readonly actual: bigint | 'no_stream';
    }
  | {
      readonly kind: 'idempotency_key_reused';
      readonly commandId: string;
      readonly storedIn: string;
    }
  | ({ readonly kind: 'chain_broken' } & ChainBreak)
  | {
      /** The command's `at` is further after the server's clock than the allowed skew. */
      readonly kind: 'at_in_future';
      readonly at: string;
      readonly now: string;
      readonly maxSkewMs: number;
    };

/**
 * What the handler asks of a stream's hash chain before appending to it, cheaply: a break found
 * earlier, and the head an anchor recorded (a loaded head below it was truncated).
 */
export interface ChainCheck {
  before(streamId: string): Promise<{ readonly broken?: ChainBreak; readonly anchored?: AnchoredHead }>;
  found(broken: ChainBreak): void;
}

export type CommandOutcome =
  | { readonly ok: true; readonly result: CommandResult }
  | { readonly ok: false; readonly failure: CommandFailure };

export interface CommandHandlerOptions {
  readonly store: EventStore;
  readonly snapshots?: SnapshotStore;
  readonly ids: Ids;
  readonly policy?: Policy;
  /** Retries after a conflict (without If-Match). Default 3. */
  readonly maxRetries?: number;
  /** Base backoff in ms; each retry waits base × attempt × a random factor in [0.5, 1.5). */
  readonly backoffMs?: number;
  /**
   * Keep recently used aggregates in memory (default true): up to 64 MiB of their states' JSON
   * per aggregate (aggregate-cache.ts), or at most `cacheSize` of them when given (tests).
   */
  readonly cache?: boolean;
  readonly cacheSize?: number;
  /** Refuses appends to a stream whose chain is known broken (CHAIN_BROKEN). */
  readonly chains?: ChainCheck;
  /**
   * The server's clock: a command's `at` may be at most `maxFutureSkewMs` after it (events are
   * stored for good; a future `at` would let revenue for 2099 in). Without it `at` is not checked.
   */
  readonly clock?: Clock;
  /** Default DEFAULT_MAX_FUTURE_SKEW_MS (5 minutes). */
  readonly maxFutureSkewMs?: number;
  /**
   * Where to look for the group an account is in (the stream index); the group's own stream
   * then confirms it. Without it an account's other group is not looked for.
   */
  readonly groups?: Pick<StreamIndex, 'groupOf'>;
  /**
   * How a keyed request's fingerprint is kept: the engine keys those of commands carrying
   * personal data with the subject's data key, so an erasure reaches them. Default: as is.
   */
  readonly fingerprints?: FingerprintKeying;
}

/** How far a command's `at` may be after the server's clock: clients' clocks run a little ahead. */
export const DEFAULT_MAX_FUTURE_SKEW_MS = 5 * 60_000;

export interface CommandHandler {
  handle(request: CommandRequest): Promise<CommandOutcome>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A conflict that may be retried: the stream moved on to `retry`. */
interface Retry {
  readonly retry: bigint | 'no_stream';
}

/** A command that is not one of the aggregate's (the HTTP layer validates; other callers may not). */
const invalidCommand = (kind: AggregateKind, command: DomainCommand): DomainError =>
  domainError('INVALID_COMMAND', `${command.type} is not a valid ${kind} command`, {
    kind,
    type: command.type,
  });

const chainBroken = (broken: ChainBreak): CommandOutcome => ({
  ok: false,
  failure: { kind: 'chain_broken', ...broken },
});

const rejected = (error: DomainError): CommandOutcome => ({
  ok: false,
  failure: { kind: 'rejected', error },
});

const written = (event: StoredEvent): WrittenEvent => ({
  eventId: event.eventId,
  type: event.type,
  revision: event.revision,
  data: event.data,
});

/** The events a command wrote, found by their derived ids among events read from its first one. */
const replayOf = (
  streamId: string,
  commandId: string,
  events: readonly StoredEvent[],
): StoredEvent[] | undefined => {
  for (const idFor of DERIVATIONS) {
    const start = events.findIndex((event) => event.eventId === idFor(streamId, commandId, 0));
    if (start === -1) continue;
    const found: StoredEvent[] = [];
    for (
      let i = start;
      i < events.length && events[i]!.eventId === idFor(streamId, commandId, i - start);
      i += 1
    ) {
      found.push(events[i]!);
    }
    return found;
  }
  return undefined;
};

/** Runs the tasks given under one key one after another, in the order given; other keys run freely. */
const oneAtATimePerKey = () => {
  const tails = new Map<string, Promise<void>>();
  return async <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const run = (tails.get(key) ?? Promise.resolve()).then(task);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
};

const keyReused = (commandId: string, storedIn: string): CommandOutcome => ({
  ok: false,
  failure: { kind: 'idempotency_key_reused', commandId, storedIn },
});

/** A claim made for another request than this one: another stream, or another fingerprint where one is kept. */
const claimedByAnother = (claim: CommandClaim, streamId: string, fingerprint: string): boolean =>
  claim.streamId !== streamId || (claim.fingerprint !== undefined && claim.fingerprint !== fingerprint);

export const createCommandHandler = (options: CommandHandlerOptions): CommandHandler => {
  const { store, snapshots, ids, chains } = options;
  const policy = options.policy ?? POLICY_V2;
  const maxRetries = options.maxRetries ?? 3;
  const backoffMs = options.backoffMs ?? 5;
  const serialised = oneAtATimePerKey();
  const maxFutureSkewMs = options.maxFutureSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS;
  const fingerprints = options.fingerprints ?? unkeyedFingerprints;

  /** An `at` further ahead of the server's clock than the skew allows (a decision is for what has happened). */
  const tooFarAhead = (at: string): CommandOutcome | undefined => {
    if (options.clock === undefined) return undefined;
    const now = options.clock.now();
    if (!(Date.parse(at) - Date.parse(now) > maxFutureSkewMs)) return undefined;
    return { ok: false, failure: { kind: 'at_in_future', at, now, maxSkewMs: maxFutureSkewMs } };
  };

  /** Binds a caller's key to the stream and the request it first came with; returns that first claim. */
  const claim = async (commandId: string, streamId: string, fingerprint: string): Promise<CommandClaim> => {
    if (store.claimCommand !== undefined) return store.claimCommand(commandId, { streamId, fingerprint });
    if (store.claimCommandId !== undefined)
      return { streamId: await store.claimCommandId(commandId, streamId) };
    return { streamId };
  };

  // One cache per aggregate, typed by its state: a stream id always belongs to one aggregate.
  const cacheOf = <K extends AggregateKind, C extends DomainCommand, E extends DomainEvent, S, X>(
    _aggregate: Aggregate<K, C, E, S, X>,
  ): AggregateCache<S> | undefined =>
    options.cache === false ? undefined : new AggregateCache<S>(options.cacheSize);
  const caches = {
    account: cacheOf(AGGREGATES.account),
    agreement: cacheOf(AGGREGATES.agreement),
    supply: cacheOf(AGGREGATES.supply),
    group: cacheOf(AGGREGATES.group),
  };

  /**
   * The group an account is in: the index names the group it last joined, and that group's
   * stream says whether it still holds the account (an index behind a removal is corrected here;
   * one behind an addition made a moment ago is not: see domain/group/membership.ts).
   */
  const groupHolding = async (accountId: string): Promise<RegisteredGroup | undefined> => {
    const candidate = await options.groups?.groupOf?.(accountId);
    if (candidate === undefined) return undefined;
    const { state } = await loadCurrent(store, snapshots, caches.group, AGGREGATES.group, candidate);
    return state.exists && isMember(state, accountId) ? state : undefined;
  };

  const loadMembership = async (accountId: string): Promise<MembershipFacts> => ({
    accountId,
    groupId: (await groupHolding(accountId))?.groupId ?? null,
  });

  /**
   * A member's tiering facts: its group (found as above) and every member's revenue, each from
   * the member's own stream through the cache. A month end thus reads each member's state once
   * per member (N² cached loads per group of N), cheap for groups of tens of members.
   */
  const loadGroupTiering = async (accountId: string): Promise<GroupTieringFacts | null> => {
    const group = await groupHolding(accountId);
    if (group === undefined) return null;
    const members = await Promise.all(
      group.members.map(async (memberId) => {
        const { state } = await loadCurrent(store, snapshots, caches.account, AGGREGATES.account, memberId);
        return [memberId, state.exists ? state.revenue : {}] as const;
      }),
    );
    return { groupId: group.groupId, memberRevenue: Object.fromEntries(members) };
  };

  /** The facts a decision named, each read from its own aggregate's stream (never a projection). */
  const loadFacts = async (needed: FactsNeeded, at: string): Promise<LoadedFacts> => {
    // Most commands need no other aggregate: no loads to wait for.
    if (
      needed.accountId === undefined &&
      needed.agreementId === undefined &&
      needed.membershipOf === undefined &&
      needed.groupOf === undefined
    )
      return {};
    const [account, agreement, membership, group] = await Promise.all([
      needed.accountId === undefined
        ? undefined
        : loadCurrent(store, snapshots, caches.account, AGGREGATES.account, needed.accountId).then((loaded) =>
            accountFacts(loaded.state, needed.accountId!, at),
          ),
      needed.agreementId === undefined
        ? undefined
        : loadCurrent(store, snapshots, caches.agreement, AGGREGATES.agreement, needed.agreementId).then(
            (loaded) => agreementFacts(loaded.state, needed.agreementId!),
          ),
      needed.membershipOf === undefined ? undefined : loadMembership(needed.membershipOf),
      needed.groupOf === undefined ? undefined : loadGroupTiering(needed.groupOf),
    ]);
    return {
      ...(account === undefined ? {} : { account }),
      ...(agreement === undefined ? {} : { agreement }),
      ...(membership === undefined ? {} : { membership }),
      ...(group === undefined ? {} : { group }),
    };
  };

  /** A repeat of a command already handled: its first derived event id is among the stream's latest. */
  const findRepeat = async (
    loaded: LoadedAggregate<unknown>,
    commandId: string,
  ): Promise<StoredEvent[] | undefined> => {
    const revision = DERIVATIONS.map((idFor) => loaded.recent.get(idFor(loaded.streamId, commandId, 0))).find(
      (found) => found !== undefined,
    );
    if (revision === undefined) return undefined;
    const events: StoredEvent[] = [];
    for await (const event of store.readStream(loaded.streamId, {
      from: revision,
      maxCount: RECENT_EVENT_IDS,
    })) {
      events.push(event);
    }
    return replayOf(loaded.streamId, commandId, events);
  };

  const replayed = (
    loaded: Pick<LoadedAggregate, 'streamId'>,
    commandId: string,
    events: StoredEvent[],
  ): CommandOutcome => {
    const last = events.at(-1)!;
    return {
      ok: true,
      result: {
        streamId: loaded.streamId,
        commandId,
        revision: last.revision,
        position: last.globalPosition,
        events: events.map(written),
        replayed: true,
      },
    };
  };

  const toNewEvents = (
    request: CommandRequest,
    streamId: string,
    commandId: string,
    events: readonly DomainEvent[],
  ): NewEvent[] =>
    events.map((event, index) => {
      const policyVersion = event.data['policyVersion'];
      const metadata: EventMetadata = {
        commandId,
        correlationId: request.correlationId ?? commandId,
        causationId: request.causationId ?? commandId,
        ...(request.actor === undefined ? {} : { actor: request.actor }),
        ...(typeof policyVersion === 'string' ? { policyVersion } : {}),
        schemaVersion: eventDefinition(event.type)?.schemaVersion ?? 1,
      };
      return {
        eventId: eventIdFor(streamId, commandId, index),
        type: event.type,
        data: event.data as JsonObject,
        metadata,
      };
    });

  /** The result a keyed request wrote on the stream its key is bound to; reused when it wrote none there. */
  const replayFromClaim = async <
    K extends AggregateKind,
    C extends DomainCommand,
    E extends DomainEvent,
    S,
    X,
  >(
    aggregate: Aggregate<K, C, E, S, X>,
    cache: AggregateCache<S> | undefined,
    streamId: string,
    commandId: string,
  ): Promise<CommandOutcome> => {
    const prefix = aggregate.streamId('');
    if (!streamId.startsWith(prefix)) return keyReused(commandId, streamId);
    const loaded = await loadCurrent(store, snapshots, cache, aggregate, streamId.slice(prefix.length)).catch(
      (error: unknown) => {
        if (error instanceof StreamNotFound) return undefined;
        throw error;
      },
    );
    const repeat = loaded === undefined ? undefined : await findRepeat(loaded, commandId);
    return repeat === undefined ? keyReused(commandId, streamId) : replayed({ streamId }, commandId, repeat);
  };

  /** One load → decide → append. Returns 'retry' on a conflict that may be retried. */
  const attempt = async <K extends AggregateKind, C extends DomainCommand, E extends DomainEvent, S, X>(
    aggregate: Aggregate<K, C, E, S, X>,
    cache: AggregateCache<S> | undefined,
    request: CommandRequest,
    command: C,
    commandId: string,
    fingerprintOf: () => string,
    firstTry: boolean,
  ): Promise<CommandOutcome | Retry> => {
    /** A repeat of a keyed command answers its original result only for the same request. */
    const replayedIfSame = async (
      loaded: Pick<LoadedAggregate, 'streamId'>,
      events: StoredEvent[],
    ): Promise<CommandOutcome> => {
      if (request.commandId !== undefined) {
        const first = await claim(commandId, loaded.streamId, fingerprintOf());
        if (claimedByAnother(first, loaded.streamId, fingerprintOf()))
          return keyReused(commandId, first.streamId);
      }
      return replayed(loaded, commandId, events);
    };
    // The anchored head is read before the stream: a head written in between is no truncation.
    const known =
      chains === undefined ? undefined : await chains.before(aggregate.streamId(request.aggregateId));
    if (known?.broken !== undefined) return chainBroken(known.broken);
    // The cached state is decided on unread when the append's expected revision is the only
    // check that matters: an unkeyed command (its id is new, so no repeat to find) without
    // If-Match, on its first try. A stale entry then fails the append and the retry reads.
    const trustCache = firstTry && request.commandId === undefined && request.expectedRevision === undefined;
    let loaded: LoadedAggregate<S>;
    try {
      loaded = await loadCurrent(store, snapshots, cache, aggregate, request.aggregateId, { trustCache });
      // An anchor ahead of a trusted entry may only mean another process wrote since: read to know.
      if (trustCache && truncationOf(loaded.streamId, loaded.revision, known?.anchored) !== undefined)
        loaded = await loadCurrent(store, snapshots, cache, aggregate, request.aggregateId);
    } catch (error) {
      if (!(error instanceof StreamNotFound)) throw error;
      // Only a cached stream is read this way: the store lost one it had.
      const streamId = aggregate.streamId(request.aggregateId);
      cache?.delete(streamId);
      const broken = {
        streamId,
        brokenAt: 0n,
        reason: 'the stream has disappeared: its events were deleted',
      };
      chains?.found(broken);
      return chainBroken(broken);
    }
    const truncated = truncationOf(loaded.streamId, loaded.revision, known?.anchored);
    if (truncated !== undefined) {
      chains?.found(truncated);
      return chainBroken(truncated);
    }
    // An id made here for this request has no earlier events to find.
    const repeat = request.commandId === undefined ? undefined : await findRepeat(loaded, commandId);
    if (repeat !== undefined) return replayedIfSame(loaded, repeat);

    if (request.expectedRevision !== undefined && loaded.revision !== request.expectedRevision) {
      return {
        ok: false,
        failure: {
          kind: 'precondition_failed',
          streamId: loaded.streamId,
          expected: request.expectedRevision,
          actual: loaded.revision ?? 'no_stream',
        },
      };
    }
    const creates = aggregate.commands.find((c) => c.type === command.type)?.creates ?? false;
    if (loaded.revision === undefined && !creates)
      return rejected(notFound(aggregate.kind, request.aggregateId));

    const facts = await loadFacts(aggregate.factsNeeded(command, loaded.state), command.data.at);
    const decision = aggregate.decider.decide(command, loaded.state, aggregate.context(policy, facts));
    // No append checks a refusal (or a decision to write nothing): it is made on the stream.
    if (trustCache && (isLeft(decision) || decision.right.length === 0))
      return attempt(aggregate, cache, request, command, commandId, fingerprintOf, false);
    if (isLeft(decision)) return rejected(decision.left);
    const events = decision.right;
    if (events.length === 0) {
      return {
        ok: true,
        result: {
          streamId: loaded.streamId,
          commandId,
          revision: loaded.revision ?? -1n,
          position: loaded.position,
          events: [],
          replayed: false,
        },
      };
    }

    // A caller's key belongs to one request: the store binds it to the first stream it writes
    // and to what the request was. The same request on another stream (a new aggregate whose id
    // the server made up) is answered with what it wrote there.
    if (request.commandId !== undefined) {
      const first = await claim(commandId, loaded.streamId, fingerprintOf());
      if (first.streamId !== loaded.streamId && first.fingerprint === fingerprintOf())
        return replayFromClaim(aggregate, cache, first.streamId, commandId);
      if (claimedByAnother(first, loaded.streamId, fingerprintOf()))
        return keyReused(commandId, first.streamId);
    }
    const newEvents = toNewEvents(request, loaded.streamId, commandId, events);
    try {
      const appended = await store.append(loaded.streamId, newEvents, {
        expectedRevision: loaded.revision ?? 'no_stream',
      });
      const firstRevision = appended.nextRevision - BigInt(newEvents.length) + 1n;
      const state = events.reduce(aggregate.decider.evolve, loaded.state);
      cache?.set(loaded.streamId, {
        state,
        revision: appended.nextRevision,
        position: appended.position,
        // Only a caller's key is ever looked up again: an id made here needs no remembering.
        recent:
          request.commandId === undefined
            ? loaded.recent
            : withRecent(
                loaded.recent,
                newEvents.map((event, i) => ({
                  eventId: event.eventId,
                  revision: firstRevision + BigInt(i),
                })),
              ),
      });
      if (snapshotDue(snapshots, loaded.revision, appended.nextRevision))
        await snapshotIfDue(
          store,
          snapshots,
          aggregate,
          loaded.streamId,
          loaded.revision,
          state,
          appended.nextRevision,
        );
      return {
        ok: true,
        result: {
          streamId: loaded.streamId,
          commandId,
          revision: appended.nextRevision,
          position: appended.position,
          events: newEvents.map((event, i) => ({
            eventId: event.eventId,
            type: event.type,
            revision: firstRevision + BigInt(i),
            data: event.data,
          })),
          replayed: false,
        },
      };
    } catch (error) {
      if (error instanceof WrongExpectedRevision) {
        // A stream never shrinks: one below what was loaded lost its last events behind the store.
        const { actual } = error;
        if (loaded.revision !== undefined && (actual === 'no_stream' || actual < loaded.revision)) {
          cache?.delete(loaded.streamId);
          const broken: ChainBreak = {
            streamId: loaded.streamId,
            brokenAt: actual === 'no_stream' ? 0n : actual + 1n,
            reason: `the stream went back from revision ${loaded.revision.toString()} to ${String(actual)}: events were deleted`,
          };
          chains?.found(broken);
          return chainBroken(broken);
        }
        if (request.expectedRevision !== undefined) {
          return {
            ok: false,
            failure: {
              kind: 'precondition_failed',
              streamId: loaded.streamId,
              expected: request.expectedRevision,
              actual: error.actual,
            },
          };
        }
        return { retry: error.actual };
      }
      if (error instanceof DuplicateEventId) {
        // The command's events are stored already: here (a repeat we could not see) or elsewhere (a reused key).
        if (error.storedIn.streamId === loaded.streamId) {
          const stored: StoredEvent[] = [];
          for await (const event of store.readStream(loaded.streamId, { from: error.storedIn.revision })) {
            stored.push(event);
          }
          const repeatStored = replayOf(loaded.streamId, commandId, stored);
          if (repeatStored !== undefined) return replayedIfSame(loaded, repeatStored);
        }
        return keyReused(commandId, error.storedIn.streamId);
      }
      throw error;
    }
  };

  /** Load → decide → append for one aggregate, retried on conflicts; closes over its types. */
  const handlerOf =
    <K extends AggregateKind, C extends DomainCommand, E extends DomainEvent, S, X>(
      aggregate: Aggregate<K, C, E, S, X>,
      cache: AggregateCache<S> | undefined,
    ) =>
    async (request: CommandRequest): Promise<CommandOutcome> => {
      const { command } = request;
      if (!aggregate.isCommand(command)) return rejected(invalidCommand(aggregate.kind, command));
      const early = tooFarAhead(command.data.at);
      if (early !== undefined) return early;
      const commandId = request.commandId ?? ids.uuid();
      // Only a caller's key is bound to what the request was: unkeyed commands never hash it.
      const fingerprint =
        request.commandId === undefined
          ? undefined
          : await fingerprints(
              command,
              request.fingerprint ??
                requestFingerprint({
                  aggregate: aggregate.kind,
                  type: command.type,
                  aggregateId: request.aggregateId,
                  body: command.data,
                }),
            );
      const fingerprintOf = (): string => {
        if (fingerprint === undefined) throw new Error('An unkeyed command has no fingerprint');
        return fingerprint;
      };
      let actual: bigint | 'no_stream' = 'no_stream';
      for (let tries = 0; tries <= maxRetries; tries += 1) {
        if (tries > 0) await sleep(backoffMs * tries * (0.5 + Math.random()));
        const outcome = await attempt(
          aggregate,
          cache,
          request,
          command,
          commandId,
          fingerprintOf,
          tries === 0,
        );
        if (!('retry' in outcome)) return outcome;
        actual = outcome.retry;
      }
      return {
        ok: false,
        failure: {
          kind: 'conflict',
          streamId: aggregate.streamId(request.aggregateId),
          attempts: maxRetries + 1,
          actual,
        },
      };
    };

  const handlers = {
    account: handlerOf(AGGREGATES.account, caches.account),
    agreement: handlerOf(AGGREGATES.agreement, caches.agreement),
    supply: handlerOf(AGGREGATES.supply, caches.supply),
    group: handlerOf(AGGREGATES.group, caches.group),
  };

  // Requests under one caller's key run one after another in this process: of identical ones
  // sent at once the first writes and the others find its events and answer as replays.
  const handle = (request: CommandRequest): Promise<CommandOutcome> =>
    request.commandId === undefined
      ? handlers[request.aggregate](request)
      : serialised(request.commandId, () => handlers[request.aggregate](request));

  return { handle };
};
