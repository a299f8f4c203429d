// Issue #14, "Faults": with the store read-only or out of disk, every command failed while
// /health said "ok". Now commands get 503 STORE_UNAVAILABLE with Retry-After (never 500), /health
// names the fault, and the server reopens the store when it works again, without a restart;
// nothing acknowledged is lost and a failed append leaves none of its events.
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../adapters/http/server.js';
import { openDatabase } from '../../adapters/sqlite/connection.js';
import { createSqliteEventStore } from '../../adapters/sqlite/event-store.js';
import { embeddedStorePath, openEngine, type OpenedEngine } from '../../src/app/open-engine.js';
import { collect } from '../contracts/event-store.contract.js';
import { ACCOUNT } from '../adapters/http/server-fixture.js';

/** The fault the next connection the store opens comes with (it reopens after a fault). */
type Fault = 'read-only' | 'full' | undefined;

interface FaultyServer {
  readonly engine: OpenedEngine;
  readonly http: HttpServer;
  /** Puts the store's connection, and any it opens next, into the fault; undefined ends it for new ones. */
  inject(fault: Fault): void;
  close(): Promise<void>;
}

let server: FaultyServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const applyFault = (db: Database.Database, fault: Fault): void => {
  if (fault === 'read-only') db.pragma('query_only = 1');
  if (fault !== 'full') return;
  // No page beyond those the file has, and those filled up: a write that needs room fails with SQLITE_FULL.
  db.exec('CREATE TABLE IF NOT EXISTS ballast (filler BLOB)');
  db.pragma(`max_page_count = ${String(db.pragma('page_count', { simple: true }))}`);
  const fill = db.prepare('INSERT INTO ballast VALUES (zeroblob(512))');
  for (;;) {
    try {
      fill.run();
    } catch {
      return;
    }
  }
};

