// Records keyed by ids from outside (request ids, periods, SKUs) are read by their own keys only:
// an id like `constructor` must not find Object.prototype.
export const lookup = <V>(record: Readonly<Record<string, V>>, key: string): V | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;
