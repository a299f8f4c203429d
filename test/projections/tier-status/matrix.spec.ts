// The tier × industry matrix: accounts per effective tier and industry, every cell present.
import { describe, expect, it } from 'vitest';
import { INDUSTRIES, TIERS_DESCENDING } from '../../../domain/kernel/index.js';
import { scenario } from './scenario.js';
import { project, runReport } from './serve.js';

const zeros = () =>
  Object.fromEntries(
    TIERS_DESCENDING.map((tier) => [tier, Object.fromEntries(INDUSTRIES.map((industry) => [industry, 0]))]),
  ) as Record<string, Record<string, number>>;

describe('tier-status report: matrix', () => {
  it('has all 4 tiers × 9 industries at zero for an empty scenario', () => {
    expect(runReport(project([]), 'tier-status', 'matrix', '2026-01-01')).toEqual(zeros());
  });

  it('counts accounts per effective tier and industry', () => {
    const b = scenario();
    b.account('F-1').registered('2025-01-06', { industry: 'FINANCE', region: 'North' });
    b.account('F-1').tierChanged('NONE', 'A', '2025-03', 3_600_000, '2025-04-05');
    b.account('F-2').registered('2025-01-06', { industry: 'FINANCE', region: 'South' });
    b.account('F-2').tierChanged('NONE', 'A', '2025-03', 3_300_000, '2025-04-05');
    b.account('R-1').registered('2025-01-06', { industry: 'RETAIL', region: 'North' });
    b.account('E-1').registered('2025-01-06', { industry: 'ENERGY', region: 'North' });
    b.account('E-1').overridden('B', '2026-03-31', '2025-12-01');
    const run = project(b.events);

    const expected = zeros();
    expected['A']!['FINANCE'] = 2;
    expected['NONE']!['RETAIL'] = 1;
    expected['B']!['ENERGY'] = 1;
    expect(runReport(run, 'tier-status', 'matrix', '2026-01-01')).toEqual(expected);

    // Over the filtered rows only, and with the override run out.
    const north = zeros();
    north['A']!['FINANCE'] = 1;
    north['NONE']!['RETAIL'] = 1;
    north['NONE']!['ENERGY'] = 1;
    expect(runReport(run, 'tier-status', 'matrix', '2026-04-01', { region: 'North' })).toEqual(north);
  });
});
