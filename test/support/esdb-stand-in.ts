// A small in-process gRPC server that speaks enough of the EventStoreDB protocol for the REAL
// @eventstore/db-client to run against it, and is as strict as a server where KARE could go
// wrong: Streams.BatchAppend (what real servers use for appends) and Streams.Append, Streams.Read
// (stream and $all reads both ways, catch-up subscriptions with filters), positions that must
// be record boundaries, the maximum append size, ServerFeatures and Gossip. It runs as one node
// or as a 3-node cluster (one leader; followers answer `requires-leader` calls with NotLeader
// and serve possibly stale reads otherwise; `elect` moves the leadership), optionally over TLS
// with users whose rights are checked (AccessDenied on $all without the right). Test
// infrastructure only, never a store: nothing outside test/ imports it.
import * as grpc from '@grpc/grpc-js';
import type { JsonObject } from '../../src/ports.js';
import {
  anyPb,
  empty,
  featuresPb,
  GossipService,
  gossipPb,
  ServerFeaturesService,
  sharedPb,
  statusPb,
  StreamsService,
  streamIdentifier,
  streamName,
  streamsPb,
  uuidMessage,
  uuidString,
  type AppendOptions,
  type AppendReq,
  type AppendResp,
  type BatchAppendOptions,
  type BatchAppendReq,
  type BatchAppendResp,
  type ReadOptions,
  type ReadReq,
  type ReadResp,
} from './esdb-stand-in/protocol.js';

interface EventRecord {
  readonly streamId: string;
  readonly revision: bigint;
  /** Commit and prepare position: one value, as ESDB gives for events it commits implicitly. */
  readonly position: bigint;
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  data: Uint8Array;
  readonly customMetadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, as ESDB sends `created`. */
  readonly created: bigint;
}

interface Proposed {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

interface LiveSubscription {
  readonly call: grpc.ServerWritableStream<ReadReq, ReadResp>;
  readonly accepts: (record: EventRecord) => boolean;
  /** How the subscriber wants its events: from $all (with a position) or from one stream. */
  readonly shape: { readonly all: boolean; readonly structured: boolean };
}

/** A call a node can end: it emits an error to the client. */
interface OpenCall {
  emit(event: 'error', error: unknown): boolean;
  on(event: 'close' | 'cancelled' | 'error', listener: () => void): unknown;
}

interface Node {
  readonly index: number;
  readonly instanceId: string;
  readonly server: grpc.Server;
  port: number;
  role: 'leader' | 'follower';
  /** How many records of the log this node has (a follower may lag the leader). */
  visible: number;
  readonly live: Set<LiveSubscription>;
  /** Open client calls (subscriptions, batch-append streams), ended when the node changes role. */
  readonly calls: Set<OpenCall>;
}

export interface RawEvent {
  readonly streamId: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata?: JsonObject;
}

export interface StandInUser {
  readonly password: string;
  /** Read access to $all (ESDB: the $ops or $admins group, or `$r` on $all's ACL). */
  readonly readAll: boolean;
}

export interface StandInOptions {
  /** 1 (default) or a 3-node cluster with gossip and one leader. */
  readonly nodes?: 1 | 3;
  /** 'batch' (default, as real servers): BatchAppend is served and advertised; 'append': only Append. */
  readonly appendMode?: 'batch' | 'append';
  /** Bytes of data and metadata one append may carry. Default 1 MiB, as ESDB's MaxAppendSize. */
  readonly maxAppendSize?: number;
  /** Serve TLS with this key and certificate (signed by the CA in `caFile`). */
  readonly tls?: { readonly key: Buffer; readonly cert: Buffer; readonly caFile: string };
  /** When given, every call needs one of these users' credentials (which need TLS to be sent). */
  readonly users?: Readonly<Record<string, StandInUser>>;
  /** Followers see a write this many ms after the leader. Default 0 (at once). */
  readonly replicationDelayMs?: number;
}

/** Above 2^53, so a stray `Number()` on a position loses precision and fails a test. */
export const FIRST_POSITION = 2n ** 53n + 1000n;
export const DEFAULT_MAX_APPEND_SIZE = 1024 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const MAX_COUNT = 2n ** 64n - 1n;
const HOST = '127.0.0.1';

type ServiceError = Partial<grpc.StatusObject> & { code: grpc.status; details: string };

const serviceError = (code: grpc.status, details: string, trailers: Record<string, string> = {}) => {
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return { code, details, metadata } satisfies ServiceError;
};

export class EsdbStandIn {
  private readonly log: EventRecord[] = [];
  private readonly positionsIssued = new Set<bigint>();
  private readonly streams = new Map<string, EventRecord[]>();
  private readonly nodes: Node[] = [];
  private nextPosition = FIRST_POSITION;
  /** The next read sends this many events and then never ends (a server gone quiet mid-page). */
  private stallAfter: number | undefined;
  private ackLost = false;
  private revisionMisreported = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Calls served per method, for tests that check which path the client took. */
  readonly served = { append: 0, batchAppend: 0, reads: 0, requiresLeader: 0, eventsSent: 0 };

