// The engine on a temporary SQLite store behind the real app (every router an analyst or auditor
// uses, the command routes for writes), with a clock the test moves, and a small book written
// through the command handler: four accounts, an agreement with two promotions, a commitment
// with weekly stock reports. Each command is sent at its own moment, so recordedAt differs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Express } from 'express';
import type { AggregateKind } from '../../../domain/kernel/index.js';
import { createApp } from '../../../adapters/http/app.js';
import { auditRoutes } from '../../../adapters/http/audit-routes.js';
import { parseApiKeys } from '../../../adapters/http/auth.js';
import { commandRoutes } from '../../../adapters/http/command-routes.js';
import { readModelRoutes } from '../../../adapters/http/read-model-routes.js';
import type { CommandResult } from '../../../src/commands/command-handler.js';
import { openEngine, type OpenedEngine } from '../../../src/app/open-engine.js';

export const KEYS = {
  analyst: 'analyst-key',
  auditor: 'auditor-key',
  operator: 'operator-key',
  integrator: 'integrator-key',
  admin: 'admin-key',
} as const;
export type KeyRole = keyof typeof KEYS;

export const bearer = (role: KeyRole): string => `Bearer ${KEYS[role]}`;

/** The server's today in these tests. */
export const TODAY = '2026-06-15';

export interface TestServer {
  readonly engine: OpenedEngine;
  readonly app: Express;
  /** Sets the clock (the store stamps recordedAt with it). */
  setNow(iso: string): void;
  /** Runs a command at `at` (the clock moves there too); throws when it is not accepted. */
  send(
    kind: AggregateKind,
    id: string,
    type: string,
    data: Record<string, unknown>,
    at: string,
  ): Promise<CommandResult>;
  close(): Promise<void>;
}

