// Scale-out with personal data: two engines on different data directories (two hosts) sharing
// one event store (the EventStoreDB stand-in) and one PostgreSQL read-model database. The keys
// live in that database, so a contact added through one opens on the other, an erasure through
// one shows erased on the other, and neither host keeps a keys.sqlite of its own.
import { existsSync } from 'node:fs';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiKeys } from '../../../adapters/http/auth.js';
import { createHttpServer, type HttpServer } from '../../../adapters/http/server.js';
import { keysPath, openEngine, type OpenedEngine } from '../../../src/app/open-engine.js';
import { removeDir, tempDir } from '../../demo/demo-fixture.js';
import { serverDatabase, withPostgres } from '../../adapters/postgres/postgres-fixture.js';
import { EsdbStandIn } from '../../support/esdb-stand-in.js';

const AT = '2026-05-04T09:00:00.000Z';
const CHEN = { name: 'Chen Jingwei', phone: '+86 10 6552-8888', email: 'chen.jingwei@acme.example' };
const LI = { name: 'Li Xiaoming', phone: '+86 21 5081-7777', email: 'li.xiaoming@beta.example' };

interface Host {
  readonly dataDir: string;
  readonly engine: OpenedEngine;
  readonly http: HttpServer;
}

withPostgres((serverUrl) => {
  describe('two hosts sharing the event store and the PostgreSQL database', () => {
    const database = serverDatabase(serverUrl, 'pgkeys_hosts');
    let standIn: EsdbStandIn;
    let a: Host;
    let b: Host;

    const openHost = (name: string): Host => {
      const dataDir = tempDir(`pgkeys-${name}`);
      const engine = openEngine({
        dataDir,
        eventStoreUrl: standIn.connectionString,
        readDbUrl: database.url,
      });
      const http = createHttpServer(engine, { apiKeys: parseApiKeys(undefined) }, pino({ level: 'silent' }), {
        processMetrics: false,
      });
      return { dataDir, engine, http };
    };
    const post = async (host: Host, path: string, body: Record<string, unknown> = {}) => {
      const res = await request(host.http.app).post(path).send(body);
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
      return res;
    };
    const addContact = async (host: Host, accountId: string, contactId: string, person: object) => {
      await post(host, '/accounts', {
        accountId,
        name: accountId,
        industry: 'FINANCE',
        region: 'North',
        at: AT,
      });
      await post(host, `/accounts/${accountId}/add-contact`, {
        contactId,
        role: 'DECISION_MAKER',
        ...person,
        at: AT,
      });
    };
    /** The contact's personal object as the host reads it from the account's stream. */
    const personalOn = async (host: Host, accountId: string, contactId: string): Promise<unknown> => {
      const res = await request(host.http.app).get(`/streams/account-${accountId}/events`);
      expect(res.status).toBe(200);
      const events = res.body.events as { type: string; data: Record<string, unknown> }[];
      const added = events.find(
        (event) => event.type.endsWith('ContactAdded') && event.data['contactId'] === contactId,
      );
      return added?.data['personal'];
    };

    beforeAll(async () => {
      await database.create();
      standIn = await EsdbStandIn.start();
      a = openHost('a');
      b = openHost('b');
      await addContact(a, 'acme', 'ct-chen', CHEN);
      await addContact(b, 'beta', 'ct-li', LI);
    }, 60_000);
    afterAll(async () => {
      for (const host of [a, b]) {
        await host?.http.close();
        await host?.engine.close();
        if (host !== undefined) removeDir(host.dataDir);
      }
      await standIn?.stop();
      await database.drop();
    });

    it('opens on each host the contacts added through the other', async () => {
      expect(await personalOn(b, 'acme', 'ct-chen')).toEqual(CHEN);
      expect(await personalOn(a, 'beta', 'ct-li')).toEqual(LI);
      expect(await personalOn(a, 'acme', 'ct-chen')).toEqual(CHEN);
    });

    it('keeps the keys in PostgreSQL: no host has a keys.sqlite', () => {
      expect(existsSync(keysPath(a.dataDir))).toBe(false);
      expect(existsSync(keysPath(b.dataDir))).toBe(false);
    });

    describe('once erased through one host', () => {
      let erasedAt: unknown;
      beforeAll(async () => {
        const erased = await post(b, '/contacts/ct-chen/erase');
        erasedAt = erased.body.erasedAt;
        expect(erased.body).toMatchObject({ contactId: 'ct-chen', erased: true, alreadyErased: false });
      });

      it('shows the contact erased on the other, and the other contact still readable', async () => {
        expect(await personalOn(a, 'acme', 'ct-chen')).toEqual({ erased: true });
        expect(await personalOn(b, 'acme', 'ct-chen')).toEqual({ erased: true });
        expect(await personalOn(a, 'beta', 'ct-li')).toEqual(LI);
      });

      it('answers the other host’s erasure as already done, with the first one’s time', async () => {
        const again = await post(a, '/contacts/ct-chen/erase');
        expect(again.body).toEqual({ contactId: 'ct-chen', erased: true, alreadyErased: true, erasedAt });
        expect(await a.engine.personalData.keys.erased()).toEqual(await b.engine.personalData.keys.erased());
      });
    });
  });
});
