import { Writable } from 'node:stream';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../adapters/http/logger.js';
import { ACCOUNT, openTestServer, type TestServer } from './server-fixture.js';

let server: TestServer | undefined;
afterEach(async () => server?.close());

const memory = () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
};

describe('logs', () => {
  it('log one JSON line per request with its request id, and never the API key', async () => {
    const { lines, stream } = memory();
    server = openTestServer({ keys: 's3cret-operator-key=operator', logger: createLogger('info', stream) });
    const res = await request(server.app)
      .post('/accounts')
      .set('Authorization', 'Bearer s3cret-operator-key')
      .set('X-Request-Id', 'req-42')
      .send(ACCOUNT);
    expect(res.status).toBe(201);
    await request(server.app).get('/events').set('Authorization', 'Bearer s3cret-operator-key');
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({ requestId: 'req-42', method: 'POST', url: '/accounts', status: 201 }),
    );
    expect(logged.find((l) => l['url'] === '/events')).toMatchObject({ status: 403 });
    expect(lines.join('\n')).not.toContain('s3cret-operator-key');
  });

  it('redact the authorization header wherever request headers get logged', () => {
    const { lines, stream } = memory();
    const logger = createLogger('info', stream);
    logger.info({ req: { headers: { authorization: 'Bearer k-1', host: 'x' } } }, 'a request');
    logger.info({ headers: { authorization: 'Bearer k-2' } }, 'headers');
    logger.info({ authorization: 'Bearer k-3' }, 'bare');
    const text = lines.join('\n');
    for (const key of ['k-1', 'k-2', 'k-3']) expect(text).not.toContain(key);
    expect(text).toContain('[redacted]');
    expect(text).toContain('"host":"x"');
  });
});
