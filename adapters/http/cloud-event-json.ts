// A CloudEvent 1.0 in the JSON format, as integrators receive it (SSE, /events): the codec of
// the core's CloudEvent (src/cloud-events.ts), which it must match (checked below, at compile time).
import * as t from 'io-ts';
import { Integer, IsoDateTime, refine } from '../../domain/kernel/index.js';
import type { CloudEvent } from '../../src/cloud-events.js';
import { component, described } from './documented-codec.js';
import { DecimalString } from './decimal-string.js';
import { JsonObject } from './json-object.js';

const CloudEventType = refine(
  t.string,
  (s) => /^kare\.[a-z]+\.[A-Za-z]+$/.test(s),
  'CloudEventType',
  'kare.<category>.<EventType>, e.g. kare.account.TierChanged',
  {
    pattern: '^kare\\.[a-z]+\\.[A-Za-z]+$',
  },
);

const shape = t.intersection([
  t.type({
    specversion: t.literal('1.0'),
    id: t.string,
    source: t.string,
    type: CloudEventType,
    subject: t.string,
    time: IsoDateTime,
    datacontenttype: t.literal('application/json'),
    data: described(JsonObject, 'Follows the schema of its event type (GET /schemas/{type})'),
    position: described(DecimalString, 'The global position'),
    revision: described(DecimalString, 'The revision in the stream'),
    schemaversion: Integer,
    hash: t.string,
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

export const CloudEventJson = component('CloudEvent', shape);

// Every CloudEvent the core makes fits the codec's JSON: a field dropped or changed fails here.
const _fits = (event: CloudEvent): t.OutputOf<typeof shape> => event;
