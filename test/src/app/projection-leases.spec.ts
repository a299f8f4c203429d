// KARE_PROJECTION_PARTITIONS: the leases the workers (`kare project`) share the projections by,
// one per projection, or one per partition of those split by account.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, MAX_PROJECTION_PARTITIONS } from '../../../src/app/config.js';
import { projectionLeases } from '../../../src/app/project.js';

describe('the leases of the projections', () => {
  it('are one per projection by default', () => {
    expect(loadConfig({}).projectionPartitions).toBe(1);
    expect(projectionLeases(1).map((lease) => lease.name)).toEqual([
      'projection:stream-index',
      'projection:tier-status',
      'projection:promotion-history',
      'projection:stock-coverage',
      'projection:group',
      'projection:account-plan',
      'projection:manager-scorecard',
      'projection:account-risk',
    ]);
    expect(projectionLeases(1).every((lease) => lease.partitions === undefined)).toBe(true);
  });

  it('are one per partition of a projection split by account; those adding up over accounts stay whole', () => {
    const leases = projectionLeases(loadConfig({ KARE_PROJECTION_PARTITIONS: '3' }).projectionPartitions);
    expect(leases.filter((lease) => lease.projection.name === 'tier-status')).toEqual([
      expect.objectContaining({ name: 'projection:tier-status#0/3', partitions: { count: 3, owned: [0] } }),
      expect.objectContaining({ name: 'projection:tier-status#1/3', partitions: { count: 3, owned: [1] } }),
      expect.objectContaining({ name: 'projection:tier-status#2/3', partitions: { count: 3, owned: [2] } }),
    ]);
    const whole = leases.filter((lease) => lease.partitions === undefined).map((lease) => lease.name);
    expect(whole).toEqual([
      'projection:stream-index',
      'projection:group',
      'projection:manager-scorecard',
      'projection:account-risk',
    ]);
    expect(leases).toHaveLength(4 + 4 * 3);
  });

  it('refuses a count of partitions that is not a whole number from 1 to the most', () => {
    for (const bad of ['0', '-1', 'two', '1.5', String(MAX_PROJECTION_PARTITIONS + 1)])
      expect(() => loadConfig({ KARE_PROJECTION_PARTITIONS: bad }), bad).toThrow(
        /KARE_PROJECTION_PARTITIONS must be/,
      );
    expect(() => loadConfig({ KARE_PROJECTION_PARTITIONS: '0' })).toThrow(ConfigError);
    expect(
      loadConfig({ KARE_PROJECTION_PARTITIONS: String(MAX_PROJECTION_PARTITIONS) }).projectionPartitions,
    ).toBe(MAX_PROJECTION_PARTITIONS);
  });
});
