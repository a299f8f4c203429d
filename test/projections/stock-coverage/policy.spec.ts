// Which policy the figures use: the served rows take the policy of the query's context; the
// plain columns and the daily snapshots, computed when events are applied, take the version
// the latest event recorded (in its data or its metadata), v1 when it is unknown.
import { describe, expect, it } from 'vitest';
import { POLICY_V1 } from '../../../domain/kernel/index.js';
import { projection } from '../../../projections/stock-coverage/index.js';
import { runProjection } from '../../support/projection-harness.js';
import { baseScenario, steadyReports } from './scenario.js';
import { model } from './serve.js';

describe('policy', () => {
  it('of a served row is the query’s', () => {
    const run = runProjection(projection, baseScenario().add(...steadyReports(390)).events);
    const doc = run.doc('stock_coverage', 'acc-1:SKU-1');
    const stricter = {
      ...POLICY_V1,
      version: 'test',
      coverage: { ...POLICY_V1.coverage, overstockDays: 30 },
    };
    const present = (policy: typeof POLICY_V1) =>
      model('stock-coverage').present(doc as never, { asOf: '2026-03-22', policy })['flags'];
    // 39 days of supply: overstock only above 30 days.
    expect(present(stricter)).toEqual(['OVERSTOCK']);
    expect(present(POLICY_V1)).toEqual([]);
  });

  it('of the columns is the one the latest event recorded, in its data or its metadata', () => {
    const scenario = baseScenario({ policyVersion: 'v1' });
    const events = scenario.add(...steadyReports(390).slice(0, 1)).events;
    const last = events.at(-1);
    if (last === undefined) throw new Error('no event');
    events[events.length - 1] = { ...last, metadata: { ...last.metadata, policyVersion: 'v2' } };
    const run = runProjection(projection, events);
    expect(run.doc('stock_coverage', 'acc-1:SKU-1')).toMatchObject({ policyVersion: 'v2' });
    expect(run.doc('stock_coverage_daily', 'acc-1:SKU-1:2026-03-01')).toMatchObject({ policyVersion: 'v2' });
  });

  it('falls back to v1 for a version the engine does not know', () => {
    const run = runProjection(
      projection,
      baseScenario({ policyVersion: 'v9' }).add(...steadyReports(390)).events,
    );
    expect(run.doc('stock_coverage', 'acc-1:SKU-1')).toMatchObject({ policyVersion: 'v9' });
    // v1's terms: 7 stale days for tier A, overstock above 60 days.
    expect(run.rows('stock_coverage')).toMatchObject([{ stale_after_days: 7, flags: '[]' }]);
  });
});
