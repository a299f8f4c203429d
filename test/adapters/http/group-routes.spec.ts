// The Group's commands over HTTP, generated from the registry like every aggregate's: a group
// registered, members added and removed, its lead manager and sponsor, and an account in at
// most one group, on the real engine (the projector runs: the stream index points to the group).
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestServer, type TestServer } from './server-fixture.js';

let server: TestServer;

const post = (path: string, body: Record<string, unknown> = {}) => request(server.app).post(path).send(body);

/** Posts and waits until the stream index has seen what the command wrote. */
const posted = async (path: string, body: Record<string, unknown> = {}) => {
  const res = await post(path, body);
  if (res.status < 300) {
    await server.engine.projector.waitFor(BigInt(res.body.position as string), 5000, 'stream-index');
  }
  return res;
};

const group = (groupId: string, name = 'Bank of the East') =>
  posted('/groups', { groupId, name, industry: 'FINANCE', headquartersRegion: 'Shanghai' });

const account = (accountId: string, region: string) =>
  posted('/accounts', { accountId, name: `Branch ${accountId}`, industry: 'FINANCE', region });

beforeEach(async () => {
  server = openTestServer();
  await account('boe-sh', 'Shanghai');
  await account('boe-bj', 'Beijing');
});
afterEach(async () => server.close());

describe('group routes', () => {
  it('registers a group: 201 at /groups/{id}, its stream group-<id>', async () => {
    const res = await group('boe');
    expect(res.status).toBe(201);
    expect(res.headers['location']).toBe('/groups/boe');
    expect(res.body).toMatchObject({
      streamId: 'group-boe',
      revision: '0',
      events: [
        {
          type: 'GroupRegistered',
          data: {
            groupId: 'boe',
            name: 'Bank of the East',
            industry: 'FINANCE',
            headquartersRegion: 'Shanghai',
          },
        },
      ],
    });
    const again = await group('boe');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_EXISTS');
  });

  it('adds members from several regions, assigns the lead manager and the sponsor, and serves the state', async () => {
    await group('boe');
    expect((await posted('/groups/boe/add-member', { accountId: 'boe-sh' })).status).toBe(200);
    expect((await posted('/groups/boe/add-member', { accountId: 'boe-bj' })).status).toBe(200);
    const manager = await posted('/groups/boe/assign-group-manager', { managerId: 'mgr-lead' });
    expect(manager.body.events).toMatchObject([
      { type: 'GroupManagerAssigned', data: { previous: null, next: 'mgr-lead' } },
    ]);
    const sponsor = await posted('/groups/boe/set-executive-sponsor', { executiveId: 'vp-wang' });
    expect(sponsor.body.events).toMatchObject([{ type: 'ExecutiveSponsorSet', data: { next: 'vp-wang' } }]);

    const state = await request(server.app).get('/groups/boe/state');
    expect(state.status).toBe(200);
    expect(JSON.stringify(state.body)).toContain('"members":["boe-sh","boe-bj"]');
    expect(JSON.stringify(state.body)).toContain('"executiveSponsorId":"vp-wang"');
  });

  it('refuses an unknown account (422 UNKNOWN_ACCOUNT) and a command on an unknown group (404)', async () => {
    await group('boe');
    const unknown = await post('/groups/boe/add-member', { accountId: 'ghost' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('UNKNOWN_ACCOUNT');
    const noGroup = await post('/groups/nobody/add-member', { accountId: 'boe-sh' });
    expect(noGroup.status).toBe(404);
  });

  it('keeps an account in at most one group: another group is refused until it has left the first', async () => {
    await group('boe');
    await group('cmb', 'China Merchants');
    await posted('/groups/boe/add-member', { accountId: 'boe-sh' });

    const second = await post('/groups/cmb/add-member', { accountId: 'boe-sh' });
    expect(second.status).toBe(422);
    expect(second.body).toMatchObject({ code: 'MEMBER_OF_ANOTHER_GROUP', facts: { memberOf: 'boe' } });

    const again = await post('/groups/boe/add-member', { accountId: 'boe-sh' });
    expect(again.body.code).toBe('ALREADY_A_MEMBER');

    const left = await posted('/groups/boe/remove-member', {
      accountId: 'boe-sh',
      reason: 'merged into CMB',
    });
    expect(left.status).toBe(200);
    expect((await posted('/groups/cmb/add-member', { accountId: 'boe-sh' })).status).toBe(200);
  });

  it('trusts the group’s own stream over an index that has not seen a removal yet', async () => {
    await group('boe');
    await group('cmb', 'China Merchants');
    await posted('/groups/boe/add-member', { accountId: 'boe-sh' });
    // The projector is stopped: the index still says boe when the account leaves it.
    await server.engine.projector.stop();
    expect((await post('/groups/boe/remove-member', { accountId: 'boe-sh', reason: 'sold' })).status).toBe(
      200,
    );
    expect((await post('/groups/cmb/add-member', { accountId: 'boe-sh' })).status).toBe(200);
  });

  it('serves the group read model: members, combined T12M, tier, and the sponsor gap until a sponsor is set', async () => {
    await group('boe');
    await posted('/groups/boe/add-member', { accountId: 'boe-sh' });
    await posted('/groups/boe/add-member', { accountId: 'boe-bj' });
    const today = new Date();
    // Three closed months before today, annualised: ¥1.8M and ¥1.2M a year (B each), ¥3M together (A).
    for (const back of [1, 2, 3]) {
      const month = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - back, 1));
      const period = month.toISOString().slice(0, 7);
      for (const [accountId, yuan] of [
        ['boe-sh', 150_000],
        ['boe-bj', 100_000],
      ] as const) {
        const res = await post(`/accounts/${accountId}/record-revenue`, {
          period,
          amount: { amount: yuan * 100, currency: 'CNY' },
          sourceRef: `ERP-${period}`,
        });
        expect(res.status).toBe(200);
      }
    }
    const gap = async () => {
      await server.engine.projector.waitFor(await server.engine.store.headPosition(), 5000);
      return (await request(server.app).get('/read-models/groups?sponsorGap=true')).body.items as unknown[];
    };
    expect(await gap()).toMatchObject([
      {
        groupId: 'boe',
        memberIds: ['boe-sh', 'boe-bj'],
        t12mAmount: 300_000_000,
        tier: 'A',
        sponsorGap: true,
      },
    ]);
    await post('/groups/boe/set-executive-sponsor', { executiveId: 'vp-wang' });
    expect(await gap()).toEqual([]);
  });

  it('lists the group’s commands and events in OpenAPI and /schemas', async () => {
    const openapi = await request(server.app).get('/openapi.json');
    const paths = Object.keys(openapi.body.paths as Record<string, unknown>);
    expect(paths).toEqual(
      expect.arrayContaining(['/groups', '/groups/{id}/add-member', '/groups/{id}/state']),
    );
    const schemas = await request(server.app).get('/schemas');
    expect(JSON.stringify(schemas.body)).toContain('GroupMemberAdded');
  });

  it('publishes the group’s events to integrators under the category group, as CloudEvents', async () => {
    await group('boe');
    await posted('/groups/boe/add-member', { accountId: 'boe-sh' });
    const res = await request(server.app).get('/events?category=group');
    expect(res.status).toBe(200);
    expect(res.body.items.map((e: { type: string }) => e.type)).toEqual([
      'kare.group.GroupRegistered',
      'kare.group.GroupMemberAdded',
    ]);
    expect(res.body.items[1]).toMatchObject({
      subject: 'group-boe',
      data: { groupId: 'boe', accountId: 'boe-sh' },
    });
  });
});
