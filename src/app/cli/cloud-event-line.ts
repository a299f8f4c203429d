// One line of an export, checked before anything is imported: JSON, the CloudEvents shape with
// KARE's extensions (the codec the API serves them with), a known event type of the stream's aggregate, and data its codec accepts.
// The result is the stored event the line describes (the hash is checked by the import).
import { isLeft } from 'fp-ts/lib/Either.js';
import { describeErrors } from '../../../domain/kernel/index.js';
import { CloudEventCodec, fromCloudEvent } from '../../cloud-events.js';
import { eventDefinition } from '../../commands/aggregates.js';
import { streamCategory, type StoredEvent } from '../../ports.js';
import { personalDataFields } from '../../personal-data/personal-data-fields.js';
import { storedForm, type KeyTransfer } from '../../personal-data/transfer.js';

export class MalformedLine extends Error {
  override readonly name = 'MalformedLine';
}

/** The line's CloudEvent, or the first thing wrong with it (path and message). */
const checkShape = (value: unknown) => {
  const decoded = CloudEventCodec.decode(value);
  if (isLeft(decoded)) {
    const [first] = describeErrors(decoded.left);
    throw new MalformedLine(
      first === undefined ? 'not a CloudEvent' : `${first.path || 'the line'} ${first.message}`,
    );
  }
  return decoded.right;
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

const FIELDS = personalDataFields();

/** The stored event a line describes (personal data sealed as exported), and the key it brings. */
export const parseExportedLine = (
  line: string,
): { readonly event: StoredEvent; readonly key?: KeyTransfer } => {
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
  try {
    return storedForm(json as Record<string, unknown>, event, FIELDS);
  } catch (error) {
    throw new MalformedLine((error as Error).message);
  }
};

export const parseCloudEventLine = (line: string): StoredEvent => parseExportedLine(line).event;
