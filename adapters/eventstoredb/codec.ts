// How a KARE event is laid out in EventStoreDB: the data is the event's JSON data; the ESDB
// metadata JSON is the port's metadata plus `hash` and `recordedAt` (the hash covers
// recordedAt, so it must be stored, not taken from ESDB's own `created`).
import {
  jsonEvent,
  type AllStreamResolvedEvent,
  type EventData,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type { EventMetadata, Json, JsonObject, NewEvent, StoredEvent } from '../../src/ports.js';

/** ESDB ≤ 21 reports this instead of the $all position on stream reads. */
const UNKNOWN_POSITION = 2n ** 64n - 1n;

export const toEventData = (event: NewEvent, recordedAt: string, hash: string): EventData =>
  jsonEvent({
    id: event.eventId,
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: { ...event.metadata, hash, recordedAt },
  });

const isObject = (value: unknown): value is { readonly [key: string]: Json } =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

/** The $all position of an event; bigint all the way from the wire. */
const positionOf = (resolved: ResolvedEvent | AllStreamResolvedEvent): bigint | undefined => {
  const fromRecord = resolved.event?.position?.commit;
  if (fromRecord !== undefined && fromRecord !== UNKNOWN_POSITION) return fromRecord;
  return resolved.commitPosition;
};

/**
 * The stored event as written, or undefined for what KARE did not write: system events
 * (`$` types), links, binary events and events without KARE's metadata. Not upcast.
 */
export const fromResolved = (resolved: ResolvedEvent | AllStreamResolvedEvent): StoredEvent | undefined => {
  const recorded = resolved.event;
  if (recorded === undefined || !recorded.isJson || recorded.type.startsWith('$')) return undefined;
  const { data, metadata: stored } = recorded;
  if (!isObject(data) || !isObject(stored)) return undefined;
  const { hash, recordedAt, ...metadata } = stored;
  if (
    typeof hash !== 'string' ||
    typeof recordedAt !== 'string' ||
    typeof metadata.schemaVersion !== 'number'
  ) {
    return undefined;
  }
  const globalPosition = positionOf(resolved);
  if (globalPosition === undefined) {
    throw new Error(
      `EventStoreDB gave no $all position for ${recorded.streamId}@${recorded.revision.toString()}: KARE needs EventStoreDB 22.10 or newer`,
    );
  }
  return {
    eventId: recorded.id,
    type: recorded.type,
    streamId: recorded.streamId,
    revision: recorded.revision,
    globalPosition,
    recordedAt,
    data: data as JsonObject,
    metadata: metadata as unknown as EventMetadata,
    hash,
  };
};