  private constructor(private readonly options: StandInOptions) {}

  static async start(options: StandInOptions = {}): Promise<EsdbStandIn> {
    const standIn = new EsdbStandIn(options);
    const count = options.nodes ?? 1;
    for (let index = 0; index < count; index += 1) await standIn.startNode(index);
    // A real server's $all starts with system records; readers must skip them.
    standIn.appendRaw({ streamId: '$epoch-information', type: '$epoch-information', data: { epoch: 0 } });
    return standIn;
  }

  private async startNode(index: number): Promise<void> {
    const server = new grpc.Server();
    const node: Node = {
      index,
      instanceId: crypto.randomUUID(),
      server,
      port: 0,
      role: index === 0 ? 'leader' : 'follower',
      visible: 0,
      live: new Set(),
      calls: new Set(),
    };
    const { tls } = this.options;
    const credentials =
      tls === undefined
        ? grpc.ServerCredentials.createInsecure()
        : grpc.ServerCredentials.createSsl(null, [{ private_key: tls.key, cert_chain: tls.cert }], false);
    node.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${HOST}:0`, credentials, (error, bound) => (error ? reject(error) : resolve(bound))),
    );
    const streams: Record<string, grpc.UntypedHandleCall> = {
      append: this.handleAppend(node),
      read: this.handleRead(node),
    };
    // Without BatchAppend grpc-js answers it UNIMPLEMENTED, and GetSupportedMethods does not list it.
    if (this.batchMode) streams['batchAppend'] = this.handleBatchAppend(node);
    server.addService(StreamsService, streams);
    server.addService(ServerFeaturesService, { getSupportedMethods: this.handleSupportedMethods });
    server.addService(GossipService, { read: this.handleGossip });
    this.nodes.push(node);
  }

  private get batchMode(): boolean {
    return (this.options.appendMode ?? 'batch') === 'batch';
  }

  private get maxAppendSize(): number {
    return this.options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE;
  }

  /** The port of the first node (the leader until an election). */
  get port(): number {
    return this.nodes[0]!.port;
  }

  get leader(): number {
    return this.nodes.findIndex((node) => node.role === 'leader');
  }

  /** A connection string to the whole cluster (gossip seeds) or the one node, as the first user. */
  get connectionString(): string {
    const [user] = Object.entries(this.options.users ?? {});
    return this.connectionStringFor({
      ...(user === undefined ? {} : { user: { name: user[0], password: user[1].password } }),
    });
  }

  connectionStringFor(
    options: {
      readonly user?: { readonly name: string; readonly password: string };
      /** Only this node, without gossip. */
      readonly node?: number;
      readonly params?: string;
    } = {},
  ): string {
    const hosts =
      options.node === undefined
        ? this.nodes.map((node) => `${HOST}:${node.port}`).join(',')
        : `${HOST}:${this.nodes[options.node]!.port}`;
    const auth =
      options.user === undefined
        ? ''
        : `${encodeURIComponent(options.user.name)}:${encodeURIComponent(options.user.password)}@`;
    const tls =
      this.options.tls === undefined
        ? 'tls=false'
        : `tls=true&tlsCAFile=${encodeURIComponent(this.options.tls.caFile)}`;
    const discovery = this.nodes.length > 1 && options.node === undefined ? '&discoveryInterval=20' : '';
    return `esdb://${auth}${hosts}?${tls}${discovery}${options.params === undefined ? '' : `&${options.params}`}`;
  }

