// Issue #14, open mode (no API keys: every caller is admin): the listen address was checked by
// its text (`127.0.0.1.evil` passed as loopback), and any Host header was served, so a web page
// whose name was rebound to 127.0.0.1 (DNS rebinding) could drive the API from a browser.
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { checkExposure, ConfigError, isLoopback, loadConfig } from '../../src/app/config.js';
import { openTestServer, type TestServer } from '../adapters/http/server-fixture.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the listen address without API keys', () => {
  it('must be a loopback IP literal or localhost', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '0:0:0:0:0:0:0:1', 'localhost'])
      expect(checkExposure({ host, apiKeys: [] }), host).toBe('open-loopback');
    for (const host of [
      '127.0.0.1.evil',
      '127.0.0.1.nip.io',
      '127.evil.example',
      '0.0.0.0',
      '::',
      '10.0.0.1',
      'example.com',
      '127.0.0.1 ',
      '',
    ]) {
      expect(isLoopback(host), host).toBe(false);
      expect(() => checkExposure({ host, apiKeys: [] }), host).toThrow(ConfigError);
    }
  });

  it('may be anything with API keys', () => {
    const config = loadConfig({ HOST: '0.0.0.0', KARE_API_KEYS: 'k=admin' });
    expect(checkExposure(config)).toBe('ok');
  });
});

describe('the Host header without API keys', () => {
  it('must name loopback: a rebound name gets 421 problem details', async () => {
    server = openTestServer({ start: false });
    for (const host of [
      'evil.example',
      'evil.example:3000',
      '127.0.0.1.evil',
      '127.0.0.1.nip.io:80',
      'localhost.evil',
    ]) {
      for (const path of ['/health', '/accounts/acme/history', '/read-models/tier-status']) {
        const res = await request(server.app).get(path).set('Host', host);
        expect(res.status, `${host} ${path}`).toBe(421);
        expect(res.type).toBe('application/problem+json');
        expect(res.body.code).toBe('HOST_NOT_ALLOWED');
      }
      const write = await request(server.app)
        .post('/accounts')
        .set('Host', host)
        .send({ accountId: 'x', name: 'X', industry: 'TECHNOLOGY', region: 'East' });
      expect(write.status, host).toBe(421);
    }
    expect(await server.engine.store.headPosition()).toBe(0n);
  });

  it('is served when it names loopback, with or without a port', async () => {
    server = openTestServer({ start: false });
    for (const host of [
      'localhost',
      'localhost:3000',
      '127.0.0.1',
      '127.0.0.1:8080',
      '127.9.8.7',
      '[::1]',
      '[::1]:3000',
      'LOCALHOST',
    ])
      expect((await request(server.app).get('/openapi.json').set('Host', host)).status, host).toBe(200);
  });

  it('may be any name when API keys guard the server', async () => {
    server = openTestServer({ start: false, keys: 'admin-key=admin' });
    const res = await request(server.app)
      .get('/accounts/acme/history')
      .set('Host', 'kare.example.com')
      .set('Authorization', 'Bearer admin-key');
    expect(res.status).not.toBe(421);
    expect((await request(server.app).get('/openapi.json').set('Host', 'kare.example.com')).status).toBe(200);
  });
});
