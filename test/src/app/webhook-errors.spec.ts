// A webhook that fails is told to the engine's owner (the server logs it), not swallowed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openEngine, type OpenedEngine } from '../../../src/app/open-engine.js';

let engine: OpenedEngine | undefined;
let dir: string | undefined;
afterEach(async () => {
  await engine?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

it("tells the engine's owner of a webhook that gave up, naming it", async () => {
  dir = mkdtempSync(join(tmpdir(), 'kare-webhook-errors-'));
  const failures: { error: unknown; webhookId?: string | undefined }[] = [];
  engine = openEngine({
    dataDir: dir,
    sqliteSync: 'normal',
    // Nothing listens on port 9 of loopback, and the retry window is 1 ms: the webhook gives up.
    webhooks: { allowPrivate: true, timeoutMs: 1000, giveUpAfterMs: 1 },
    onWebhookError: (error, webhookId) => failures.push({ error, webhookId }),
  });
  await engine.webhooks.start();
  const registered = await engine.webhooks.register({ url: 'http://127.0.0.1:9/hook' });
  if (registered._tag === 'Left') throw new Error(registered.left.message);
  await engine.store.append(
    'account-w1',
    [
      {
        eventId: '5f9c3f5e-1c1a-4d1b-9a4e-0d6c1e2f3a4b',
        type: 'FeedbackRecorded',
        data: {},
        metadata: { schemaVersion: 1 },
      },
    ],
    { expectedRevision: 'any' },
  );
  await expect.poll(() => failures.length, { timeout: 10_000 }).toBeGreaterThan(0);
  expect(failures[0]!.webhookId).toBe(registered.right.id);
  expect((failures[0]!.error as Error).name).toBe('WebhookGaveUp');
});
