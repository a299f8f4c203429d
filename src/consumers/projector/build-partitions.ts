// The partitions of a split build as both projection storages and the projector read them: a
// build stands where its furthest-behind partition does, and partition numbers and counts are
// whole numbers (a hash modulo the count picks an account's).

/** The lowest of a split build's positions: where the build as a whole stands. */
export const lowestPosition = (positions: readonly bigint[]): bigint =>
  positions.reduce((low, at) => (at < low ? at : low));

/** A partition's number (from 0), or a count of them (from 1): a whole number, as JavaScript counts exactly. */
export const checkedPartitionNumber = (value: number, least: 0 | 1, what: string): number => {
  if (!Number.isSafeInteger(value) || value < least)
    throw new RangeError(`${what} must be a whole number from ${least}, not ${value}`);
  return value;
};
