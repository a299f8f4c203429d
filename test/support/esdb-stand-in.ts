// A small in-process gRPC server that speaks enough of the EventStoreDB streams protocol for
// the REAL @eventstore/db-client to run against it: Streams.Append, Streams.Read (stream and
// $all reads in both directions, catch-up subscriptions to a stream or to $all with filters)
// and ServerFeatures.GetSupportedMethods. Test infrastructure only, never a store: nothing
// outside test/ imports it.
import * as grpc from '@grpc/grpc-js';
import type { JsonObject } from '../../src/ports.js';
import {
  empty,
  featuresPb,
  ServerFeaturesService,
  StreamsService,
  streamIdentifier,
  streamName,
  streamsPb,
  uuidMessage,
  uuidString,
  type AppendOptions,
  type AppendReq,
  type AppendResp,
  type ProposedMessage,
  type ReadOptions,
  type ReadReq,
  type ReadResp,
  type WrongExpectedVersion,
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

interface LiveSubscription {
  readonly call: grpc.ServerWritableStream<ReadReq, ReadResp>;
  readonly accepts: (record: EventRecord) => boolean;
  /** How the subscriber wants its events: from $all (with a position) or from one stream. */
  readonly shape: { readonly all: boolean; readonly structured: boolean };
}

export interface RawEvent {
  readonly streamId: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata?: JsonObject;
}

/** Above 2^53, so a stray `Number()` on a position loses precision and fails a test. */
export const FIRST_POSITION = 2n ** 53n + 1000n;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const MAX_COUNT = 2n ** 64n - 1n;

export class EsdbStandIn {
  private readonly log: EventRecord[] = [];
  private readonly streams = new Map<string, EventRecord[]>();
  private readonly live = new Set<LiveSubscription>();
  private nextPosition = FIRST_POSITION;

  private constructor(
    private readonly server: grpc.Server,
    readonly port: number,
  ) {}

  static async start(): Promise<EsdbStandIn> {
    const server = new grpc.Server();
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    const standIn = new EsdbStandIn(server, port);
    // BatchAppend, Delete and Tombstone are left out: grpc-js answers them UNIMPLEMENTED, and
    // GetSupportedMethods does not list BatchAppend, so the client appends with Append.
    server.addService(StreamsService, { append: standIn.handleAppend, read: standIn.handleRead });
    server.addService(ServerFeaturesService, { getSupportedMethods: standIn.handleSupportedMethods });
    // A real server's $all starts with system records; readers must skip them.
    standIn.appendRaw({ streamId: '$epoch-information', type: '$epoch-information', data: { epoch: 0 } });
    return standIn;
  }

  get connectionString(): string {
    return `esdb://127.0.0.1:${this.port}?tls=false`;
  }

  /** Ends every live subscription call with UNAVAILABLE, as a dropped connection would. */
  dropSubscriptions(): number {
    const dropped = [...this.live];
    this.live.clear();
    for (const { call } of dropped) {
      call.emit('error', { code: grpc.status.UNAVAILABLE, details: 'stand-in dropped the subscription' });
    }
    return dropped.length;
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
  positions(): readonly { streamId: string; revision: bigint; position: bigint }[] {
    return this.log.map(({ streamId, revision, position }) => ({ streamId, revision, position }));
  }

  async stop(): Promise<void> {
    this.live.clear();
    this.server.forceShutdown();
    await Promise.resolve();
  }

  // ---------------------------------------------------------------------------------------
  // Append: options first, then one proposed message per event; expected revision enforced
  // like ESDB, including its idempotent success when the same ids already follow it.
  // ---------------------------------------------------------------------------------------

  private readonly handleAppend = (
    call: grpc.ServerReadableStream<AppendReq, AppendResp>,
    callback: grpc.sendUnaryData<AppendResp>,
  ): void => {
    let options: AppendOptions | undefined;
    const proposed: ProposedMessage[] = [];
    call.on('data', (request: AppendReq) => {
      if (request.hasOptions()) options = request.getOptions();
      const message = request.getProposedMessage();
      if (message !== undefined) proposed.push(message);
    });
    call.on('error', () => undefined); // the client gave up; nothing to answer
    call.on('end', () => {
      if (options === undefined) {
        callback({ code: grpc.status.INVALID_ARGUMENT, details: 'append without options' });
        return;
      }
      try {
        callback(null, this.append(options, proposed));
      } catch (error) {
        callback({ code: grpc.status.INVALID_ARGUMENT, details: (error as Error).message });
      }
    });
  };

  private append(options: AppendOptions, proposed: readonly ProposedMessage[]): AppendResp {
    const streamId = streamName(options.getStreamIdentifier());
    const stream = this.streams.get(streamId) ?? [];
    const current = stream.at(-1)?.revision;
    const ids = proposed.map((message) => uuidString(message.getId()));
    // ESDB's idempotency: the same ids already stored right after the expected revision.
    const alreadyStoredAfter = (revision: bigint): EventRecord | undefined => {
      const following = stream.filter((r) => r.revision > revision).slice(0, ids.length);
      return ids.length > 0 && following.length === ids.length && following.every((r, i) => r.id === ids[i])
        ? following.at(-1)
        : undefined;
    };

    let accepted: boolean;
    let idempotent: EventRecord | undefined;
    if (options.hasAny()) accepted = true;
    else if (options.hasStreamExists()) accepted = current !== undefined;
    else if (options.hasNoStream()) {
      accepted = current === undefined;
      idempotent = accepted ? undefined : alreadyStoredAfter(-1n);
    } else {
      const expected = BigInt(options.getRevision());
      accepted = current === expected;
      idempotent = accepted ? undefined : alreadyStoredAfter(expected);
    }

    const response = new streamsPb.AppendResp();
    if (idempotent !== undefined) {
      // ESDB answers an idempotent write without a position.
      return response.setSuccess(
        new streamsPb.AppendResp.Success()
          .setCurrentRevision(idempotent.revision.toString())
          .setNoPosition(empty()),
      );
    }
    if (!accepted) return response.setWrongExpectedVersion(wrongExpectedVersion(options, current));

    const written = this.write(
      streamId,
      proposed.map((message) => {
        const metadata = message.getMetadataMap();
        const type = metadata.get('type');
        const contentType = metadata.get('content-type');
        if (type === undefined || contentType === undefined) throw new Error('required metadata missing');
        return {
          id: uuidString(message.getId()),
          type,
          contentType,
          data: message.getData_asU8(),
          customMetadata: message.getCustomMetadata_asU8(),
        };
      }),
    );
    const last = written.at(-1) ?? stream.at(-1);
    const success = new streamsPb.AppendResp.Success();
    if (last === undefined) success.setNoStream(empty());
    else success.setCurrentRevision(last.revision.toString());
    const lastWritten = written.at(-1);
    if (lastWritten === undefined) success.setNoPosition(empty());
    else {
      success.setPosition(
        new streamsPb.AppendResp.Position()
          .setCommitPosition(lastWritten.position.toString())
          .setPreparePosition(lastWritten.position.toString()),
      );
    }
    return response.setSuccess(success);
  }

  private write(
    streamId: string,
    events: readonly Pick<EventRecord, 'id' | 'type' | 'contentType' | 'data' | 'customMetadata'>[],
  ): EventRecord[] {
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
      return record;
    });
    for (const record of records) {
      for (const subscription of this.live) {
        if (subscription.accepts(record)) {
          subscription.call.write(readEventResponse(record, subscription.shape));
        }
      }
    }
    return records;
  }

  // ---------------------------------------------------------------------------------------
  // Read: one server-streaming call for reads and subscriptions alike, told apart by options.
  // ---------------------------------------------------------------------------------------

  private readonly handleRead = (call: grpc.ServerWritableStream<ReadReq, ReadResp>): void => {
    const options = call.request.getOptions();
    if (options === undefined) {
      call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: 'read without options' });
      return;
    }
    const structured = options.getUuidOption()?.hasStructured() ?? false;
    const all = options.hasAll();
    if (options.hasSubscription()) {
      this.subscribe(call, options, structured);
      return;
    }
    if (!all) {
      const streamId = streamName(options.getStream()?.getStreamIdentifier());
      if ((this.streams.get(streamId)?.length ?? 0) === 0) {
        const notFound = new streamsPb.ReadResp.StreamNotFound().setStreamIdentifier(
          streamIdentifier(streamId),
        );
        call.write(new streamsPb.ReadResp().setStreamNotFound(notFound));
        call.end();
        return;
      }
    }
    const count = options.hasCount() ? BigInt(options.getCount()) : MAX_COUNT;
    let sent = 0n;
    for (const record of this.selectForRead(options)) {
      if (sent >= count) break;
      call.write(readEventResponse(record, { all, structured }));
      sent += 1n;
    }
    call.end();
  };

  private selectForRead(options: ReadOptions): EventRecord[] {
    const backwards = options.getReadDirection() === streamsPb.ReadReq.Options.ReadDirection.BACKWARDS;
    const accepts = filterOf(options);
    const all = options.getAll();
    if (all !== undefined) {
      const position = all.getPosition();
      // Forwards from a position is inclusive; backwards, it is exclusive (ESDB's pre/post positions).
      const selected = this.log.filter((r) => {
        if (!accepts(r)) return false;
        if (all.hasStart()) return !backwards;
        if (all.hasEnd()) return backwards;
        const at = BigInt(position?.getCommitPosition() ?? '0');
        return backwards ? r.position < at : r.position >= at;
      });
      return backwards ? selected.reverse() : selected;
    }
    const options_ = options.getStream();
    const stream = this.streams.get(streamName(options_?.getStreamIdentifier())) ?? [];
    const last = stream.length - 1;
    let from: number;
    if (options_?.hasStart()) from = 0;
    else if (options_?.hasEnd()) from = backwards ? last : stream.length;
    else from = Number(BigInt(options_?.getRevision() ?? '0')); // a revision, an array index here
    return backwards ? stream.slice(0, Math.min(from, last) + 1).reverse() : stream.slice(from);
  }

  private subscribe(
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

    const subscriptionId = crypto.randomUUID();
    call.write(
      new streamsPb.ReadResp().setConfirmation(
        new streamsPb.ReadResp.SubscriptionConfirmation().setSubscriptionId(subscriptionId),
      ),
    );
    // Catch-up and going live happen in one synchronous turn: no append can slip between.
    const shape = { all: all !== undefined, structured };
    for (const record of this.log) {
      if (accepts(record) && after(record)) call.write(readEventResponse(record, shape));
    }
    call.write(new streamsPb.ReadResp().setCaughtUp(new streamsPb.ReadResp.CaughtUp()));
    const subscription: LiveSubscription = { call, accepts, shape };
    this.live.add(subscription);
    const forget = () => this.live.delete(subscription);
    call.on('cancelled', forget);
    call.on('close', forget);
    call.on('error', forget);
  }

  private readonly handleSupportedMethods = (
    _call: grpc.ServerUnaryCall<unknown, unknown>,
    callback: grpc.sendUnaryData<unknown>,
  ): void => {
    const method = (name: string) =>
      new featuresPb.SupportedMethod()
        .setServiceName('event_store.client.streams.Streams')
        .setMethodName(name);
    callback(
      null,
      new featuresPb.SupportedMethods()
        .setEventStoreServerVersion('0.0.0-stand-in')
        .setMethodsList([method('Read'), method('Append')]),
    );
  };
}

const wrongExpectedVersion = (options: AppendOptions, current: bigint | undefined): WrongExpectedVersion => {
  const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
  if (current === undefined) wrong.setCurrentNoStream(empty());
  else wrong.setCurrentRevision(current.toString());
  if (options.hasNoStream()) wrong.setExpectedNoStream(empty());
  else if (options.hasStreamExists()) wrong.setExpectedStreamExists(empty());
  else if (options.hasAny()) wrong.setExpectedAny(empty());
  else wrong.setExpectedRevision(options.getRevision());
  return wrong;
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
