// The account's view of its manager: the mean score of the 90 days ending on the day asked about.
import { describe, expect, it } from 'vitest';
import { scenario } from './scenario.js';
import { project, statusOf } from './serve.js';

const account = () => {
  const b = scenario();
  const acme = b.account('ACC-1');
  acme.registered('2025-10-01');
  acme.managerAssigned('mgr-li', '2025-10-02');
  return { b, acme };
};

describe('tier_status: average feedback (90 days)', () => {
  it('averages the scores of the 90 days ending on the day, to 2 decimals', () => {
    const { b, acme } = account();
    acme.feedback(5, '2026-02-01');
    acme.feedback(4, '2026-03-01');
    acme.feedback(4, '2026-04-30');
    const run = project(b.events);
    expect(statusOf(run, 'ACC-1', '2026-04-30').averageFeedback90d).toBe(4.33);
    expect(run.rows('tier_status')[0]?.['average_feedback_90d']).toBe(4.33);
  });

  it('leaves out scores older than 90 days and scores after the day', () => {
    const { b, acme } = account();
    // 2026-04-30 − 90 days = 2026-01-30: that day is out, the next one in.
    acme.feedback(1, '2026-01-30');
    acme.feedback(3, '2026-01-31');
    acme.feedback(5, '2026-05-01');
    expect(statusOf(project(b.events), 'ACC-1', '2026-04-30').averageFeedback90d).toBe(3);
  });

  it('is null without feedback in the window', () => {
    const { b, acme } = account();
    expect(statusOf(project(b.events), 'ACC-1', '2026-04-30').averageFeedback90d).toBeNull();
    acme.feedback(5, '2025-11-01');
    expect(statusOf(project(b.events), 'ACC-1', '2026-04-30').averageFeedback90d).toBeNull();
  });
});

describe('tier_status: average request satisfaction (90 days)', () => {
  const request = (
    acme: ReturnType<typeof account>['acme'],
    id: string,
    day: string,
    satisfaction?: number,
  ) => {
    acme.requestOpened(id, `${day}T08:00:00.000Z`, `${day}T20:00:00.000Z`);
    acme.requestResolved(id, `${day}T09:00:00.000Z`, `${day}T20:00:00.000Z`, satisfaction);
  };

  it('averages the satisfaction of the requests resolved in the 90 days ending on the day, to 2 decimals', () => {
    const { b, acme } = account();
    request(acme, 'sr-1', '2026-01-30', 1);
    request(acme, 'sr-2', '2026-02-01', 2);
    request(acme, 'sr-3', '2026-03-01', 2);
    request(acme, 'sr-4', '2026-04-30', 3);
    request(acme, 'sr-5', '2026-05-01', 5);
    const run = project(b.events);
    expect(statusOf(run, 'ACC-1', '2026-04-30').averageSatisfaction90d).toBe(2.33);
    expect(run.rows('tier_status')[0]?.['average_satisfaction_90d']).toBe(3);
  });

  it('leaves out resolutions without a satisfaction (the old ones among them): null with none', () => {
    const { b, acme } = account();
    request(acme, 'sr-1', '2026-04-01');
    expect(statusOf(project(b.events), 'ACC-1', '2026-04-30').averageSatisfaction90d).toBeNull();
    request(acme, 'sr-2', '2026-04-02', 4);
    expect(statusOf(project(b.events), 'ACC-1', '2026-04-30').averageSatisfaction90d).toBe(4);
  });
});
