// One line of an export, checked before anything is imported: JSON, the CloudEvents shape with
// KARE's extensions, a known event type of the stream's aggregate, and data its codec accepts.
// The result is the stored event the line describes (the hash is checked by the import).
import { isLeft } from 'fp-ts/lib/Either.js';
import { describeErrors } from '../../../domain/kernel/index.js';
import { fromCloudEvent, type CloudEvent } from '../../cloud-events.js';
import { eventDefinition } from '../../commands/aggregates.js';
import { streamCategory, type StoredEvent } from '../../ports.js';

export class MalformedLine extends Error {
  override readonly name = 'MalformedLine';
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const REQUIRED_STRINGS = ['id', 'source', 'type', 'subject', 'time'] as const;
const OPTIONAL_STRINGS = ['commandid', 'correlationid', 'causationid', 'actor', 'policyversion'] as const;

const checkShape = (value: unknown): CloudEvent => {
  if (!isObject(value)) throw new MalformedLine('not a JSON object');
  if (value['specversion'] !== '1.0') throw new MalformedLine('specversion must be "1.0"');
  for (const field of REQUIRED_STRINGS) {
    if (typeof value[field] !== 'string' || value[field] === '')
      throw new MalformedLine(`${field} must be a non-empty string`);
  }
  for (const field of OPTIONAL_STRINGS) {
    if (value[field] !== undefined && typeof value[field] !== 'string')
      throw new MalformedLine(`${field} must be a string`);
  }
  if (!isObject(value['data'])) throw new MalformedLine('data must be a JSON object');
  for (const field of ['position', 'revision'] as const) {
    if (typeof value[field] !== 'string' || !/^\d{1,20}$/.test(value[field])) {
      throw new MalformedLine(`${field} must be a decimal string`);
    }
  }
  const version = value['schemaversion'];
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new MalformedLine('schemaversion must be a positive integer');
  }
  if (typeof value['hash'] !== 'string' || !/^[0-9a-f]{64}$/.test(value['hash'])) {
    throw new MalformedLine('hash must be 64 lowercase hex digits');
  }
  return value as unknown as CloudEvent;
};

/** Data of the current schema version must decode with its codec; older versions are upcast later. */
const checkData = (event: StoredEvent): void => {
  const definition = eventDefinition(event.type);
  if (definition === undefined) throw new MalformedLine(`unknown event type ${event.type}`);
  if (definition.aggregate !== streamCategory(event.streamId)) {
    throw new MalformedLine(`${event.type} does not belong in stream ${event.streamId}`);
  }
  if (event.metadata.schemaVersion !== definition.schemaVersion) return;
  const decoded = definition.data.decode(event.data);
  if (isLeft(decoded)) {
    const errors = describeErrors(decoded.left).map((e) => `${e.path || 'data'} ${e.message}`);
    throw new MalformedLine(`data of ${event.type} is invalid: ${errors.join('; ')}`);
  }
};

export const parseCloudEventLine = (line: string): StoredEvent => {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    throw new MalformedLine(`not JSON (${(error as Error).message})`);
  }
  let event: StoredEvent;
  try {
    event = fromCloudEvent(checkShape(json));
  } catch (error) {
    if (error instanceof MalformedLine) throw error;
    throw new MalformedLine((error as Error).message);
  }
  checkData(event);
  return event;
};