const openFaultyServer = async (): Promise<FaultyServer> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kare-faults-'));
  let next: Fault;
  const opened: Database.Database[] = [];
  const store = createSqliteEventStore({
    path: embeddedStorePath(dataDir),
    sync: 'normal',
    openConnection: (path, sync, opts) => {
      const db = openDatabase(path, sync, opts);
      applyFault(db, next);
      opened.push(db);
      return db;
    },
  });
  const engine = openEngine({ dataDir, sqliteSync: 'normal', embeddedStore: store });
  engine.projector.start();
  await engine.projector.waitFor(0n, 5000);
  const http = createHttpServer(engine, { apiKeys: [] }, pino({ level: 'silent' }), {
    processMetrics: false,
  });
  return {
    engine,
    http,
    inject: (fault) => {
      next = fault;
      if (fault !== undefined) applyFault(opened.at(-1)!, fault);
    },
    close: async () => {
      await http.close();
      await engine.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

const count = async (engine: OpenedEngine): Promise<number> => (await collect(engine.store.readAll())).length;

/** Asks until the answer is not a 503 (the store retries after a backoff of at most 5 s). */
const untilServed = async (ask: () => Promise<request.Response>, ms = 12_000): Promise<request.Response> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const res = await ask();
    if (res.status !== 503 || Date.now() > deadline) return res;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const assignManager = (app: HttpServer['app'], managerId: string) =>
  request(app).post('/accounts/acme/assign-account-manager').send({ managerId, effectiveFrom: '2026-03-01' });

describe.each([
  ['read-only', 'read-only'],
  ['full', 'disk full'],
] as const)('a store that becomes %s', (fault, named) => {
  it('answers commands 503 STORE_UNAVAILABLE with Retry-After, says so on /health, and recovers without a restart', async () => {
    server = await openFaultyServer();
    const { app } = server.http;
    expect((await request(app).post('/accounts').send(ACCOUNT)).status).toBe(201);
    const healthy = await request(app).get('/health');
    expect(healthy.status, healthy.text).toBe(200);
    expect(healthy.body.checks.eventStore).toEqual({ status: 'pass' });
    const before = await count(server.engine);

    server.inject(fault);
    // A full file may still have room in its last pages: commands go on until one needs more.
    // The first is two events an append (AccountManagerAssigned, AccountActivated).
    let refused: request.Response | undefined;
    let written = before;
    for (let i = 1; i <= 50 && refused === undefined; i += 1) {
      const res = await assignManager(app, `m-${i}`);
      if (res.status === 503) refused = res;
      else {
        expect(res.status, res.text).toBe(200);
        written += res.body.events.length;
      }
    }
    expect(refused?.status).toBe(503);
    expect(refused!.body).toMatchObject({ code: 'STORE_UNAVAILABLE', fault: named });
    expect(Number(refused!.headers['retry-after'])).toBeGreaterThan(0);
    // A keyed command writes its key first: that write fails the same way, never as a 500.
    const again = await assignManager(app, 'm-again').set('Idempotency-Key', 'after-the-fault');
    expect(again.status, again.text).toBe(503);
    expect(await count(server.engine)).toBe(written);
    // The metrics count the refused commands as errors, not as writes.
    const metrics = (await request(app).get('/metrics')).text;
    expect(metrics).toMatch(/kare_commands_total\{command="AssignAccountManager",outcome="error"\} 2/);

    const health = await request(app).get('/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({
      status: 'degraded',
      store: { reachable: true },
      checks: { eventStore: { status: 'fail', error: named }, projections: { status: 'pass' } },
    });
    // Reads are still served meanwhile.
    expect((await request(app).get('/accounts/acme/history')).status).toBe(200);

    server.inject(undefined);
    const recovered = await untilServed(() => assignManager(app, 'm-again'));
    expect(recovered.status, recovered.text).toBe(200);
    expect((await untilServed(() => request(app).get('/health'))).status).toBe(200);
    // Everything acknowledged is there, once, and nothing else.
    expect(await count(server.engine)).toBe(written + recovered.body.events.length);
    expect(await server.engine.store.verify('account-acme')).toMatchObject({ ok: true });
  }, 30_000);
});

describe('a disk that fills up under a process (ulimit -f)', () => {
  it('fails the append that does not fit as a 503 fault, loses nothing acknowledged and leaves no half append', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kare-full-'));
    const path = join(dir, 'kare.sqlite');
    try {
      // A file-size limit of 256 KiB for the child; SIGXFSZ is ignored, so writes fail with EFBIG.
      const worker = new URL('./store-full-worker.mjs', import.meta.url).pathname;
      const { stdout } = await promisify(execFile)('bash', [
        '-c',
        `trap '' XFSZ; ulimit -f 256; exec "${process.execPath}" "${worker}" "${path}"`,
      ]);
      const report = JSON.parse(stdout) as {
        acknowledged: string[];
        failure?: { name: string; fault: string; status: number; code: string };
        health: { writable: boolean; fault?: string };
        again?: { name: string; fault: string };
      };
      expect(report.acknowledged.length).toBeGreaterThan(0);
      expect(report.failure).toMatchObject({
        name: 'StoreUnavailable',
        status: 503,
        code: 'STORE_UNAVAILABLE',
      });
      expect(['disk full', 'write failed']).toContain(report.failure!.fault);
      expect(report.health).toMatchObject({ writable: false, fault: report.failure!.fault });
      expect(report.again).toMatchObject({ name: 'StoreUnavailable' });

      // Without the limit: exactly what was acknowledged is there, whole appends only, chains intact.
      const store = createSqliteEventStore({ path, sync: 'normal' });
      try {
        const stored = await collect(store.readAll());
        expect(stored.map((e) => e.eventId)).toEqual(report.acknowledged);
        expect(stored.length % 3).toBe(0);
        for (const stream of new Set(stored.map((e) => e.streamId)))
          expect(await store.verify(stream)).toMatchObject({ ok: true });
        await store.append(
          'fill-0',
          [{ eventId: crypto.randomUUID(), type: 'Filled', data: {}, metadata: { schemaVersion: 1 } }],
          {
            expectedRevision: 'any',
          },
        );
        expect(await store.health!()).toEqual({ writable: true });
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
