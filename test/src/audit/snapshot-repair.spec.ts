import { describe, expect, it } from 'vitest';
import { checkpointsBetween, isCheckpoint } from '../../../src/audit/snapshot-repair.js';
import { SNAPSHOT_INTERVAL } from '../../../src/commands/aggregate-loader.js';

describe('checkpoints of read repair', () => {
  it('closes each interval of events: revisions 99, 199 … for an interval of 100', () => {
    expect(SNAPSHOT_INTERVAL).toBe(100n);
    expect([0n, 98n, 99n, 100n, 199n, 200n].filter(isCheckpoint)).toEqual([99n, 199n]);
  });

  it('lists the checkpoints after a snapshot (or none) up to a revision, both ends as given', () => {
    expect(checkpointsBetween(undefined, 98n)).toEqual([]);
    expect(checkpointsBetween(undefined, 99n)).toEqual([99n]);
    expect(checkpointsBetween(98n, 250n)).toEqual([99n, 199n]);
    expect(checkpointsBetween(99n, 199n)).toEqual([199n]);
    expect(checkpointsBetween(100n, 398n)).toEqual([199n, 299n]);
    // Far beyond 2^53: bigint all the way.
    const far = 10n ** 18n;
    expect(checkpointsBetween(far - 1n, far + 98n)).toEqual([]);
    expect(checkpointsBetween(far - 2n, far + 99n)).toEqual([far - 1n, far + 99n]);
  });
});