export const startServer = (options: { minPositionWaitMs?: number; cursorKey?: string } = {}): TestServer => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kare-http-a-'));
  let now = `${TODAY}T09:00:00.000Z`;
  const engine = openEngine({ dataDir, sqliteSync: 'normal', clock: { now: () => now } });
  const app = createApp({
    apiKeys: parseApiKeys(
      Object.entries(KEYS)
        .map(([role, key]) => `${key}=${role}`)
        .join(','),
    ),
    logger: pino({ level: 'silent' }),
    routes: [
      commandRoutes({ handler: engine.handler, clock: engine.clock, ids: engine.ids }),
      readModelRoutes(engine, {
        ...(options.minPositionWaitMs === undefined ? {} : { minPositionWaitMs: options.minPositionWaitMs }),
        ...(options.cursorKey === undefined ? {} : { cursorKey: options.cursorKey }),
      }),
      auditRoutes(engine),
    ],
  });
  return {
    engine,
    app,
    setNow: (iso) => {
      now = iso;
    },
    send: async (kind, id, type, data, at) => {
      now = at;
      const outcome = await engine.handler.handle({
        aggregate: kind,
        aggregateId: id,
        command: { type, data: { ...data, at } },
        actor: 'book-writer',
        correlationId: `book-${id}`,
      });
      if (!outcome.ok) throw new Error(`${type} on ${id}: ${JSON.stringify(outcome.failure)}`);
      return outcome.result;
    },
    close: async () => {
      await engine.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

const day = (date: string, hour = 9): string => `${date}T${String(hour).padStart(2, '0')}:00:00.000Z`;
const cny = (amount: number) => ({ amount, currency: 'CNY' });

export const ACME_REGISTERED_AT = day('2026-01-05');

/** Registers an account with a manager and three months of revenue, then evaluates its tier. */
const accountWithRevenue = async (
  s: TestServer,
  accountId: string,
  industry: string,
  monthly: number,
  manager: string | null,
): Promise<void> => {
  const region = accountId === 'beta' ? 'West' : 'East';
  await s.send(
    'account',
    accountId,
    'RegisterAccount',
    { accountId, name: `${accountId} Ltd`, industry, region },
    day('2026-01-05'),
  );
  if (manager !== null)
    await s.send(
      'account',
      accountId,
      'AssignAccountManager',
      { managerId: manager, effectiveFrom: '2026-01-06' },
      day('2026-01-06'),
    );
  for (const period of ['2026-01', '2026-02', '2026-03']) {
    if (monthly > 0)
      await s.send(
        'account',
        accountId,
        'RecordRevenue',
        { period, amount: cny(monthly), sourceRef: `bill-${period}` },
        day(`${period}-28`),
      );
  }
  if (monthly > 0)
    await s.send('account', accountId, 'EvaluateTier', { asOfPeriod: '2026-03' }, day('2026-04-01'));
};

/**
 * acme (TECHNOLOGY, A, manager mgr-li), beta (FINANCE, B, mgr-wang), gamma (RETAIL, NONE, no
 * manager), delta (TECHNOLOGY, C, mgr-li); agreement acme-2026 (ACTIVE) with promotions p1
 * (approved, SKU-1) and p2 (proposed, SKU-2); commitment acme-sku-1 with four weekly reports.
 */
export const writeBook = async (s: TestServer): Promise<void> => {
  await accountWithRevenue(s, 'acme', 'TECHNOLOGY', 100_000_000, 'mgr-li');
  await accountWithRevenue(s, 'beta', 'FINANCE', 10_000_000, 'mgr-wang');
  await accountWithRevenue(s, 'gamma', 'RETAIL', 0, null);
  await accountWithRevenue(s, 'delta', 'TECHNOLOGY', 2_000_000, 'mgr-li');
  await s.send(
    'agreement',
    'acme-2026',
    'DraftAgreement',
    {
      agreementId: 'acme-2026',
      accountId: 'acme',
      validity: { from: '2026-01-01', to: '2026-12-31' },
      deliveryTerms: { batchSize: 100, cycleDays: 14, leadTimeDays: 5 },
      priceExpectations: { 'SKU-1': cny(1000) },
    },
    day('2026-04-02'),
  );
  await s.send('agreement', 'acme-2026', 'SetBaseDiscount', { discountBp: 1000 }, day('2026-04-02', 10));
  await s.send(
    'agreement',
    'acme-2026',
    'ActivateAgreement',
    { signedBy: 'Ms. Chen', signedOn: '2026-04-03' },
    day('2026-04-03'),
  );
  const promotion = (promotionId: string, sku: string, window: { from: string; to: string }) => ({
    promotionId,
    kind: 'JOINT_PROMOTION',
    window,
    skus: [sku],
    plannedQty: 500,
    budget: cny(100_000),
    concessionBp: 500,
    fundingSplitBp: 5000,
  });
  await s.send(
    'agreement',
    'acme-2026',
    'ProposePromotion',
    promotion('p1', 'SKU-1', { from: '2026-05-01', to: '2026-05-31' }),
    day('2026-04-04'),
  );
  await s.send('agreement', 'acme-2026', 'ApprovePromotion', { promotionId: 'p1' }, day('2026-04-05'));
  await s.send(
    'agreement',
    'acme-2026',
    'ProposePromotion',
    promotion('p2', 'SKU-2', { from: '2026-07-01', to: '2026-07-31' }),
    day('2026-04-06'),
  );
  await s.send(
    'supply',
    'acme-sku-1',
    'CreateCommitment',
    {
      commitmentId: 'acme-sku-1',
      accountId: 'acme',
      agreementId: 'acme-2026',
      sku: 'SKU-1',
      window: { from: '2026-03-01', to: '2026-08-31' },
      committedQty: 1000,
    },
    day('2026-04-07'),
  );
  const reports: [string, number, number][] = [
    ['2026-05-25', 400, 0],
    ['2026-06-01', 330, 70],
    ['2026-06-08', 260, 70],
    ['2026-06-15', 190, 70],
  ];
  for (const [asOf, onHand, soldSinceLast] of reports)
    await s.send(
      'supply',
      'acme-sku-1',
      'ReportStockPosition',
      { asOf, onHand, soldSinceLast },
      day(asOf, 8),
    );
  s.setNow(day(TODAY));
  await s.engine.projector.catchUp();
};