  /**
   * Makes node `next` the leader, as an election does: it has every acknowledged write (a
   * write is acknowledged once replicated), the old leader becomes a follower and ends the
   * client calls it had open, so clients rediscover the cluster. Returns how many it ended.
   */
  elect(next: number): number {
    const target = this.nodes[next];
    if (target === undefined) throw new Error(`stand-in: no node ${next}`);
    const old = this.nodes.find((node) => node.role === 'leader');
    if (old === target) return 0;
    this.advance(target, this.log.length);
    target.role = 'leader';
    if (old === undefined) return 0;
    old.role = 'follower';
    return this.endCalls(old, 'leadership changed: the node is a follower now');
  }

  /** How many client calls (subscriptions, batch-append streams) node `index` has open. */
  openCalls(index: number): number {
    return this.nodes[index]?.calls.size ?? 0;
  }

  /** The next append is stored, and then its answer is lost: the call fails UNAVAILABLE. */
  loseNextAck(): void {
    this.ackLost = true;
  }

  /** The next append is stored, and its answer names the revision after the one it stored. */
  misreportNextRevision(): void {
    this.revisionMisreported = true;
  }

  /** The revision an append's answer names: the stored one, unless told to misreport it (once). */
  private reported(revision: bigint): bigint {
    const misreported = this.revisionMisreported;
    this.revisionMisreported = false;
    return misreported ? revision + 1n : revision;
  }

  /** Whether to lose the answer of an append just stored (once). */
  private takeLostAck(): boolean {
    const lost = this.ackLost;
    this.ackLost = false;
    return lost;
  }

  /** The next (non-subscription) read answers `events` events, then nothing more, never ending. */
  stallNextRead(events: number): void {
    this.stallAfter = events;
  }

  /** Ends every live subscription call with UNAVAILABLE, as a dropped connection would. */
  dropSubscriptions(): number {
    let dropped = 0;
    for (const node of this.nodes) {
      const live = [...node.live];
      node.live.clear();
      for (const { call } of live) {
        call.emit('error', serviceError(grpc.status.UNAVAILABLE, 'stand-in dropped the subscription'));
      }
      dropped += live.length;
    }
    return dropped;
  }

  /** Rewrites the stored data of one event behind the client's back (for hash-chain tests). */
  tamper(streamId: string, revision: bigint, mutate: (data: JsonObject) => JsonObject): void {
    const record = this.streams.get(streamId)?.find((r) => r.revision === revision);
    if (record === undefined) throw new Error(`stand-in: no event ${streamId}@${revision.toString()}`);
    record.data = encoder.encode(
      JSON.stringify(mutate(JSON.parse(decoder.decode(record.data)) as JsonObject)),
    );
  }

  /** Appends an event as some other writer would (no KARE metadata), e.g. a `$` system event. */
  appendRaw(event: RawEvent): void {
    this.write(event.streamId, [
      {
        id: crypto.randomUUID(),
        type: event.type,
        contentType: 'application/json',
        data: encoder.encode(JSON.stringify(event.data)),
        customMetadata: encoder.encode(event.metadata === undefined ? '' : JSON.stringify(event.metadata)),
      },
    ]);
  }

  /** The stream ids and positions as stored, for assertions. */
  positions(): readonly { streamId: string; revision: bigint; position: bigint; id: string }[] {
    return this.log.map(({ streamId, revision, position, id }) => ({ streamId, revision, position, id }));
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    for (const node of this.nodes) {
      node.live.clear();
      node.server.forceShutdown();
    }
    await Promise.resolve();
  }

  // ---------------------------------------------------------------------------------------
  // Calls: credentials, rights, and who may answer what
  // ---------------------------------------------------------------------------------------

  /** The user of a call, or the error to answer it with. */
  private authenticate(metadata: grpc.Metadata): { user?: StandInUser; error?: ServiceError } {
    const users = this.options.users;
    if (users === undefined) return {};
    const header = metadata.get('authorization')[0];
    if (typeof header !== 'string' || !header.startsWith('Basic ')) {
      return { error: serviceError(grpc.status.UNAUTHENTICATED, 'Authentication required') };
    }
    const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = users[decoded.slice(0, colon)];
    if (colon === -1 || user === undefined || user.password !== decoded.slice(colon + 1)) {
      return { error: serviceError(grpc.status.UNAUTHENTICATED, 'Bad credentials') };
    }
    return { user };
  }

  private accessDenied(what: string): ServiceError {
    return serviceError(grpc.status.PERMISSION_DENIED, `Access denied: ${what}`, {
      exception: 'access-denied',
    });
  }

