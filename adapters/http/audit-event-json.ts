// A stored event as an auditor reads it over HTTP: where (streamId, revision, position), what
// (type, data), when (recordedAt), who and why (actor, commandId, correlationId, causationId,
// policyVersion; null when the event has none) and the hash chaining it to its predecessor.
import type { StoredEvent } from '../../src/ports.js';

export const auditEventJson = (event: StoredEvent) => ({
  position: event.globalPosition.toString(),
  streamId: event.streamId,
  revision: event.revision.toString(),
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
