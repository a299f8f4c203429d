// The metrics scrape: the projection gauges share one status read per scrape (a lag count asks
// the store), and the next scrape reads afresh.
import { describe, expect, it } from 'vitest';
import { createHttpMetrics } from '../../../adapters/http/metrics.js';
import type { ProjectionStatus } from '../../../src/ports.js';

const status = (position: bigint): ProjectionStatus =>
  ({
    name: 'tier-status',
    version: 1,
    position,
    head: 10n,
    lag: 10n - position,
    state: 'live',
  }) as ProjectionStatus;

describe('the metrics scrape', () => {
  it('reads the projections’ status once per scrape, and afresh on the next', async () => {
    let reads = 0;
    let position = 4n;
    const metrics = createHttpMetrics({
      processMetrics: false,
      projectionStatus: async () => {
        reads += 1;
        return [status(position)];
      },
    });
    const first = await metrics.registry.metrics();
    expect(reads).toBe(1);
    expect(first).toMatch(/kare_projection_lag_events\{projection="tier-status"\} 6/);
    position = 9n;
    await new Promise((resolve) => setImmediate(resolve));
    const second = await metrics.registry.metrics();
    expect(reads).toBe(2);
    expect(second).toMatch(/kare_projection_position\{projection="tier-status",state="live"\} 9/);
  });
});