  /** NotLeader, as a follower answers a call that requires the leader. */
  private notLeaderFor(node: Node, metadata: grpc.Metadata): ServiceError | undefined {
    if (metadata.get('requires-leader')[0] !== 'true') return undefined;
    this.served.requiresLeader += 1;
    if (node.role === 'leader') return undefined;
    const leader = this.nodes.find((candidate) => candidate.role === 'leader');
    return serviceError(grpc.status.NOT_FOUND, 'Leader info available', {
      exception: 'not-leader',
      'leader-endpoint-host': HOST,
      'leader-endpoint-port': String(leader?.port ?? 0),
    });
  }

  /** Checks a call; the error to answer with, if any. */
  private admit(node: Node, metadata: grpc.Metadata): ServiceError | undefined {
    return this.authenticate(metadata).error ?? this.notLeaderFor(node, metadata);
  }

  /** Ends the node's open client calls with UNAVAILABLE; how many there were. */
  private endCalls(node: Node, why: string): number {
    node.live.clear();
    const calls = [...node.calls];
    node.calls.clear();
    for (const call of calls) call.emit('error', serviceError(grpc.status.UNAVAILABLE, why));
    return calls.length;
  }

  private track<C extends (Node['calls'] extends Set<infer T> ? T : never)>(node: Node, call: C): void {
    node.calls.add(call);
    const forget = () => node.calls.delete(call);
    call.on('close', forget);
    call.on('cancelled', forget);
    call.on('error', forget);
  }

  // ---------------------------------------------------------------------------------------
  // Append and BatchAppend: expected revision enforced like ESDB, including its idempotent
  // success when the same ids already follow it; the maximum append size enforced.
  // ---------------------------------------------------------------------------------------

  private readonly handleAppend =
    (node: Node) =>
    (
      call: grpc.ServerReadableStream<AppendReq, AppendResp>,
      callback: grpc.sendUnaryData<AppendResp>,
    ): void => {
      this.served.append += 1;
      let options: AppendOptions | undefined;
      const proposed: Proposed[] = [];
      let failure: ServiceError | undefined = this.admit(node, call.metadata);
      call.on('data', (request: AppendReq) => {
        if (request.hasOptions()) options = request.getOptions();
        const message = request.getProposedMessage();
        if (message === undefined) return;
        try {
          proposed.push(proposedOf(message));
        } catch (error) {
          failure ??= serviceError(grpc.status.INVALID_ARGUMENT, (error as Error).message);
        }
      });
      call.on('error', () => undefined); // the client gave up; nothing to answer
      call.on('end', () => {
        if (failure !== undefined) return callback(failure);
        if (options === undefined) {
          return callback(serviceError(grpc.status.INVALID_ARGUMENT, 'append without options'));
        }
        const size = sizeOf(proposed);
        if (size > this.maxAppendSize) {
          return callback(
            serviceError(
              grpc.status.INVALID_ARGUMENT,
              `Maximum Append Size of ${this.maxAppendSize} Exceeded.`,
              {
                exception: 'maximum-append-size-exceeded',
                'maximum-append-size': String(this.maxAppendSize),
              },
            ),
          );
        }
        const outcome = this.append(
          streamName(options.getStreamIdentifier()),
          expectationOf(options),
          proposed,
        );
        const response = new streamsPb.AppendResp();
        if (outcome.kind === 'wrong') {
          const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
          if (outcome.current === undefined) wrong.setCurrentNoStream(empty());
          else wrong.setCurrentRevision(outcome.current.toString());
          if (options.hasNoStream()) wrong.setExpectedNoStream(empty());
          else if (options.hasStreamExists()) wrong.setExpectedStreamExists(empty());
          else if (options.hasAny()) wrong.setExpectedAny(empty());
          else wrong.setExpectedRevision(options.getRevision());
          return callback(null, response.setWrongExpectedVersion(wrong));
        }
        const success = new streamsPb.AppendResp.Success();
        if (outcome.revision === undefined) success.setNoStream(empty());
        else success.setCurrentRevision(this.reported(outcome.revision).toString());
        if (outcome.position === undefined) success.setNoPosition(empty());
        else {
          success.setPosition(
            new streamsPb.AppendResp.Position()
              .setCommitPosition(outcome.position.toString())
              .setPreparePosition(outcome.position.toString()),
          );
        }
        callback(null, response.setSuccess(success));
      });
    };

