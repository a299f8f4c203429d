// How a projection reacts to events: a record of handlers by event type. A projection's
// `handles` and `apply` are both made from that record, so they cannot disagree.
import type { ProjectedEvent, ProjectionContext } from './projection.js';

export type EventHandler = (event: ProjectedEvent, context: ProjectionContext) => void;
export type EventHandlers = Readonly<Record<string, EventHandler>>;

/**
 * A handler of one domain event type E, given the event's data as E's. The store decoded and
 * upcast the event before the projector saw it, so the data has the current codec's shape.
 */
export const on =
  <E extends { readonly data: object }>(
    handle: (data: E['data'], event: ProjectedEvent, context: ProjectionContext) => void,
  ): EventHandler =>
  (event, context) =>
    handle(event.data as unknown as E['data'], event, context);

/** The `handles` and `apply` of a projection that reacts with these handlers. */
export const handledBy = (
  handlers: EventHandlers,
): { readonly handles: readonly string[]; readonly apply: EventHandler } => ({
  handles: Object.keys(handlers),
  apply: (event, context) => {
    // Own keys only: the type comes from the log, and `constructor` is no handler.
    if (Object.hasOwn(handlers, event.type)) handlers[event.type]?.(event, context);
  },
});
