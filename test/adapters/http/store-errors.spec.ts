// The event store's typed failures at the edge: a store that is down is a 503 with Retry-After
// (never a 500), a position it never issued a 400, an append over its maximum size a 413.
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AppendTooLarge,
  StoreMisconfigured,
  StoreUnavailable,
  UnknownPosition,
  type EventStore,
} from '../../../src/ports.js';
import type { Engine } from '../../../src/engine.js';
import { ACCOUNT, openTestServer, overrideStore, type TestServer } from './server-fixture.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The engine's own store fails its appends (the command handler holds that very object). */
const failingAppend =
  (error: Error) =>
  (engine: Engine): Engine => {
    Object.assign(engine.store, {
      append: async () => {
        throw error;
      },
    });
    return engine;
  };

const register = (app: TestServer['app']) => request(app).post('/accounts').send(ACCOUNT);

describe('the event store failing under a request', () => {
  it('answers a command with 503 STORE_UNAVAILABLE and Retry-After when the store is down', async () => {
    server = openTestServer({ start: false, engine: failingAppend(new StoreUnavailable('disk I/O error')) });
    const res = await register(server.app);
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('STORE_UNAVAILABLE');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('answers 503 when the store refuses KARE (a missing permission)', async () => {
    server = openTestServer({
      start: false,
      engine: failingAppend(new StoreMisconfigured('denied write to user reader')),
    });
    expect((await register(server.app)).status).toBe(503);
  });

  it('answers 413 APPEND_TOO_LARGE for an append over the store’s maximum size', async () => {
    server = openTestServer({
      start: false,
      engine: failingAppend(new AppendTooLarge('account-acme', 2_000_000, 1_048_576)),
    });
    const res = await register(server.app);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('APPEND_TOO_LARGE');
  });

  it('answers 400 UNKNOWN_POSITION for a position the store never issued', async () => {
    const unknown: Partial<EventStore> = {
      // eslint-disable-next-line require-yield
      readAll: async function* (options) {
        throw new UnknownPosition(options?.fromPosition ?? 0n, 'not a record boundary');
      },
    };
    server = openTestServer({ start: false, engine: overrideStore(unknown) });
    const res = await request(server.app).get('/events?from=12345');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('UNKNOWN_POSITION');
    expect(res.body.detail).toContain('12345');
  });
});
