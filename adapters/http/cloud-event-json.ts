// A CloudEvent as integrators receive it (SSE, /events): the core's one codec of the shape,
// defined once in the document's components.
import { CloudEventCodec } from '../../src/cloud-events.js';
import { component } from './documented-codec.js';

export const CloudEventJson = component('CloudEvent', CloudEventCodec);