  private readonly handleBatchAppend =
    (node: Node) =>
    (call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void => {
      const refused = this.admit(node, call.metadata);
      if (refused !== undefined) {
        call.emit('error', refused);
        return;
      }
      this.track(node, call);
      const pending = new Map<string, { options?: BatchAppendOptions; proposed: Proposed[] }>();
      call.on('error', () => undefined);
      call.on('end', () => call.end());
      call.on('data', (request: BatchAppendReq) => {
        const correlation = request.getCorrelationId();
        const key = uuidString(correlation);
        const batch = pending.get(key) ?? { proposed: [] };
        pending.set(key, batch);
        if (request.hasOptions()) batch.options = request.getOptions();
        for (const message of request.getProposedMessagesList()) batch.proposed.push(proposedOf(message));
        if (!request.getIsFinal()) return;
        pending.delete(key);
        this.served.batchAppend += 1;
        const options = batch.options;
        const response = new streamsPb.BatchAppendResp().setCorrelationId(correlation);
        if (options === undefined) {
          call.write(response.setError(status(3, 'batch append without options')));
          return;
        }
        const streamId = streamName(options.getStreamIdentifier());
        response.setStreamIdentifier(streamIdentifier(streamId));
        if (node.role !== 'leader') {
          // The call was opened on this node while it led; a follower no longer takes writes.
          call.write(response.setError(status(14, 'not the leader any more')));
          return;
        }
        const size = sizeOf(batch.proposed);
        if (size > this.maxAppendSize) {
          const exceeded = new sharedPb.MaximumAppendSizeExceeded().setMaxappendsize(this.maxAppendSize);
          call.write(
            response.setError(
              status(
                3,
                'Maximum append size exceeded',
                exceeded,
                'event_store.client.MaximumAppendSizeExceeded',
              ),
            ),
          );
          return;
        }
        const outcome = this.append(streamId, batchExpectationOf(options), batch.proposed);
        if (outcome.kind === 'ok' && this.takeLostAck()) {
          call.emit('error', serviceError(grpc.status.UNAVAILABLE, 'connection lost before the answer'));
          return;
        }
        if (outcome.kind === 'wrong') {
          const wrong = new sharedPb.WrongExpectedVersion();
          if (outcome.current === undefined) wrong.setCurrentNoStream(empty());
          else wrong.setCurrentStreamRevision(outcome.current.toString());
          if (options.hasNoStream()) wrong.setExpectedNoStream(empty());
          else if (options.hasStreamExists()) wrong.setExpectedStreamExists(empty());
          else if (options.hasAny()) wrong.setExpectedAny(empty());
          else wrong.setExpectedStreamPosition(options.getStreamPosition());
          call.write(
            response.setError(
              status(9, 'Wrong expected version', wrong, 'event_store.client.WrongExpectedVersion'),
            ),
          );
          return;
        }
        const success = new streamsPb.BatchAppendResp.Success();
        if (outcome.revision === undefined) success.setNoStream(empty());
        else success.setCurrentRevision(this.reported(outcome.revision).toString());
        if (outcome.position === undefined) success.setNoPosition(empty());
        else {
          success.setPosition(
            new sharedPb.AllStreamPosition()
              .setCommitPosition(outcome.position.toString())
              .setPreparePosition(outcome.position.toString()),
          );
        }
        call.write(response.setSuccess(success));
      });
    };

  private append(
    streamId: string,
    expected: Expectation,
    proposed: readonly Proposed[],
  ):
    | { kind: 'wrong'; current: bigint | undefined }
    | { kind: 'ok'; revision: bigint | undefined; position: bigint | undefined } {
    const stream = this.streams.get(streamId) ?? [];
    const current = stream.at(-1)?.revision;
    const ids = proposed.map((message) => message.id);
    // ESDB's idempotency: the same ids already stored right after the expected revision.
    const alreadyStoredAfter = (revision: bigint): EventRecord | undefined => {
      const following = stream.filter((r) => r.revision > revision).slice(0, ids.length);
      return ids.length > 0 && following.length === ids.length && following.every((r, i) => r.id === ids[i])
        ? following.at(-1)
        : undefined;
    };
    let accepted: boolean;
    let idempotent: EventRecord | undefined;
    if (expected === 'any') accepted = true;
    else if (expected === 'stream_exists') accepted = current !== undefined;
    else if (expected === 'no_stream') {
      accepted = current === undefined;
      idempotent = accepted ? undefined : alreadyStoredAfter(-1n);
    } else {
      accepted = current === expected;
      idempotent = accepted ? undefined : alreadyStoredAfter(expected);
    }
    // ESDB answers an idempotent write without a position.
    if (idempotent !== undefined) return { kind: 'ok', revision: idempotent.revision, position: undefined };
    if (!accepted) return { kind: 'wrong', current };
    const written = this.write(streamId, proposed);
    return {
      kind: 'ok',
      revision: (written.at(-1) ?? stream.at(-1))?.revision,
      position: written.at(-1)?.position,
    };
  }

  private write(streamId: string, events: readonly Proposed[]): EventRecord[] {
    const stream = this.streams.get(streamId) ?? [];
    this.streams.set(streamId, stream);
    const created = BigInt(Date.now()) * 10_000n;
    const records = events.map((event) => {
      const record: EventRecord = {
        ...event,
        streamId,
        revision: BigInt(stream.length),
        position: this.nextPosition,
        created,
      };
      // Gaps of a few units, like log positions that count bytes.
      this.nextPosition += 3n + BigInt(this.log.length % 5);
      stream.push(record);
      this.log.push(record);
      this.positionsIssued.add(record.position);
      return record;
    });
    this.replicate();
    return records;
  }

  /** The leader has a write at once; followers after the replication delay. */
  private replicate(): void {
    const upTo = this.log.length;
    const delay = this.options.replicationDelayMs ?? 0;
    for (const node of this.nodes) {
      if (node.role === 'leader' || delay === 0) this.advance(node, upTo);
      else {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.advance(node, upTo);
        }, delay);
        this.timers.add(timer);
      }
    }
  }

