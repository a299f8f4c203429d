// How the server process refuses to start: one clear line and exit code 1.
import { describe, expect, it } from 'vitest';
import { runUntilExit, startServer } from './server-process.js';

describe('starting the server process', () => {
  it('refuses a bad configuration, naming the variable', async () => {
    const exit = await runUntilExit({ PORT: 'eighty' });
    expect(exit.code).toBe(1);
    expect(exit.stderr).toMatch(/^kare: cannot start: PORT must be/);
  });

  it('refuses to listen beyond loopback without API keys', async () => {
    const exit = await runUntilExit({ HOST: '0.0.0.0' });
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('Refusing to listen on 0.0.0.0 without API keys');
  });

  it('refuses a store it cannot open', async () => {
    const exit = await runUntilExit({ KARE_DATA_DIR: '/dev/null/kare' });
    expect(exit.code).toBe(1);
    expect(exit.stderr).toMatch(/^kare: cannot start: /);
  });

  it('refuses an event store it cannot reach', async () => {
    // Port 1 on loopback: nothing listens there.
    const exit = await runUntilExit({ KARE_EVENTSTORE_URL: 'esdb://127.0.0.1:1?tls=false' });
    expect(exit.code).toBe(1);
    expect(exit.stderr).toMatch(
      /^kare: cannot start: the event store esdb:\/\/127\.0\.0\.1:1\S* is unreachable/,
    );
  });

  it('warns when it runs without keys on loopback, and logs where it listens', async () => {
    const server = await startServer();
    try {
      const logged = server.lines.map((line) => JSON.parse(line) as { level: number; msg: string });
      expect(logged).toContainEqual(
        expect.objectContaining({ level: 40, msg: expect.stringMatching(/no API keys/) }),
      );
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(server.url.endsWith(':0')).toBe(false);
      const health = await fetch(`${server.url}/health`);
      expect([200, 503]).toContain(health.status);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
