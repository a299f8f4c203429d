// The engine with KARE_READ_DB=postgres://…: the projector, the process managers' checkpoints,
// the snapshots and the read models all in PostgreSQL (a database of its own per run), while
// the events stay in the embedded store; commands over the API show in the read models.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiKeys } from '../../../adapters/http/auth.js';
import { createHttpServer, type HttpServer } from '../../../adapters/http/server.js';
import { loadConfig } from '../../../src/app/config.js';
import { openConfiguredEngine, type OpenedEngine } from '../../../src/app/open-engine.js';
import { serverDatabase, withPostgres } from './postgres-fixture.js';

withPostgres((url) => {
  describe('the engine with its read models in PostgreSQL', () => {
    const database = serverDatabase(url, 'kare_engine');
    let dataDir: string;
    let engine: OpenedEngine;
    let http: HttpServer;

    beforeAll(async () => {
      await database.create();
      dataDir = mkdtempSync(join(tmpdir(), 'kare-pg-engine-'));
      const config = loadConfig({
        KARE_DATA_DIR: dataDir,
        KARE_READ_DB: database.url,
        KARE_SQLITE_SYNC: 'normal',
      });
      expect(config).toMatchObject({ readDbUrl: database.url });
      expect(config.readDbPath).toBeUndefined();
      engine = await openConfiguredEngine(config);
      engine.projector.start();
      engine.processes.start();
      http = createHttpServer(engine, { apiKeys: parseApiKeys(undefined) }, pino({ level: 'silent' }), {
        processMetrics: false,
        indexWaitMs: 5000,
      });
    });
    afterAll(async () => {
      await http?.close();
      await engine?.close();
      rmSync(dataDir, { recursive: true, force: true });
      await database.drop();
    });

    it('reads over the API what commands wrote, from the PostgreSQL views an analyst opens too', async () => {
      expect(engine.readDbKind).toBe('postgres');
      const registered = await request(http.app)
        .post('/accounts')
        .send({ accountId: 'acme', name: 'Acme Telecom', industry: 'TECHNOLOGY', region: 'East' });
      expect(registered.status).toBe(201);
      const position = String(registered.body.position);

      const res = await request(http.app).get(`/read-models/tier-status?minPosition=${position}`);
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
      expect(res.body.items[0]).toMatchObject({ accountId: 'acme', industry: 'TECHNOLOGY', tier: 'NONE' });

      const analyst = new pg.Client({ connectionString: database.url });
      await analyst.connect();
      try {
        const rows = await analyst.query(
          "SELECT account_id, industry FROM tier_status WHERE account_id = 'acme'",
        );
        expect(rows.rows).toEqual([{ account_id: 'acme', industry: 'TECHNOLOGY' }]);
        const live = await analyst.query(
          "SELECT count(*)::int AS n FROM projection_checkpoints WHERE state = 'live' AND position >= $1::bigint",
          [position],
        );
        expect(live.rows[0].n).toBeGreaterThan(0);
      } finally {
        await analyst.end();
      }
      // The embedded store's file keeps the events only: no read model was written beside them.
      const file = new Database(join(dataDir, 'kare.sqlite'), { readonly: true });
      try {
        expect(file.prepare("SELECT name FROM sqlite_master WHERE name = 'tier_status'").all()).toEqual([]);
      } finally {
        file.close();
      }
      expect(() => engine.readDb.prepare('SELECT 1')).toThrow(/in PostgreSQL/);
    });

    it('keeps the rows current as of today in PostgreSQL too, and sorts by them in SQL', async () => {
      let position = '0';
      for (const [id, amount] of [
        ['beta', 5_000_000],
        ['gamma', 9_000_000],
      ] as const) {
        const made = await request(http.app)
          .post('/accounts')
          .send({ accountId: id, name: `Account ${id}`, industry: 'RETAIL', region: 'West' });
        expect(made.status).toBe(201);
        const revenue = await request(http.app)
          .post(`/accounts/${id}/record-revenue`)
          .send({ period: '2026-01', amount: { amount, currency: 'CNY' }, sourceRef: `ERP-${id}` });
        expect(revenue.status, JSON.stringify(revenue.body)).toBe(200);
        position = String(revenue.body.position);
      }
      expect((await request(http.app).get(`/read-models/tier-status?minPosition=${position}`)).status).toBe(
        200,
      );
      expect(await engine.currentRows.refresh()).toBeGreaterThanOrEqual(3);
      expect(await engine.currentRows.refresh()).toBe(0);
      const today = engine.clock.now().slice(0, 10);
      const current = await engine.readModels.find('tier_status', { where: { current_as: `${today}/v2` } });
      expect(current.map(({ key }) => key).sort()).toEqual(['acme', 'beta', 'gamma']);
      const page = await request(http.app).get('/read-models/tier-status?sort=-t12mAmount&limit=2');
      expect(page.status).toBe(200);
      expect(page.body.items.map((row: { accountId: string }) => row.accountId)).toEqual(['gamma', 'beta']);
    });
  });
});

describe('KARE_READ_DB', () => {
  it('is a PostgreSQL connection string or a file path; another URL is refused', () => {
    expect(loadConfig({ KARE_READ_DB: 'postgresql://kare@db:5432/read' })).toMatchObject({
      readDbUrl: 'postgresql://kare@db:5432/read',
    });
    expect(loadConfig({ KARE_READ_DB: 'read.sqlite' }).readDbPath).toMatch(/read\.sqlite$/);
    expect(() => loadConfig({ KARE_READ_DB: 'mysql://db/read' })).toThrow(/PostgreSQL connection string/);
  });
});
