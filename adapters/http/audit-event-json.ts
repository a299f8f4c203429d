// A stored event as an auditor reads it over HTTP: where (streamId, revision, position), what
// (type, data), when (recordedAt), who and why (actor, commandId, correlationId, causationId,
// policyVersion; null when the event has none) and the hash chaining it to its predecessor.
import * as t from 'io-ts';
import { Integer, IsoDateTime } from '../../domain/kernel/index.js';
import type { StoredEvent } from '../../src/ports.js';
import { component } from './documented-codec.js';
import { described } from '../../domain/kernel/index.js';
import { DecimalString } from '../../src/position.js';
import { JsonObjectCodec as JsonObject } from '../../src/json-object.js';

const nullable = t.union([t.string, t.null]);

export const AuditEventJson = component(
  'AuditEvent',
  t.type({
    position: described(DecimalString, 'Global position'),
    streamId: t.string,
    revision: described(DecimalString, 'Revision in its stream, from 0'),
    eventId: t.string,
    type: t.string,
    recordedAt: IsoDateTime,
    actor: nullable,
    commandId: nullable,
    correlationId: nullable,
    causationId: nullable,
    policyVersion: nullable,
    schemaVersion: Integer,
    hash: t.string,
    data: JsonObject,
  }),
);

export const auditEventJson = (event: StoredEvent): t.TypeOf<typeof AuditEventJson> => ({
  position: event.globalPosition,
  streamId: event.streamId,
  revision: event.revision,
  eventId: event.eventId,
  type: event.type,
  recordedAt: event.recordedAt,
  actor: event.metadata.actor ?? null,
  commandId: event.metadata.commandId ?? null,
  correlationId: event.metadata.correlationId ?? null,
  causationId: event.metadata.causationId ?? null,
  policyVersion: event.metadata.policyVersion ?? null,
  schemaVersion: event.metadata.schemaVersion,
  hash: event.hash,
  data: event.data,
});
