// Events as CloudEvents 1.0 (JSON format): what integrators receive (SSE, /events) and what
// `kare export` writes. Every envelope field travels as an extension, so `kare import` can
// rebuild the exact event: same id, revision, time and metadata, hence the same hash.
import * as t from 'io-ts';
import { described, IsoDateTime, NonEmptyString, PositiveInteger, refine } from '../domain/kernel/index.js';
import { JsonObjectCodec } from './json-object.js';
import { DecimalString } from './position.js';
import { streamCategory, type EventMetadata, type JsonObject, type StoredEvent } from './ports.js';

const CloudEventType = refine(
  t.string,
  (s) => /^kare\.[a-z]+\.[A-Za-z]+$/.test(s),
  'CloudEventType',
  'kare.<category>.<EventType>, e.g. kare.account.TierChanged',
  { pattern: '^kare\\.[a-z]+\\.[A-Za-z]+$' },
);

const Sha256Hex = refine(
  t.string,
  (s) => /^[0-9a-f]{64}$/.test(s),
  'Sha256',
  'must be 64 lowercase hex digits',
  {
    pattern: '^[0-9a-f]{64}$',
  },
);

/**
 * A CloudEvent 1.0 in the JSON format with KARE's extensions: the one definition of the shape,
 * for what the API serves and what `kare import` accepts. Decoded, position and revision are
 * bigints; encoded (the JSON), decimal strings.
 */
export const CloudEventCodec = t.intersection([
  t.type({
    specversion: t.literal('1.0'),
    id: NonEmptyString,
    source: NonEmptyString,
    type: CloudEventType,
    /** The stream id. */
    subject: NonEmptyString,
    /** When the store recorded the event (ISO 8601 UTC). */
    time: IsoDateTime,
    datacontenttype: t.literal('application/json'),
    data: described(JsonObjectCodec, 'Follows the schema of its event type (GET /schemas/{type})'),
    position: described(DecimalString, 'The global position'),
    revision: described(DecimalString, 'The revision in the stream'),
    schemaversion: PositiveInteger,
    hash: Sha256Hex,
  }),
  // The rest of the envelope travels as extensions, when the event has them.
  t.partial({
    commandid: t.string,
    correlationid: t.string,
    causationid: t.string,
    actor: t.string,
    policyversion: t.string,
  }),
]);

/** The JSON of a CloudEvent (position and revision as decimal strings). */
export type CloudEvent = t.OutputOf<typeof CloudEventCodec> & { readonly data: JsonObject };

export const CLOUD_EVENT_SOURCE = 'urn:kare';

export const cloudEventType = (streamId: string, type: string): string =>
  `kare.${streamCategory(streamId)}.${type}`;

export const toCloudEvent = (event: StoredEvent): CloudEvent => {
  const { metadata } = event;
  return {
    specversion: '1.0',
    id: event.eventId,
    source: CLOUD_EVENT_SOURCE,
    type: cloudEventType(event.streamId, event.type),
    subject: event.streamId,
    time: event.recordedAt,
    datacontenttype: 'application/json',
    data: event.data,
    position: event.globalPosition.toString(),
    revision: event.revision.toString(),
    schemaversion: metadata.schemaVersion,
    hash: event.hash,
    ...(metadata.commandId === undefined ? {} : { commandid: metadata.commandId }),
    ...(metadata.correlationId === undefined ? {} : { correlationid: metadata.correlationId }),
    ...(metadata.causationId === undefined ? {} : { causationid: metadata.causationId }),
    ...(metadata.actor === undefined ? {} : { actor: metadata.actor }),
    ...(metadata.policyVersion === undefined ? {} : { policyversion: metadata.policyVersion }),
  };
};

/** The stored event a CloudEvent describes (upcasting aside: it carries the data as exported). */
export const fromCloudEvent = (cloudEvent: t.TypeOf<typeof CloudEventCodec>): StoredEvent => {
  const prefix = `kare.${streamCategory(cloudEvent.subject)}.`;
  if (!cloudEvent.type.startsWith(prefix)) {
    throw new Error(`type ${cloudEvent.type} does not belong to stream ${cloudEvent.subject}`);
  }
  const metadata: EventMetadata = {
    ...(cloudEvent.commandid === undefined ? {} : { commandId: cloudEvent.commandid }),
    ...(cloudEvent.correlationid === undefined ? {} : { correlationId: cloudEvent.correlationid }),
    ...(cloudEvent.causationid === undefined ? {} : { causationId: cloudEvent.causationid }),
    ...(cloudEvent.actor === undefined ? {} : { actor: cloudEvent.actor }),
    ...(cloudEvent.policyversion === undefined ? {} : { policyVersion: cloudEvent.policyversion }),
    schemaVersion: cloudEvent.schemaversion,
  };
  return {
    eventId: cloudEvent.id,
    type: cloudEvent.type.slice(prefix.length),
    streamId: cloudEvent.subject,
    revision: cloudEvent.revision,
    globalPosition: cloudEvent.position,
    recordedAt: cloudEvent.time,
    data: cloudEvent.data as JsonObject,
    metadata,
    hash: cloudEvent.hash,
  };
};
