// Event ids are uuid v5 of the stream, the command id and the index: the handler makes them
// itself (one sha1 over a reused buffer), and they must stay exactly what the uuid package
// makes, or a retried request stored before would no longer be recognised.
import { v5 as uuidv5 } from 'uuid';
import { expect, it } from 'vitest';
import { EVENT_ID_NAMESPACE, eventIdFor } from '../../../src/commands/command-handler.js';

it.each([
  ['account-a1', 'cmd-1', 0],
  ['agreement-7f', '0b9f3c2e-1c1d-4c55-9e11-2d8f6a9d1a01', 12],
  ['', '', 0],
  ['account-Ünïcødé-中文', 'clé-🔑', 3],
  // Longer than the buffer the handler starts with: it grows.
  ['supply-' + 'x'.repeat(400), 'k'.repeat(300) + '✓', 1],
])('eventIdFor(%j, %j, %i) is the uuid package’s v5', (streamId, commandId, index) => {
  const expected = uuidv5(`${streamId}:${commandId}:${index}`, EVENT_ID_NAMESPACE);
  expect(eventIdFor(streamId, commandId, index)).toBe(expected);
  // Again after a longer name has grown the buffer: nothing of it is left over.
  expect(eventIdFor(streamId, commandId, index)).toBe(expected);
});
