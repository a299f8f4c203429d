// The last filters that presented a whole table, now in SQL: promotion-history's flags on their
// 0/1 columns (a promotion's flags do not move with asOf), and account-risk's minScore as a bound
// on the score kept current as of today (the rows not current yet still presented and filtered; a
// past asOf still filters the presented rows). A page reads its rows, not the table, and the
// answers are those of the presented filter, on SQLite and on PostgreSQL.
import pg from 'pg';
import pino from 'pino';
import request from 'supertest';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../adapters/http/app.js';
import { parseApiKeys } from '../../../adapters/http/auth.js';
import { compareKeysets, keysetOf, type KeyedRow } from '../../../adapters/http/presented-order.js';
import { readModelRoutes } from '../../../adapters/http/read-model-routes.js';
import { POLICY_V2, type IsoDate } from '../../../domain/kernel/index.js';
import { READ_MODELS } from '../../../projections/index.js';
import type { FieldValue, PresentedRow, ReadModel } from '../../../projections/read-model.js';
import { openEngine, type OpenedEngine } from '../../../src/app/open-engine.js';
import type { ReadModelQuery, ReadModelStore } from '../../../src/ports.js';
import { BOOK_DAY, removeDir, tempDir, writeDemo } from '../../demo/demo-fixture.js';
import { POSTGRES_URL, scratchName, withPostgres } from '../postgres/postgres-fixture.js';

const KEY = 'analyst-key';
const NOW = `${BOOK_DAY}T12:00:00.000Z`;
const PAST = '2026-03-31';
const CURRENT = `${BOOK_DAY}/${POLICY_V2.version}`;
const PROMOTIONS = READ_MODELS.find((m) => m.name === 'promotion-history')!;
const RISK = READ_MODELS.find((m) => m.name === 'account-risk')!;
const FLAGS = ['overlapsPeak', 'baselineOverlapsPeak', 'negativeUplift'] as const;

type Row = Record<string, FieldValue>;
const IDENTITY: Readonly<Record<string, (row: Row | PresentedRow) => string>> = {
  'promotion-history': (row) => `${String(row['agreementId'])}/${String(row['promotionId'])}`,
  'account-risk': (row) => String(row['accountId']),
};
const scoresAtLeast =
  (min: number) =>
  (row: PresentedRow): boolean =>
    typeof row['score'] === 'number' && row['score'] >= min;

interface Opened {
  readonly engine: OpenedEngine;
  readonly close: () => Promise<void>;
}

/** The engine on the demo book, its read models in SQLite or in a PostgreSQL database of its own. */
const openers: readonly (readonly [string, (dataDir: string) => Promise<Opened>])[] = [
  [
    'SQLite',
    async (dataDir) => {
      const engine = openEngine({ dataDir, clock: { now: () => NOW }, sqliteSync: 'normal' });
      return { engine, close: () => engine.close() };
    },
  ],
  ...(POSTGRES_URL === undefined
    ? []
    : ([
        [
          'PostgreSQL',
          async (dataDir: string): Promise<Opened> => {
            const database = scratchName('kare_promo_risk');
            const admin = async (sql: string): Promise<void> => {
              const client = new pg.Client({ connectionString: POSTGRES_URL });
              await client.connect();
              try {
                await client.query(sql);
              } finally {
                await client.end();
              }
            };
            await admin(`CREATE DATABASE "${database}"`);
            const url = new URL(POSTGRES_URL!);
            url.pathname = `/${database}`;
            const engine = openEngine({
              dataDir,
              clock: { now: () => NOW },
              sqliteSync: 'normal',
              readDbUrl: url.toString(),
            });
            return {
              engine,
              close: async () => {
                await engine.close();
                await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
              },
            };
          },
        ],
      ] as const)),
];

