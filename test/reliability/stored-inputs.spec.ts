// Issue #14, "Inputs stored forever are checked": a name with a control character or a lone
// surrogate, a period before 2000 (or in the year 9999), a date of 1900 — the command routes
// took them all and stored them for good. They are now a 400 naming the field, and nothing is
// stored; an export holding such values from before still imports, as it was recorded.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCloudEventLine } from '../../src/app/cli/cloud-event-line.js';
import { toCloudEvent } from '../../src/cloud-events.js';
import type { StoredEvent } from '../../src/ports.js';
import { ACCOUNT, openTestServer, type TestServer } from '../adapters/http/server-fixture.js';

let server: TestServer;
const AT = '2026-05-04T09:00:00.000Z';

beforeAll(async () => {
  server = openTestServer({ start: false });
  await request(server.app)
    .post('/accounts')
    .send({ ...ACCOUNT, at: AT })
    .expect(201);
});
afterAll(() => server.close());

/** Posts the body and answers the 400's errors; nothing may have been stored. */
const refused = async (path: string, body: Record<string, unknown>) => {
  const head = await server.engine.store.headPosition();
  const res = await request(server.app)
    .post(path)
    .send({ at: AT, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.code).toBe('INVALID_REQUEST');
  expect(await server.engine.store.headPosition()).toBe(head);
  return res.body.errors as { path: string; message: string }[];
};

describe('a command carrying what must not be stored forever', () => {
  it('is a 400 naming a name with a control character or a lone surrogate', async () => {
    for (const name of ['Acme\u0007', 'Acme\u0000Inc', 'Acme \uD800', '\u202Egnp.exe', 'Two\nLines']) {
      const errors = await refused('/accounts', { ...ACCOUNT, accountId: 'other', name });
      expect(errors, JSON.stringify(name)).toEqual([
        { path: 'name', message: expect.stringMatching(/control/) },
      ]);
    }
  });

  it('is a 400 naming a period outside 2000-01 … 2999-12', async () => {
    for (const period of ['1999-12', '0000-01', '9999-12']) {
      const errors = await refused('/accounts/acme/record-revenue', {
        period,
        amount: { amount: 100, currency: 'CNY' },
        sourceRef: 'billing-run',
      });
      expect(errors).toEqual([
        { path: 'period', message: 'must be a period YYYY-MM from 2000-01 to 2999-12' },
      ]);
    }
    expect(await refused('/accounts/acme/evaluate-tier', { asOfPeriod: '1970-01' })).toEqual([
      { path: 'asOfPeriod', message: 'must be a period YYYY-MM from 2000-01 to 2999-12' },
    ]);
  });

  it('is a 400 naming a date or a timestamp outside 2000 … 2999', async () => {
    expect(
      await refused('/accounts/acme/assign-account-manager', {
        managerId: 'm-1',
        effectiveFrom: '1900-01-01',
      }),
    ).toEqual([
      { path: 'effectiveFrom', message: 'must be a date YYYY-MM-DD from 2000-01-01 to 2999-12-31' },
    ]);
    expect(
      await refused('/accounts/acme/assign-account-manager', {
        managerId: 'm-1',
        effectiveFrom: '2026-05-01',
        at: '1999-12-31T23:00:00Z',
      }),
    ).toEqual([{ path: 'at', message: 'must be a timestamp from 2000-01-01 to 2999-12-31 (UTC)' }]);
  });

  it('is accepted when the same values are within bounds', async () => {
    await request(server.app)
      .post('/accounts/acme/record-revenue')
      .send({
        at: AT,
        period: '2000-01',
        amount: { amount: 100, currency: 'CNY' },
        sourceRef: 'Zürich 北京 \u{1F680}',
      })
      .expect(200);
  });
});

describe('an event recorded before these checks', () => {
  it('imports as it was stored: what the log holds is history, not input', async () => {
    let registered: StoredEvent | undefined;
    for await (const event of server.engine.store.readStream('account-acme')) registered ??= event;
    const old = {
      ...registered!,
      data: {
        ...(registered!.data as Record<string, unknown>),
        name: 'Acme\u0007',
        at: '1999-06-01T00:00:00.000Z',
      },
    };
    const line = JSON.stringify(toCloudEvent(old));
    expect(parseCloudEventLine(line).data).toMatchObject({
      name: 'Acme\u0007',
      at: '1999-06-01T00:00:00.000Z',
    });
  });
});
