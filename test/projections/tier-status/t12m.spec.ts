// T12M on the row: the domain's tiering rules over the revenue recorded, for the last closed
// month before the query's day.
import { describe, expect, it } from 'vitest';
import { scenario, yuan } from './scenario.js';
import { project, statusOf } from './serve.js';

const registered = () => {
  const b = scenario();
  const acme = b.account('ACC-1');
  acme.registered('2024-12-02');
  return { b, acme };
};

describe('tier_status: T12M', () => {
  it('sums the 12 closed months before the query’s month', () => {
    const { b, acme } = registered();
    acme.revenueMonths('2025-01', 12, 100_000);
    expect(statusOf(project(b.events), 'ACC-1', '2026-01-15')).toMatchObject({
      t12mPeriod: '2025-12',
      t12mAmount: yuan(1_200_000),
      currency: 'CNY',
    });
  });

  it('leaves out the month still open and the months older than the window', () => {
    const { b, acme } = registered();
    acme.revenueMonths('2025-01', 14, 100_000);
    // On 2026-02-10 the window is 2025-02 … 2026-01: January 2025 has dropped out, and
    // February 2026 (recorded on 2026-03-03, after the day asked about) is not closed.
    expect(statusOf(project(b.events), 'ACC-1', '2026-02-10')).toMatchObject({
      t12mPeriod: '2026-01',
      t12mAmount: yuan(1_200_000),
    });
  });

  it('annualises 3 to 11 months of history', () => {
    const { b, acme } = registered();
    acme.revenueMonths('2025-10', 3, 60_000);
    expect(statusOf(project(b.events), 'ACC-1', '2026-01-10').t12mAmount).toBe(yuan(720_000));
  });

  it('shows the plain sum under 3 months of history', () => {
    const { b, acme } = registered();
    acme.revenueMonths('2025-11', 2, 60_000);
    expect(statusOf(project(b.events), 'ACC-1', '2026-01-10').t12mAmount).toBe(yuan(120_000));
  });

  it('shows 0 without revenue', () => {
    const { b } = registered();
    expect(statusOf(project(b.events), 'ACC-1', '2025-06-01')).toMatchObject({
      t12mPeriod: '2025-05',
      t12mAmount: 0,
    });
  });

  it('counts a corrected month at its corrected amount', () => {
    const { b, acme } = registered();
    acme.revenueMonths('2025-01', 12, 100_000);
    acme.corrected('2025-06', -40_000, 60_000, '2026-01-08');
    const run = project(b.events);
    expect(statusOf(run, 'ACC-1', '2026-01-15').t12mAmount).toBe(yuan(1_160_000));
    expect(run.rows('tier_status')[0]).toMatchObject({
      t12m_period: '2025-12',
      t12m_amount: yuan(1_160_000),
      currency: 'CNY',
      as_of: '2026-01-08',
    });
  });

  it('stores in SQL the T12M as of the latest event', () => {
    const { b, acme } = registered();
    acme.revenueMonths('2025-01', 12, 100_000);
    // Latest event: December's revenue, booked on 2026-01-03.
    expect(project(b.events).rows('tier_status')[0]).toMatchObject({
      t12m_period: '2025-12',
      t12m_amount: yuan(1_200_000),
      as_of: '2026-01-03',
    });
  });
});
