// Service requests on the row: how many are open, and the SLA breaches of the trailing 12 months —
// requests resolved late plus open ones already past due when the day asked about begins (those
// only while the account is not LOST).
import { describe, expect, it } from 'vitest';
import { scenario } from './scenario.js';
import { project, statusOf } from './serve.js';

const OPENED = '2026-03-02T09:00:00.000Z';
const DUE = '2026-03-02T17:00:00.000Z';

const account = () => {
  const b = scenario();
  const acme = b.account('ACC-1');
  acme.registered('2026-01-06');
  return { b, acme };
};

describe('tier_status: open requests', () => {
  it('counts the requests opened and not yet resolved', () => {
    const { b, acme } = account();
    acme.requestOpened('sr-1', OPENED, DUE);
    acme.requestOpened('sr-2', OPENED, DUE);
    acme.requestResolved('sr-1', '2026-03-02T11:00:00.000Z', DUE);
    const run = project(b.events);
    expect(statusOf(run, 'ACC-1', '2026-03-02').openRequests).toBe(1);
    expect(run.rows('tier_status')[0]?.['open_requests']).toBe(1);
  });

  it('is 0 when every request is resolved', () => {
    const { b, acme } = account();
    acme.requestOpened('sr-1', OPENED, DUE);
    acme.requestResolved('sr-1', '2026-03-02T11:00:00.000Z', DUE);
    expect(statusOf(project(b.events), 'ACC-1', '2026-03-02').openRequests).toBe(0);
  });
});

describe('tier_status: SLA breaches', () => {
  it('counts a request resolved after its SLA', () => {
    const { b, acme } = account();
    acme.requestOpened('sr-1', OPENED, DUE);
    acme.requestResolved('sr-1', '2026-03-03T10:00:00.000Z', DUE);
    const run = project(b.events);
    expect(statusOf(run, 'ACC-1', '2026-03-10').slaBreaches).toBe(1);
    expect(run.rows('tier_status')[0]?.['sla_breaches']).toBe(1);
  });

  it('does not count a request resolved in time', () => {
    const { b, acme } = account();
    acme.requestOpened('sr-1', OPENED, DUE);
    acme.requestResolved('sr-1', DUE, DUE);
    expect(statusOf(project(b.events), 'ACC-1', '2026-03-10').slaBreaches).toBe(0);
  });

  it('counts an open request once it is past due when the day begins', () => {
    const { b, acme } = account();
    acme.requestOpened('sr-1', OPENED, DUE);
    const run = project(b.events);
    // Due at 17:00 on the 2nd: it may still be met that day, and is breached from the 3rd.
    expect(statusOf(run, 'ACC-1', '2026-03-02').slaBreaches).toBe(0);
    expect(statusOf(run, 'ACC-1', '2026-03-03').slaBreaches).toBe(1);
  });

  it('adds late resolutions and open requests past due', () => {
    const { b, acme } = account();
    acme.requestOpened('sr-1', OPENED, DUE);
    acme.requestResolved('sr-1', '2026-03-04T10:00:00.000Z', DUE);
    acme.requestOpened('sr-2', '2026-03-05T09:00:00.000Z', '2026-03-05T17:00:00.000Z');
    acme.requestOpened('sr-3', '2026-03-09T09:00:00.000Z', '2026-03-14T09:00:00.000Z');
    expect(statusOf(project(b.events), 'ACC-1', '2026-03-10')).toMatchObject({
      openRequests: 2,
      slaBreaches: 2,
    });
  });

  it('counts only the breaches of the trailing 12 months', () => {
    const { b, acme } = account();
    acme.requestOpened('sr-1', '2026-02-09T09:00:00.000Z', '2026-02-09T13:00:00.000Z');
    acme.requestResolved('sr-1', '2026-02-10T10:00:00.000Z', '2026-02-09T13:00:00.000Z');
    const run = project(b.events);
    expect(statusOf(run, 'ACC-1', '2027-02-09').slaBreaches).toBe(1);
    expect(statusOf(run, 'ACC-1', '2027-02-10').slaBreaches).toBe(0);
  });

  it('keeps counting a request still open past due, however long ago it was due', () => {
    const { b, acme } = account();
    acme.requestOpened('sr-1', OPENED, DUE);
    expect(statusOf(project(b.events), 'ACC-1', '2027-06-01').slaBreaches).toBe(1);
  });

  it('counts an open request past due only while the account is not LOST', () => {
    const { b, acme } = account();
    acme.requestOpened('sr-1', OPENED, DUE);
    acme.requestOpened('sr-2', '2026-03-03T09:00:00.000Z', '2026-03-03T10:00:00.000Z');
    acme.requestResolved('sr-2', '2026-03-03T12:00:00.000Z', '2026-03-03T10:00:00.000Z');
    acme.lost('2026-03-05');
    let run = project(b.events);
    expect(statusOf(run, 'ACC-1', '2026-03-04').slaBreaches).toBe(2);
    // The late resolution is history and stays; the open request no longer counts.
    expect(statusOf(run, 'ACC-1', '2026-03-06').slaBreaches).toBe(1);
    expect(run.rows('tier_status')[0]?.['sla_breaches']).toBe(1);
    acme.reactivated('ACTIVE', '2026-03-10');
    run = project(b.events);
    expect(statusOf(run, 'ACC-1', '2026-03-06').slaBreaches).toBe(1);
    expect(statusOf(run, 'ACC-1', '2026-03-11').slaBreaches).toBe(2);
  });

  it('sees a request resolved late after the day asked about as open and past due that day', () => {
    const { b, acme } = account();
    acme.requestOpened('sr-1', OPENED, DUE);
    acme.requestResolved('sr-1', '2026-03-05T10:00:00.000Z', DUE);
    const run = project(b.events);
    expect(statusOf(run, 'ACC-1', '2026-03-01')).toMatchObject({ openRequests: 0, slaBreaches: 0 });
    expect(statusOf(run, 'ACC-1', '2026-03-03')).toMatchObject({ openRequests: 1, slaBreaches: 1 });
    expect(statusOf(run, 'ACC-1', '2026-03-06')).toMatchObject({ openRequests: 0, slaBreaches: 1 });
  });
});
