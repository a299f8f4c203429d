// An EventStore over another (sealing, shared pages) passes on the optional methods its inner
// store has, bound to it, and leaves out the ones it lacks: callers test for them.
import type { EventStore } from './ports.js';

type OptionalMethods = Pick<
  EventStore,
  'claimCommandId' | 'claimCommand' | 'storeId' | 'countEvents' | 'health'
>;

const OPTIONAL: readonly (keyof OptionalMethods)[] = [
  'claimCommandId',
  'claimCommand',
  'storeId',
  'countEvents',
  'health',
];

export const optionalMethodsOf = (inner: EventStore): OptionalMethods => {
  const methods: Record<string, unknown> = {};
  for (const name of OPTIONAL) {
    const method = inner[name];
    if (typeof method === 'function') methods[name] = method.bind(inner);
  }
  return methods as OptionalMethods;
};