  /** Makes the first `upTo` records visible on the node, delivering them to its live subscriptions. */
  private advance(node: Node, upTo: number): void {
    for (; node.visible < upTo; node.visible += 1) {
      const record = this.log[node.visible]!;
      for (const subscription of node.live) {
        if (subscription.accepts(record)) this.send(subscription.call, record, subscription.shape);
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // Read: one server-streaming call for reads and subscriptions alike, told apart by options.
  // ---------------------------------------------------------------------------------------

  private readonly handleRead =
    (node: Node) =>
    (call: grpc.ServerWritableStream<ReadReq, ReadResp>): void => {
      this.served.reads += 1;
      const fail = (error: ServiceError) => void call.emit('error', error);
      const options = call.request.getOptions();
      if (options === undefined)
        return fail(serviceError(grpc.status.INVALID_ARGUMENT, 'read without options'));
      const auth = this.authenticate(call.metadata);
      if (auth.error !== undefined) return fail(auth.error);
      const notLeader = this.notLeaderFor(node, call.metadata);
      if (notLeader !== undefined) return fail(notLeader);
      const all = options.getAll();
      if (all !== undefined && auth.user !== undefined && !auth.user.readAll) {
        return fail(this.accessDenied('read $all'));
      }
      if (all !== undefined && !all.hasStart() && !all.hasEnd()) {
        const position = all.getPosition();
        const commit = BigInt(position?.getCommitPosition() ?? '0');
        const prepare = BigInt(position?.getPreparePosition() ?? '0');
        if (commit !== prepare || !(this.positionsIssued.has(commit) || commit === this.nextPosition)) {
          // As a server does: a position that is not the start of a record is refused.
          return fail(serviceError(grpc.status.INVALID_ARGUMENT, `Invalid position: ${commit}/${prepare}`));
        }
      }
      const structured = options.getUuidOption()?.hasStructured() ?? false;
      const log = node.visible === this.log.length ? this.log : this.log.slice(0, node.visible);
      if (options.hasSubscription()) {
        this.subscribe(node, log, call, options, structured);
        return;
      }
      let stream: readonly EventRecord[] = [];
      if (all === undefined) {
        const streamId = streamName(options.getStream()?.getStreamIdentifier());
        const last = log.at(-1)?.position ?? -1n;
        stream = (this.streams.get(streamId) ?? []).filter((record) => record.position <= last);
        if (stream.length === 0) {
          const notFound = new streamsPb.ReadResp.StreamNotFound().setStreamIdentifier(
            streamIdentifier(streamId),
          );
          call.write(new streamsPb.ReadResp().setStreamNotFound(notFound));
          call.end();
          return;
        }
      }
      const count = options.hasCount() ? BigInt(options.getCount()) : MAX_COUNT;
      const stall = this.stallAfter;
      this.stallAfter = undefined;
      let sent = 0n;
      for (const record of selectForRead(all === undefined ? stream : log, options)) {
        if (sent >= count) break;
        if (stall !== undefined && sent >= BigInt(stall)) return; // never another word
        this.send(call, record, { all: all !== undefined, structured });
        sent += 1n;
      }
      if (stall === undefined) call.end();
    };

  private subscribe(
    node: Node,
    log: readonly EventRecord[],
    call: grpc.ServerWritableStream<ReadReq, ReadResp>,
    options: ReadOptions,
    structured: boolean,
  ) {
    const all = options.getAll();
    const streamOptions = options.getStream();
    const streamId = streamName(streamOptions?.getStreamIdentifier());
    const filter = filterOf(options);
    const accepts = all !== undefined ? filter : (r: EventRecord) => r.streamId === streamId;
    // A subscription starts strictly after the position or revision it is given.
    let after: (r: EventRecord) => boolean;
    if (all !== undefined) {
      const position = BigInt(all.getPosition()?.getCommitPosition() ?? '0');
      after = all.hasStart() ? () => true : all.hasEnd() ? () => false : (r) => r.position > position;
    } else {
      const revision = BigInt(streamOptions?.getRevision() ?? '0');
      after = streamOptions?.hasStart()
        ? () => true
        : streamOptions?.hasEnd()
          ? () => false
          : (r) => r.revision > revision;
    }

    call.write(
      new streamsPb.ReadResp().setConfirmation(
        new streamsPb.ReadResp.SubscriptionConfirmation().setSubscriptionId(crypto.randomUUID()),
      ),
    );
    // Catch-up and going live happen in one synchronous turn: no append can slip between.
    const shape = { all: all !== undefined, structured };
    for (const record of log) {
      if (accepts(record) && after(record)) this.send(call, record, shape);
    }
    call.write(new streamsPb.ReadResp().setCaughtUp(new streamsPb.ReadResp.CaughtUp()));
    const subscription: LiveSubscription = { call, accepts, shape };
    node.live.add(subscription);
    this.track(node, call);
    const forget = () => node.live.delete(subscription);
    call.on('cancelled', forget);
    call.on('close', forget);
    call.on('error', forget);
  }

  private send(
    call: grpc.ServerWritableStream<ReadReq, ReadResp>,
    record: EventRecord,
    shape: { readonly all: boolean; readonly structured: boolean },
  ): void {
    this.served.eventsSent += 1;
    call.write(readEventResponse(record, shape));
  }

  private readonly handleSupportedMethods = (
    _call: grpc.ServerUnaryCall<unknown, unknown>,
    callback: grpc.sendUnaryData<unknown>,
  ): void => {
    const method = (name: string) =>
      new featuresPb.SupportedMethod()
        .setServiceName('event_store.client.streams.Streams')
        .setMethodName(name);
    const methods = [method('Read'), method('Append')];
    if (this.batchMode) methods.push(method('BatchAppend'));
    callback(
      null,
      new featuresPb.SupportedMethods().setEventStoreServerVersion('0.0.0-stand-in').setMethodsList(methods),
    );
  };

  private readonly handleGossip = (
    _call: grpc.ServerUnaryCall<unknown, unknown>,
    callback: grpc.sendUnaryData<unknown>,
  ): void => {
    const members = this.nodes.map((node) =>
      new gossipPb.MemberInfo()
        .setInstanceId(new sharedPb.UUID().setString(node.instanceId))
        .setTimeStamp(String(Date.now()))
        .setState(
          node.role === 'leader'
            ? gossipPb.MemberInfo.VNodeState.LEADER
            : gossipPb.MemberInfo.VNodeState.FOLLOWER,
        )
        .setIsAlive(true)
        .setHttpEndPoint(new gossipPb.EndPoint().setAddress(HOST).setPort(node.port)),
    );
    callback(null, new gossipPb.ClusterInfo().setMembersList(members));
  };
}

type Expectation = 'any' | 'stream_exists' | 'no_stream' | bigint;

const expectationOf = (options: AppendOptions): Expectation =>
  options.hasAny()
    ? 'any'
    : options.hasStreamExists()
      ? 'stream_exists'
      : options.hasNoStream()
        ? 'no_stream'
        : BigInt(options.getRevision());

const batchExpectationOf = (options: BatchAppendOptions): Expectation =>
  options.hasAny()
    ? 'any'
    : options.hasStreamExists()
      ? 'stream_exists'
      : options.hasNoStream()
        ? 'no_stream'
        : BigInt(options.getStreamPosition());

const proposedOf = (message: {
  getId(): Parameters<typeof uuidString>[0];
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}): Proposed => {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  const contentType = metadata.get('content-type');
  if (type === undefined || contentType === undefined) throw new Error('required metadata missing');
  return {
    // The server keeps and answers ids lower-case, whatever case they were sent in.
    id: uuidString(message.getId()).toLowerCase(),
    type,
    contentType,
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
};

/** What the maximum append size counts: the data and metadata of every event. */
const sizeOf = (proposed: readonly Proposed[]): number =>
  proposed.reduce((sum, message) => sum + message.data.length + message.customMetadata.length, 0);

/** A google.rpc.Status, with its details packed as the client unpacks them. */
const status = (
  code: number,
  message: string,
  details?: { serializeBinary(): Uint8Array },
  type?: string,
) => {
  const result = new statusPb.Status().setCode(code).setMessage(message);
  if (details !== undefined && type !== undefined) {
    const packed = new anyPb.Any();
    packed.pack(details.serializeBinary(), type);
    result.setDetails(packed);
  }
  return result;
};

/** `records`: the node's log for a $all read, the stream's records for a stream read. */
const selectForRead = (records: readonly EventRecord[], options: ReadOptions): EventRecord[] => {
  const backwards = options.getReadDirection() === streamsPb.ReadReq.Options.ReadDirection.BACKWARDS;
  const accepts = filterOf(options);
  const all = options.getAll();
  if (all !== undefined) {
    const position = all.getPosition();
    // Forwards from a position is inclusive; backwards, it is exclusive (ESDB's pre/post positions).
    const selected = records.filter((r) => {
      if (!accepts(r)) return false;
      if (all.hasStart()) return !backwards;
      if (all.hasEnd()) return backwards;
      const at = BigInt(position?.getCommitPosition() ?? '0');
      return backwards ? r.position < at : r.position >= at;
    });
    return backwards ? selected.reverse() : selected;
  }
  const options_ = options.getStream();
  const stream = records;
  const last = stream.length - 1;
  let from: number;
  if (options_?.hasStart()) from = 0;
  else if (options_?.hasEnd()) from = backwards ? last : stream.length;
  else from = Number(BigInt(options_?.getRevision() ?? '0')); // a revision, an array index here
  return backwards ? stream.slice(0, Math.min(from, last) + 1).reverse() : stream.slice(from);
};

/** The server-side filter of a $all read or subscription: on stream name or event type. */
const filterOf = (options: ReadOptions): ((record: EventRecord) => boolean) => {
  const filter = options.getFilter();
  if (filter === undefined) return () => true;
  const onStream = filter.hasStreamIdentifier();
  const expression = onStream ? filter.getStreamIdentifier() : filter.getEventType();
  if (expression === undefined) return () => true;
  const regex = expression.getRegex() === '' ? undefined : new RegExp(expression.getRegex());
  const prefixes = expression.getPrefixList();
  return (record) => {
    const subject = onStream ? record.streamId : record.type;
    return (
      (regex === undefined || regex.test(subject)) &&
      (prefixes.length === 0 || prefixes.some((prefix) => subject.startsWith(prefix)))
    );
  };
};

/** A stream read carries the position in the recorded event only (ESDB ≥ 22); $all also in the envelope. */
const readEventResponse = (
  record: EventRecord,
  { all, structured }: { all: boolean; structured: boolean },
) => {
  const recorded = new streamsPb.ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidMessage(record.id, structured))
    .setStreamIdentifier(streamIdentifier(record.streamId))
    .setStreamRevision(record.revision.toString())
    .setCommitPosition(record.position.toString())
    .setPreparePosition(record.position.toString())
    .setData(record.data)
    .setCustomMetadata(record.customMetadata);
  recorded
    .getMetadataMap()
    .set('type', record.type)
    .set('content-type', record.contentType)
    .set('created', record.created.toString());
  const event = new streamsPb.ReadResp.ReadEvent().setEvent(recorded);
  if (all) event.setCommitPosition(record.position.toString());
  else event.setNoPosition(empty());
  return new streamsPb.ReadResp().setEvent(event);
};
