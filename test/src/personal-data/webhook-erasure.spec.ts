// Webhook deliveries carry a contact's personal data opened; once the contact is erased, a
// delivery of the same event (a replay) carries `{ erased: true }`.
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type OpenedEngine } from '../../../src/app/open-engine.js';
import type { CloudEvent } from '../../../src/cloud-events.js';
import { removeDir, tempDir } from '../../demo/demo-fixture.js';
import { Receiver } from '../consumers/webhooks/receiver.js';

const AT = '2026-05-04T09:00:00.000Z';
const CHEN = { name: 'Chen Jingwei', phone: '+86 10 6552-8888' };

const until = async (done: () => boolean, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('webhook deliveries of a contact', () => {
  let dataDir: string;
  let engine: OpenedEngine;
  const receiver = new Receiver();
  const delivered = () =>
    receiver.accepted
      .map((received) => JSON.parse(received.body) as CloudEvent)
      .filter((event) => event.type === 'kare.account.ContactAdded')
      .map((event) => event.data['personal']);

  beforeAll(async () => {
    await receiver.start();
    dataDir = tempDir('webhook-erasure');
    engine = openEngine({ dataDir, sqliteSync: 'normal', webhooks: { allowPrivate: true } });
    await engine.webhooks.start();
    const registered = await engine.webhooks.register({ url: receiver.url, types: ['ContactAdded'] });
    if (E.isLeft(registered)) throw new Error(registered.left.message);
    const send = async (type: string, data: Record<string, unknown>) => {
      const outcome = await engine.handler.handle({
        aggregate: 'account',
        aggregateId: 'acme',
        command: { type, data: { ...data, at: AT } } as never,
      });
      expect(outcome.ok, outcome.ok ? type : outcome.failure.kind).toBe(true);
    };
    await send('RegisterAccount', {
      accountId: 'acme',
      name: 'Acme',
      industry: 'FINANCE',
      region: 'North',
    });
    await send('AddContact', { contactId: 'ct-chen', role: 'FINANCE', ...CHEN });
  });
  afterAll(async () => {
    await engine.close();
    await receiver.close();
    removeDir(dataDir);
  });

  it('delivers the personal data opened, then erased on a replay after the erasure', async () => {
    await until(() => delivered().length === 1);
    expect(delivered()).toEqual([CHEN]);
    expect((await engine.personalData.erase('ct-chen')).outcome).toBe('erased');
    const [webhook] = await engine.webhooks.list();
    expect(E.isRight(await engine.webhooks.replay(webhook!.id, 0n))).toBe(true);
    await until(() => delivered().length === 2);
    expect(delivered()).toEqual([CHEN, { erased: true }]);
  });
});