describe.each(openers)('promotion-history flags and account-risk minScore on %s', (_store, open) => {
  let dir: string;
  let opened: Opened;
  let app: Express;
  const reads = { rows: 0 };

  beforeAll(async () => {
    dir = tempDir('promotion-risk-pages');
    await writeDemo(dir, { accounts: 24 });
    opened = await open(dir);
    await opened.engine.projector.catchUp();
    await opened.engine.currentRows.refresh();
    const store = opened.engine.readModels;
    const counted: ReadModelStore = {
      find: async <Doc>(collection: string, query?: ReadModelQuery) => {
        const rows = await store.find<Doc>(collection, query);
        reads.rows += rows.length;
        return rows;
      },
      get: (collection, key) => store.get(collection, key),
    };
    app = createApp({
      apiKeys: parseApiKeys(`${KEY}=analyst`),
      logger: pino({ level: 'silent' }),
      routes: [readModelRoutes({ ...opened.engine, readModels: counted })],
    });
  }, 180_000);

  afterAll(async () => {
    await opened?.close();
    if (dir !== undefined) removeDir(dir);
  });

  const get = async (path: string) => {
    const res = await request(app).get(path).set('Authorization', `Bearer ${KEY}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { items: Row[]; nextCursor: string | null };
  };

  /** Every page of `query` on the read model, walked by cursor, as row identities. */
  const walk = async (model: ReadModel, query: string): Promise<string[]> => {
    const keys: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const body = await get(
        `/read-models/${model.name}?${query}&limit=7${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
      );
      keys.push(...body.items.map(IDENTITY[model.name]!));
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 1000);
    return keys;
  };

  /** Every row of the model presented as of `asOf`, those `passes` lets through, in the order of `sort`. */
  const presented = async (
    model: ReadModel,
    asOf: IsoDate,
    sort: string,
    passes: (row: PresentedRow) => boolean,
  ): Promise<string[]> => {
    const spec = { field: sort.replace(/^-/, ''), descending: sort.startsWith('-') };
    const context = { asOf, policy: POLICY_V2 };
    const rows: KeyedRow[] = (await opened.engine.readModels.find<never>(model.collection))
      .map(({ key, doc }) => ({ key, row: model.present(doc, context) }))
      .filter(({ row }) => passes(row));
    rows.sort((a, b) => compareKeysets(spec, keysetOf(spec, a), keysetOf(spec, b)));
    return rows.map(({ row }) => IDENTITY[model.name]!(row));
  };

  /** Scores to ask minScore for: below every score, a few quartiles, above every score. */
  const thresholds = async (asOf: IsoDate): Promise<number[]> => {
    const context = { asOf, policy: POLICY_V2 };
    const scores = (await opened.engine.readModels.find<never>(RISK.collection))
      .map(({ doc }) => RISK.present(doc, context)['score'])
      .filter((score): score is number => typeof score === 'number')
      .sort((a, b) => a - b);
    expect(scores.length).toBeGreaterThan(8);
    const at = (share: number) => Math.ceil(scores[Math.floor(share * (scores.length - 1))]!);
    return [...new Set([0, at(0.25), at(0.5), at(0.75), Math.ceil(scores.at(-1)!) + 1])];
  };

  describe('promotion-history', () => {
    it('gives the rows the presented flag gives, each flag both ways, by several sorts', async () => {
      const raisedBy: string[] = [];
      for (const flag of FLAGS) {
        if ((await presented(PROMOTIONS, BOOK_DAY, 'windowFrom', (row) => row[flag] === true)).length > 0)
          raisedBy.push(flag);
        for (const value of ['true', 'false'])
          for (const sort of ['windowFrom', '-uplift', 'budgetAmount'])
            expect(
              await walk(PROMOTIONS, `sort=${sort}&${flag}=${value}`),
              `${flag}=${value} ${sort}`,
            ).toEqual(await presented(PROMOTIONS, BOOK_DAY, sort, (row) => row[flag] === (value === 'true')));
      }
      // The demo book has promotions with and without these flags: both answers were worth checking
      // (no baseline of its promotions overlaps a peak).
      expect(raisedBy).toEqual(expect.arrayContaining(['overlapsPeak', 'negativeUplift']));
    });

    it('reads the page and one row more, not the table, whatever the asOf', async () => {
      const total = (await opened.engine.readModels.find(PROMOTIONS.collection)).length;
      expect(total).toBeGreaterThan(20);
      for (const flag of FLAGS)
        for (const asOf of [BOOK_DAY, PAST]) {
          reads.rows = 0;
          const body = await get(
            `/read-models/promotion-history?sort=-uplift&${flag}=false&limit=3&asOf=${asOf}`,
          );
          expect(body.items).toHaveLength(3);
          expect(reads.rows, `${flag} as of ${asOf}, of ${total} rows`).toBeLessThanOrEqual(4);
        }
    });

    it('for a past asOf gives the rows that day presents, the same as today’s', async () => {
      for (const flag of FLAGS) {
        const past = await presented(PROMOTIONS, PAST, 'windowFrom', (row) => row[flag] === true);
        expect(await walk(PROMOTIONS, `sort=windowFrom&${flag}=true&asOf=${PAST}`), flag).toEqual(past);
        expect(past).toEqual(
          await presented(PROMOTIONS, BOOK_DAY, 'windowFrom', (row) => row[flag] === true),
        );
      }
    });
  });

  describe('account-risk minScore', () => {
    it('for today gives the rows the presented filter gives, threshold by threshold, by a current and a plain sort', async () => {
      const asked = await thresholds(BOOK_DAY);
      expect(asked.length).toBeGreaterThanOrEqual(4);
      for (const min of asked)
        for (const sort of ['-score', 'accountId', '-revenueAtRisk'])
          expect(await walk(RISK, `sort=${sort}&minScore=${min}`), `minScore=${min} ${sort}`).toEqual(
            await presented(RISK, BOOK_DAY, sort, scoresAtLeast(min)),
          );
      // Several values: a row scoring at least any of them passes (the lowest), as presented.
      const [, low, high] = asked;
      expect(await walk(RISK, `sort=-score&minScore=${high}&minScore=${low}`)).toEqual(
        await presented(RISK, BOOK_DAY, '-score', scoresAtLeast(low!)),
      );
      // With another filter on current columns: both hold.
      expect(await walk(RISK, `sort=accountId&minScore=${low}&atRisk=false`)).toEqual(
        await presented(
          RISK,
          BOOK_DAY,
          'accountId',
          (row) => scoresAtLeast(low!)(row) && row['atRisk'] === false,
        ),
      );
    });

    it('for today reads the page and one row more, not the table', async () => {
      const [, low, median] = await thresholds(BOOK_DAY);
      const total = (await opened.engine.readModels.find(RISK.collection)).length;
      for (const [sort, min] of [
        ['-score', median],
        ['accountId', median],
        ['-t12mAmount', low],
      ] as const) {
        reads.rows = 0;
        const body = await get(`/read-models/account-risk?sort=${sort}&minScore=${min}&limit=3`);
        expect(body.items).toHaveLength(3);
        expect(reads.rows, `sort=${sort} minScore=${min} of ${total} rows`).toBeLessThanOrEqual(4);
      }
      // The same filter as of a past day presents the rows it passes over.
      reads.rows = 0;
      await get(`/read-models/account-risk?sort=accountId&minScore=${median}&limit=3&asOf=${PAST}`);
      expect(reads.rows).toBeGreaterThan(4);
    });

    it('for a past asOf filters the scores presented as of that day, not the column kept for today', async () => {
      let differs = 0;
      for (const min of await thresholds(PAST)) {
        const past = await presented(RISK, PAST, 'accountId', scoresAtLeast(min));
        expect(await walk(RISK, `sort=accountId&minScore=${min}&asOf=${PAST}`), `minScore=${min}`).toEqual(
          past,
        );
        if (
          JSON.stringify(past) !==
          JSON.stringify(await presented(RISK, BOOK_DAY, 'accountId', scoresAtLeast(min)))
        )
          differs += 1;
      }
      // The scores of the past day are not today's: reading the column would have shown.
      expect(differs).toBeGreaterThan(0);
    });

    it('presents and filters the rows written since the daily job ran, and merges them in', async () => {
      // A late revenue month rewrites one account's row as of its own day: not current until the
      // job's next pass.
      const [first] = await opened.engine.readModels.find<never>(RISK.collection, { limit: 1 });
      const outcome = await opened.engine.handler.handle({
        aggregate: 'account',
        aggregateId: first!.key,
        command: {
          type: 'RecordRevenue',
          data: {
            period: '2026-10',
            amount: { amount: 987_654_321, currency: 'CNY' },
            sourceRef: 'ERP-late-correction',
            at: NOW,
          },
        },
      });
      expect(outcome.ok, outcome.ok ? '' : JSON.stringify(outcome.failure)).toBe(true);
      await opened.engine.projector.catchUp();
      const waiting = await opened.engine.readModels.find(RISK.collection, {
        except: { current_as: CURRENT },
      });
      expect(waiting.map(({ key }) => key)).toContain(first!.key);

      const context = { asOf: BOOK_DAY, policy: POLICY_V2 };
      const [row] = await opened.engine.readModels.find<never>(RISK.collection, {
        where: { account_id: first!.key },
      });
      const score = RISK.present(row!.doc, context)['score'];
      expect(typeof score).toBe('number');
      // A threshold the waiting row meets: it is in the answer, though no current column says so.
      const min = Math.floor(score as number);
      const expected = await presented(RISK, BOOK_DAY, '-score', scoresAtLeast(min));
      expect(expected).toContain(first!.key);
      expect(await walk(RISK, `sort=-score&minScore=${min}`)).toEqual(expected);
      expect(await walk(RISK, `sort=accountId&minScore=${min}`)).toEqual(
        await presented(RISK, BOOK_DAY, 'accountId', scoresAtLeast(min)),
      );
      // One above it: it is not.
      const above = await presented(RISK, BOOK_DAY, '-score', scoresAtLeast(min + 1));
      expect(above).not.toContain(first!.key);
      expect(await walk(RISK, `sort=-score&minScore=${min + 1}`)).toEqual(above);
      // The page, one row more and the rows waiting: still not the table.
      reads.rows = 0;
      await get(`/read-models/account-risk?sort=-score&minScore=${min}&limit=3`);
      expect(reads.rows).toBeLessThanOrEqual(4 + waiting.length);

      // The job's next pass makes it current, and the answer stays the same.
      expect(await opened.engine.currentRows.refresh()).toBeGreaterThanOrEqual(1);
      expect(await walk(RISK, `sort=-score&minScore=${min}`)).toEqual(expected);
    });
  });
});

// Without a server the PostgreSQL variant fails loudly rather than pass having run nothing.
if (POSTGRES_URL === undefined) withPostgres(() => undefined);
