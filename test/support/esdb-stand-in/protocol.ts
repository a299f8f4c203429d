// The generated gRPC service definitions and protobuf message classes that ship inside
// @eventstore/db-client, so the stand-in speaks exactly the wire format the real client
// speaks. They are CommonJS; the .d.ts files next to them give the types.
import { createRequire } from 'node:module';
import type * as grpc from '@grpc/grpc-js';
import type * as SharedPb from '@eventstore/db-client/generated/shared_pb.js';
import type * as StreamsPb from '@eventstore/db-client/generated/streams_pb.js';
import type * as FeaturesPb from '@eventstore/db-client/generated/serverfeatures_pb.js';
import type * as GossipPb from '@eventstore/db-client/generated/gossip_pb.js';
import type * as StatusPb from '@eventstore/db-client/generated/status_pb.js';
import type * as AnyPb from 'google-protobuf/google/protobuf/any_pb.js';

const require = createRequire(import.meta.url);
const generated = (file: string): unknown => require(`@eventstore/db-client/generated/${file}`);

export const sharedPb = generated('shared_pb.js') as typeof SharedPb;
export const streamsPb = generated('streams_pb.js') as typeof StreamsPb;
export const featuresPb = generated('serverfeatures_pb.js') as typeof FeaturesPb;
export const gossipPb = generated('gossip_pb.js') as typeof GossipPb;
export const statusPb = generated('status_pb.js') as typeof StatusPb;
/** google.protobuf.Any as the client's own copy of google-protobuf has it (it unpacks error details). */
export const anyPb = createRequire(require.resolve('@eventstore/db-client/generated/status_pb.js'))(
  'google-protobuf/google/protobuf/any_pb.js',
) as typeof AnyPb;
export const { GossipService } = generated('gossip_grpc_pb.js') as { GossipService: grpc.ServiceDefinition };
export const { StreamsService } = generated('streams_grpc_pb.js') as {
  StreamsService: grpc.ServiceDefinition;
};
export const { ServerFeaturesService } = generated('serverfeatures_grpc_pb.js') as {
  ServerFeaturesService: grpc.ServiceDefinition;
};

export type AppendReq = StreamsPb.AppendReq;
export type AppendResp = StreamsPb.AppendResp;
export type ReadReq = StreamsPb.ReadReq;
export type ReadResp = StreamsPb.ReadResp;
export type ReadOptions = StreamsPb.ReadReq.Options;
export type ProposedMessage = StreamsPb.AppendReq.ProposedMessage;
export type AppendOptions = StreamsPb.AppendReq.Options;
export type WrongExpectedVersion = StreamsPb.AppendResp.WrongExpectedVersion;
export type BatchAppendReq = StreamsPb.BatchAppendReq;
export type BatchAppendResp = StreamsPb.BatchAppendResp;
export type BatchAppendOptions = StreamsPb.BatchAppendReq.Options;
export type BatchProposedMessage = StreamsPb.BatchAppendReq.ProposedMessage;

const utf8 = new TextDecoder();

export const streamName = (identifier: SharedPb.StreamIdentifier | undefined): string =>
  identifier === undefined ? '' : utf8.decode(identifier.getStreamName_asU8());

export const streamIdentifier = (name: string): SharedPb.StreamIdentifier =>
  new sharedPb.StreamIdentifier().setStreamName(new TextEncoder().encode(name));

const hex64 = (value: string): string => BigInt.asUintN(64, BigInt(value)).toString(16).padStart(16, '0');

/** The client sends ids as strings; a structured id (two int64 halves) is read too. */
export const uuidString = (uuid: SharedPb.UUID | undefined): string => {
  if (uuid === undefined) return '';
  if (uuid.hasString()) return uuid.getString();
  const structured = uuid.getStructured();
  if (structured === undefined) return '';
  const h = hex64(structured.getMostSignificantBits()) + hex64(structured.getLeastSignificantBits());
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

export const uuidMessage = (id: string, structured: boolean): SharedPb.UUID => {
  if (!structured) return new sharedPb.UUID().setString(id);
  const h = id.replace(/-/g, '');
  const half = (part: string): string => BigInt.asIntN(64, BigInt(`0x${part}`)).toString();
  return new sharedPb.UUID().setStructured(
    new sharedPb.UUID.Structured()
      .setMostSignificantBits(half(h.slice(0, 16)))
      .setLeastSignificantBits(half(h.slice(16, 32))),
  );
};

export const empty = (): SharedPb.Empty => new sharedPb.Empty();
