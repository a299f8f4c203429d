// The partitions of a split build as both projection storages and the projector read them: a
// build stands where its furthest-behind partition does, and partition numbers and counts are
// whole numbers (a hash modulo the count picks an account's), and a split keeps to one rule.
import { PartitionsDiffer, type Build, type BuildState } from '../../ports.js';

/** The lowest of a split build's positions: where the build as a whole stands. */
export const lowestPosition = (positions: readonly bigint[]): bigint =>
  positions.reduce((low, at) => (at < low ? at : low));

/** A partition's number (from 0), or a count of them (from 1): a whole number, as JavaScript counts exactly. */
export const checkedPartitionNumber = (value: number, least: 0 | 1, what: string): number => {
  if (!Number.isSafeInteger(value) || value < least)
    throw new RangeError(`${what} must be a whole number from ${least}, not ${value}`);
  return value;
};

/** A checkpoint as a split reads it: the build's own row, or one partition's. */
export interface StoredCheckpoint {
  readonly position: bigint;
  readonly store: string | null;
}

/**
 * What splitting a build into `count` partitions writes, from its checkpoint row and its
 * partitions' rows (none: not split): `unchanged` when it has `count` already; else the one
 * position every new partition starts at, and the store that issued it. Only a live build is
 * split; partitions standing apart can't be (PartitionsDiffer: rebuild it instead).
 */
export const splitOf = (
  build: Pick<Build, 'projection' | 'version'>,
  state: BuildState,
  checkpoint: StoredCheckpoint,
  partitions: readonly StoredCheckpoint[],
  count: number,
): 'unchanged' | StoredCheckpoint => {
  if (state !== 'live')
    throw new Error(
      `${build.projection} v${build.version}: only a live build can be split, not a ${state} one`,
    );
  if (partitions.length === (count === 1 ? 0 : count)) return 'unchanged';
  const at = partitions[0]?.position ?? checkpoint.position;
  if (partitions.some((p) => p.position !== at)) throw new PartitionsDiffer(build.projection, count);
  return { position: at, store: storeOf(checkpoint, partitions) };
};

/** The store that issued a build's positions: a partition's commit recorded it, or the build's row. */
export const storeOf = (
  checkpoint: StoredCheckpoint,
  partitions: readonly StoredCheckpoint[],
): string | null => partitions.find((p) => p.store !== null)?.store ?? checkpoint.store;
