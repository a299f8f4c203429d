// Events as CloudEvents 1.0 (JSON format): what integrators receive (SSE, /events) and what
// `kare export` writes. Every envelope field travels as an extension, so `kare import` can
// rebuild the exact event: same id, revision, time and metadata, hence the same hash.
import { streamCategory, type EventMetadata, type JsonObject, type StoredEvent } from './ports.js';

export interface CloudEvent {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  /** `kare.<category>.<EventType>`, e.g. `kare.account.TierChanged`. */
  readonly type: string;
  /** The stream id. */
  readonly subject: string;
  /** When the store recorded the event (ISO 8601 UTC). */
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: JsonObject;
  /** Global position, a decimal string (exact beyond 2^53). */
  readonly position: string;
  /** Revision in the stream, a decimal string. */
  readonly revision: string;
  readonly schemaversion: number;
  readonly hash: string;
  readonly commandid?: string;
  readonly correlationid?: string;
  readonly causationid?: string;
  readonly actor?: string;
  readonly policyversion?: string;
}

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
export const fromCloudEvent = (cloudEvent: CloudEvent): StoredEvent => {
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
    revision: BigInt(cloudEvent.revision),
    globalPosition: BigInt(cloudEvent.position),
    recordedAt: cloudEvent.time,
    data: cloudEvent.data,
    metadata,
    hash: cloudEvent.hash,
  };
};
