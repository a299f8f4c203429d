// One event as a Server-Sent Events message: `id:` its global position (what a reconnecting
// client sends back as Last-Event-ID), `event:` its type, `data:` the CloudEvent as JSON, which
// has no raw newline, so it fits one `data:` line.
import { toCloudEvent } from '../../src/cloud-events.js';
import type { StoredEvent } from '../../src/ports.js';

export const sseMessage = (event: StoredEvent): string =>
  `id: ${event.globalPosition.toString()}\nevent: ${event.type}\ndata: ${JSON.stringify(toCloudEvent(event))}\n\n`;
