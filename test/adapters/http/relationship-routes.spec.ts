// The relationship commands over HTTP, end to end on the real server and SQLite store: routes
// generated from the command registry, domain rules as 422 problems, bad input as 400 with
// paths, the events' schemas published, and the state showing contacts without their details.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestServer, type TestServer } from './server-fixture.js';

const AT = '2026-05-04T09:00:00.000Z';
let server: TestServer;

const post = (path: string, body: Record<string, unknown>) =>
  request(server.app)
    .post(path)
    .send({ at: AT, ...body });

const ok = async (path: string, body: Record<string, unknown>) => {
  const res = await post(path, body);
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
};

beforeAll(async () => {
  server = openTestServer({ start: false });
  await ok('/accounts', { accountId: 'acme', name: 'Acme', industry: 'FINANCE', region: 'North' });
  await ok('/accounts/acme/assign-account-manager', { managerId: 'm-1', effectiveFrom: '2026-05-01' });
});
afterAll(async () => server.close());

describe('relationship command routes', () => {
  it('adds a contact, its personal details in one object named by the contact id', async () => {
    const res = await ok('/accounts/acme/add-contact', {
      contactId: 'ct-chen',
      name: 'Chen Jing',
      role: 'DECISION_MAKER',
      phone: '+86 10 6552-8888',
      email: 'chen.jing@acme.example',
    });
    expect(res.body.events).toMatchObject([
      {
        type: 'ContactAdded',
        data: {
          accountId: 'acme',
          contactId: 'ct-chen',
          role: 'DECISION_MAKER',
          personal: { name: 'Chen Jing', phone: '+86 10 6552-8888', email: 'chen.jing@acme.example' },
        },
      },
    ]);
  });

  it('logs a visit with an agreed action and completes the action', async () => {
    const visit = await ok('/accounts/acme/log-visit', {
      visitId: 'v-1',
      on: '2026-05-03',
      kind: 'EXECUTIVE_VISIT',
      contactIds: ['ct-chen'],
      notes: 'Renewal and the branch rollout',
      agreedActions: [{ actionId: 'act-1', what: 'Quote the rollout', owner: 'm-1', due: '2026-05-10' }],
    });
    expect(visit.body.events).toMatchObject([{ type: 'VisitLogged', data: { managerId: 'm-1' } }]);
    const done = await ok('/accounts/acme/complete-action', { actionId: 'act-1', on: '2026-05-04' });
    expect(done.body.events).toMatchObject([
      { type: 'ActionCompleted', data: { actionId: 'act-1', visitId: 'v-1', onTime: true } },
    ]);
  });

  it('sets the account plan', async () => {
    const res = await ok('/accounts/acme/set-account-plan', {
      year: 2026,
      revenueTarget: { amount: 400_000_000, currency: 'CNY' },
      skuTargets: { 'SKU-ROUTER': 1200 },
      promotionBudget: { amount: 15_000_000, currency: 'CNY' },
      stockTargets: { 'SKU-ROUTER': { offSeasonDays: 21, peakDays: 35 } },
    });
    expect(res.body.events).toMatchObject([
      { type: 'AccountPlanSet', data: { year: 2026, replacesEarlier: false } },
    ]);
  });

  it('resolves a request with satisfaction and cause', async () => {
    await ok('/accounts/acme/open-service-request', {
      requestId: 'sr-1',
      kind: 'BILLING_QUERY',
      channel: 'HOTLINE',
    });
    const res = await ok('/accounts/acme/resolve-service-request', {
      requestId: 'sr-1',
      satisfaction: 2,
      causeCode: 'BILLING',
    });
    expect(res.body.events).toMatchObject([
      { type: 'ServiceRequestResolved', data: { satisfaction: 2, causeCode: 'BILLING', slaMet: true } },
    ]);
  });

  it('answers a broken rule with a 422 problem naming the domain code', async () => {
    const res = await post('/accounts/acme/log-visit', {
      visitId: 'v-2',
      on: '2026-05-04',
      kind: 'MEETING',
      contactIds: ['ct-ghost'],
      notes: '',
      agreedActions: [],
    });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'UNKNOWN_CONTACT' });
  });

  it('answers bad input with a 400 naming every bad field', async () => {
    const res = await post('/accounts/acme/add-contact', {
      contactId: 'ct-wu',
      name: 'Wu Lei',
      role: 'BOSS',
      email: 'not-an-email',
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('role');
    expect(JSON.stringify(res.body)).toContain('email');
  });

  it('removes a contact, and the state shows contacts by id and role only', async () => {
    await ok('/accounts/acme/remove-contact', { contactId: 'ct-chen', reason: 'retired' });
    const res = await request(server.app).get('/accounts/acme/state');
    expect(res.status).toBe(200);
    expect(res.body.state).toMatchObject({
      contacts: { 'ct-chen': { role: 'DECISION_MAKER', removed: true } },
      actions: { 'act-1': { completedOn: '2026-05-04' } },
      plans: { '2026': { revenueTarget: { amount: 400_000_000, currency: 'CNY' } } },
    });
    expect(JSON.stringify(res.body.state)).not.toContain('Chen Jing');
  });

  it('publishes the JSON Schema of the new events, the erased form of personal data among them', async () => {
    const res = await request(server.app).get('/schemas/ContactAdded');
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body.properties.personal)).toContain('erased');
    for (const type of ['ContactRemoved', 'VisitLogged', 'ActionCompleted', 'AccountPlanSet']) {
      expect((await request(server.app).get(`/schemas/${type}`)).status).toBe(200);
    }
  });
});
