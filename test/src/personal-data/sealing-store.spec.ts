// The sealing store over the memory event store: personal data sealed on append (and only it),
// opened on every read, erased without its key; what an import brings stored as it comes; and
// an envelope bound to its subject.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../../adapters/memory/event-store.js';
import { createMemoryKeyStore } from '../../../adapters/memory/key-store.js';
import type { EventStore, NewEvent, StoredEvent } from '../../../src/ports.js';
import { isSealed, seal, unseal } from '../../../src/personal-data/sealed.js';
import { createSealingStore, PersonalDataSubjectMismatch } from '../../../src/personal-data/sealing-store.js';

const AT = '2026-05-04T09:00:00.000Z';
const CHEN = { name: 'Chen Jingwei', email: 'chen.jingwei@acme.example' };
let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String((n += 1)).padStart(12, '0')}`;

const contactAdded = (
  contactId: string,
  personal: Record<string, unknown>,
  recordedAt?: string,
): NewEvent => ({
  eventId: uuid(),
  type: 'ContactAdded',
  data: { accountId: 'acme', contactId, role: 'FINANCE', personal: personal as never, at: AT },
  metadata: { schemaVersion: 1 },
  ...(recordedAt === undefined ? {} : { recordedAt }),
});

const registered = (): NewEvent => ({
  eventId: uuid(),
  type: 'AccountRegistered',
  data: { accountId: 'acme', name: 'Chen Jingwei Trading', at: AT },
  metadata: { schemaVersion: 1 },
});

const all = async (events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> => {
  const out: StoredEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
};

const setUp = () => {
  const inner = createMemoryEventStore();
  const keys = createMemoryKeyStore();
  return { inner, keys, store: createSealingStore(inner, keys) };
};

const personalOf = (events: readonly StoredEvent[]) =>
  events.filter((event) => event.type === 'ContactAdded').map((event) => event.data['personal']);

describe('sealing personal data', () => {
  it('seals the personal object of a ContactAdded, and nothing of other events', async () => {
    const { inner, store } = setUp();
    await store.append('account-acme', [registered(), contactAdded('ct-chen', CHEN)], {
      expectedRevision: 'no_stream',
    });
    const stored = await all(inner.readStream('account-acme'));
    expect(stored[0]!.data['name']).toBe('Chen Jingwei Trading');
    expect(isSealed(stored[1]!.data['personal'])).toBe(true);
    expect(stored[1]!.data['contactId']).toBe('ct-chen');
    expect(JSON.stringify(stored.map((event) => event.data))).not.toContain(CHEN.email);
  });

  it('opens it on every read: a stream, the log, a subscription', async () => {
    const { store } = setUp();
    await store.append('account-acme', [registered(), contactAdded('ct-chen', CHEN)], {
      expectedRevision: 'no_stream',
    });
    expect(personalOf(await all(store.readStream('account-acme')))).toEqual([CHEN]);
    expect(personalOf(await all(store.readAll()))).toEqual([CHEN]);
    const subscription = store.subscribe({ filter: { types: ['ContactAdded'] } });
    for await (const event of subscription) {
      expect(event.data['personal']).toEqual(CHEN);
      break;
    }
    await subscription.close();
  });

  it('shows it erased once the key is gone, and keeps the chain verifying', async () => {
    const { keys, store } = setUp();
    await store.append(
      'account-acme',
      [contactAdded('ct-chen', CHEN), contactAdded('ct-li', { name: 'Li' })],
      {
        expectedRevision: 'no_stream',
      },
    );
    const before = await store.verify('account-acme');
    expect(await keys.erase('ct-chen', AT)).toBe('erased');
    expect(personalOf(await all(store.readAll()))).toEqual([{ erased: true }, { name: 'Li' }]);
    expect(await store.verify('account-acme')).toEqual(before);
    expect(before.ok).toBe(true);
  });

  it('stores personal data that comes for an erased subject as erased', async () => {
    const { inner, keys, store } = setUp();
    await store.append('account-acme', [contactAdded('ct-chen', CHEN)], { expectedRevision: 'no_stream' });
    await keys.erase('ct-chen', AT);
    await store.append('account-beta', [contactAdded('ct-chen', CHEN)], { expectedRevision: 'no_stream' });
    expect(personalOf(await all(inner.readStream('account-beta')))).toEqual([{ erased: true }]);
  });

  it('stores what an import brings (with its time) exactly as it comes', async () => {
    const { inner, store } = setUp();
    const sealed = seal('ct-chen', CHEN, new Uint8Array(randomBytes(32)), uuid());
    await store.append(
      'account-acme',
      [contactAdded('ct-chen', sealed, AT), contactAdded('ct-old', CHEN, AT)],
      {
        expectedRevision: 'no_stream',
      },
    );
    expect(personalOf(await all(inner.readAll()))).toEqual([sealed, CHEN]);
    // Without the key it was sealed with, the envelope reads as erased.
    expect(personalOf(await all(store.readAll()))).toEqual([{ erased: true }, CHEN]);
  });

  it('refuses an envelope sealed for another subject', async () => {
    const { store } = setUp();
    const sealed = seal('ct-li', CHEN, new Uint8Array(randomBytes(32)), uuid());
    await expect(
      store.append('account-acme', [contactAdded('ct-chen', sealed)], { expectedRevision: 'no_stream' }),
    ).rejects.toBeInstanceOf(PersonalDataSubjectMismatch);
  });

  it('keeps the store’s optional parts, and only those', () => {
    const { inner, store } = setUp();
    const optional = ['claimCommandId', 'claimCommand', 'storeId', 'countEvents', 'health'] as const;
    for (const name of optional) expect(typeof store[name], name).toBe(typeof (inner as EventStore)[name]);
  });
});

describe('an envelope', () => {
  const key = new Uint8Array(randomBytes(32));

  it('opens with its key; each event and content its own iv, the same ones the same envelope', () => {
    const a = seal('ct-chen', CHEN, key, 'e-1');
    expect(unseal(a, key)).toEqual(CHEN);
    expect(seal('ct-chen', CHEN, key, 'e-1')).toEqual(a);
    expect(seal('ct-chen', CHEN, key, 'e-2').iv).not.toBe(a.iv);
    expect(seal('ct-chen', { name: 'Chen Jing' }, key, 'e-1').iv).not.toBe(a.iv);
  });

  it('does not open with another key, moved to another subject, or altered', () => {
    const sealed = seal('ct-chen', CHEN, key, 'e-1');
    expect(() => unseal(sealed, new Uint8Array(randomBytes(32)))).toThrow();
    expect(() => unseal({ ...sealed, subject: 'ct-li' }, key)).toThrow();
    const bytes = Buffer.from(sealed.ciphertext, 'base64');
    bytes[0] = bytes[0]! ^ 1;
    expect(() => unseal({ ...sealed, ciphertext: bytes.toString('base64') }, key)).toThrow();
  });
});
