// `kare status`: the reactors beside the projections, lags in events (`N+` when the count
// stopped at its cap), and the connection of a consumer's live subscription.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionText, statusTable } from '../../../../src/app/cli/status-command.js';
import { openEngine } from '../../../../src/app/open-engine.js';
import { kare } from './cli-harness.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('kare status', () => {
  it('lists the reactors beside the projections, with position, lag and state (text and JSON)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kare-status-'));
    dirs.push(dir);
    const engine = openEngine({ dataDir: dir, sqliteSync: 'normal' });
    await engine.handler.handle({
      aggregate: 'account',
      aggregateId: 'acme',
      command: {
        type: 'RegisterAccount',
        data: {
          accountId: 'acme',
          name: 'Acme',
          industry: 'TECHNOLOGY',
          region: 'East',
          at: '2026-01-05T09:00:00.000Z',
        },
      },
      commandId: 'c-1',
      actor: 'test',
    } as never);
    const head = (await engine.store.headPosition()).toString();
    await engine.close();

    const text = await kare(dir, ['status']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/REACTOR\s+POSITION\s+LAG\s+STATE\s+CONNECTION/);
    expect(text.stdout).toMatch(/process:account-lost\s+0\s+1\s+behind\s+-/);
    expect(text.stdout).toMatch(new RegExp(`stream-index\\s+2\\s+0\\s+1\\s+behind\\s+-`));

    const json = JSON.parse((await kare(dir, ['status', '--json'])).stdout) as {
      head: string;
      reactors: unknown[];
    };
    expect(json.head).toBe(head);
    expect(json.reactors).toEqual([
      { name: 'process:account-lost', position: '0', lag: '1', state: 'behind' },
    ]);
  });

  it('shows a capped lag as N+ and a live subscription’s connection, reconnecting with attempts and why', () => {
    const lines = statusTable(
      [
        {
          name: 'tier-status',
          version: 2,
          position: 2n ** 60n,
          lag: 10_000n,
          lagCapped: true,
          state: 'catching_up',
          connection: { state: 'reconnecting', attempts: 3, lastError: 'connection lost' },
        },
      ],
      [
        {
          name: 'process:account-lost',
          position: 7n,
          lag: 0n,
          state: 'live',
          connection: { state: 'connected', attempts: 0 },
        },
      ],
    );
    expect(lines[1]).toMatch(
      /^tier-status\s+2\s+1152921504606846976\s+10000\+\s+catching_up\s+reconnecting \(3 attempts: connection lost\)$/,
    );
    expect(lines.at(-1)).toMatch(/^process:account-lost\s+7\s+0\s+live\s+connected$/);
    expect(connectionText(undefined)).toBe('-');
    expect(connectionText({ state: 'reconnecting', attempts: 1 })).toBe('reconnecting (1 attempt)');
  });
});
