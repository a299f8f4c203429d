// The one place between the engine and any event store (embedded SQLite, EventStoreDB, memory)
// where personal data is sealed and opened: an EventStore over another. On append, an event's
// personal object is replaced by its envelope sealed with the subject's key (made on first use);
// on every read (streams, $all, subscriptions) the envelope is opened again, or shown as
// `{ erased: true }` once the key is gone. The hash chain and `verify` see what is stored, so
// erasing a key changes no hash. Deciders, projections and subscribers see plain events only.
import { ERASED, type PersonalDataField } from '../../domain/kernel/index.js';
import type {
  DataKey,
  EventStore,
  JsonObject,
  KeyStore,
  NewEvent,
  StoredEvent,
  Subscription,
} from '../ports.js';
import { personalDataFields, type PersonalDataFields } from './personal-data-fields.js';
import { isSealed, seal, unseal, type Sealed } from './sealed.js';
import { optionalMethodsOf } from '../store-delegation.js';

/** What the store holds in an event's personal field: the envelope, when it holds one. */
export const sealedOf = (
  fields: PersonalDataFields,
  event: Pick<StoredEvent, 'type' | 'data'>,
): Sealed | undefined => {
  const field = fields.get(event.type);
  if (field === undefined) return undefined;
  const value = event.data[field.field];
  return isSealed(value) ? value : undefined;
};

const withPersonal = (data: JsonObject, field: PersonalDataField, value: JsonObject): JsonObject => ({
  ...data,
  [field.field]: value,
});

/**
 * The event with its envelope opened by the key, or erased without one. A key that does not
 * open it is not the key it was sealed with (that one is gone): erased too.
 */
export const openedWith = (
  fields: PersonalDataFields,
  event: StoredEvent,
  sealed: Sealed,
  key: DataKey | undefined,
): StoredEvent => {
  const field = fields.get(event.type)!;
  let personal: JsonObject = ERASED;
  if (key !== undefined) {
    try {
      personal = unseal(sealed, key);
    } catch {
      personal = ERASED;
    }
  }
  return { ...event, data: withPersonal(event.data, field, personal) };
};

export class PersonalDataSubjectMismatch extends Error {
  override readonly name = 'PersonalDataSubjectMismatch';
}

export const createSealingStore = (
  inner: EventStore,
  keys: KeyStore,
  fields: PersonalDataFields = personalDataFields(),
): EventStore => {
  /** An event to append, its personal object sealed (an erased subject's is kept as erased). */
  const sealEvent = async (event: NewEvent): Promise<NewEvent> => {
    const field = fields.get(event.type);
    // An import carries its own time and hash: what it brings is stored exactly as it comes.
    if (field === undefined || event.recordedAt !== undefined) return event;
    const personal = event.data[field.field];
    const subject = event.data[field.subjectField];
    if (
      personal === undefined ||
      personal === null ||
      typeof personal !== 'object' ||
      Array.isArray(personal)
    )
      return event;
    if (typeof subject !== 'string') return event;
    if (isSealed(personal)) {
      if (personal.subject !== subject)
        throw new PersonalDataSubjectMismatch(
          `${event.type} ${event.eventId}: sealed for ${personal.subject}, not ${subject}`,
        );
      return event;
    }
    const key = await keys.keyFor(subject);
    // A subject erased stays erased: what comes for it later is not kept either.
    const stored = key === undefined ? ERASED : seal(subject, personal as JsonObject, key, event.eventId);
    return { ...event, data: withPersonal(event.data, field, stored) };
  };

  /** A stored event as readers see it: its personal object opened, or erased. */
  const open = async (event: StoredEvent): Promise<StoredEvent> => {
    const sealed = sealedOf(fields, event);
    if (sealed === undefined) return event;
    return openedWith(fields, event, sealed, await keys.get(sealed.subject));
  };

  // The projector's rebuilds read every event through here: one without personal data passes
  // as it is, with no await of its own.
  async function* opened(events: AsyncIterable<StoredEvent>): AsyncGenerator<StoredEvent> {
    for await (const event of events) yield sealedOf(fields, event) === undefined ? event : await open(event);
  }

  const openedSubscription = (subscription: Subscription): Subscription => {
    const connection = subscription.connection?.bind(subscription);
    return {
      [Symbol.asyncIterator]: () => {
        const events = subscription[Symbol.asyncIterator]();
        return {
          next: async () => {
            const next = await events.next();
            return next.done === true ? next : { done: false, value: await open(next.value) };
          },
          return: async (value?: unknown) =>
            events.return === undefined
              ? { done: true as const, value: undefined }
              : ((await events.return(value)) as IteratorResult<StoredEvent>),
        };
      },
      close: () => subscription.close(),
      ...(connection === undefined ? {} : { connection }),
    };
  };

  return {
    append: async (streamId, events, options) => {
      const personal = events.some((event) => fields.has(event.type) && event.recordedAt === undefined);
      const sealed = personal ? await Promise.all(events.map(sealEvent)) : events;
      return inner.append(streamId, sealed, options);
    },
    readStream: (streamId, options) => opened(inner.readStream(streamId, options)),
    readAll: (options) => opened(inner.readAll(options)),
    subscribe: (options) => openedSubscription(inner.subscribe(options)),
    verify: (streamId) => inner.verify(streamId),
    headPosition: () => inner.headPosition(),
    close: () => inner.close(),
    ...optionalMethodsOf(inner),
  };
};
