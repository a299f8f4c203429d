// The last filters that presented a whole table, now in SQL: promotion-history's flags on their
// 0/1 columns (a promotion's flags do not move with asOf), and account-risk's minScore as a bound
// on the score kept current as of today (the rows not current yet still presented and filtered; a
// past asOf still filters the presented rows), and promotion-history's sku through the promotions'
// pairs (promotion_history_skus). A page reads its rows, not the table, and the
// answers are those of the presented filter, on SQLite and on PostgreSQL.
import { describe, expect, it } from 'vitest';
import { POLICY_V2, type IsoDate } from '../../../domain/kernel/index.js';
import { READ_MODELS } from '../../../projections/index.js';
import { linkSelectionsOf, type PresentedRow, type ReadModel } from '../../../projections/read-model.js';
import type { ReadModelQuery } from '../../../src/ports.js';
import { BOOK_DAY } from '../../demo/demo-fixture.js';
import { POSTGRES_URL, withPostgres } from '../postgres/postgres-fixture.js';
import { CURRENT, NOW, PAST, pageCostApp, pageCostStores, type Row } from './page-cost-fixture.js';

const PROMOTIONS = READ_MODELS.find((m) => m.name === 'promotion-history')!;
const RISK = READ_MODELS.find((m) => m.name === 'account-risk')!;
const FLAGS = ['overlapsPeak', 'baselineOverlapsPeak', 'negativeUplift'] as const;

const IDENTITY: Readonly<Record<string, (row: Row | PresentedRow) => string>> = {
  'promotion-history': (row) => `${String(row['agreementId'])}/${String(row['promotionId'])}`,
  'account-risk': (row) => String(row['accountId']),
};
const scoresAtLeast =
  (min: number) =>
  (row: PresentedRow): boolean =>
    typeof row['score'] === 'number' && row['score'] >= min;

/** The read model and what names its rows. */
const paged = (model: ReadModel) => ({ model, identity: IDENTITY[model.name]! });

/** The engine on the demo book, its read models in SQLite or in a PostgreSQL database of its own. */
const openers = pageCostStores('kare_promo_risk');

describe.each(openers)('promotion-history flags and account-risk minScore on %s', (_store, open) => {
  const opened = pageCostApp(open, { name: 'promotion-risk-pages', demo: { accounts: 24 } });
  const { reads, get } = opened;

  /** Every page of `query` on the read model, walked by cursor, as row identities. */
  const walk = (model: ReadModel, query: string): Promise<string[]> =>
    opened.walkPages(paged(model), query, 7);

  /** Every row of the model presented as of `asOf`, those `passes` lets through, in the order of `sort`. */
  const presented = (
    model: ReadModel,
    asOf: IsoDate,
    sort: string,
    passes: (row: PresentedRow) => boolean,
  ): Promise<string[]> => opened.presentedOrder(paged(model), asOf, sort, passes);

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

    it('finds through the SKU pairs the promotions the presented list names: a page of them, not the table', async () => {
      const store = opened.engine.readModels;
      const all = (await store.find<never>(PROMOTIONS.collection)).map(({ key, doc }) => ({
        key,
        row: PROMOTIONS.present(doc, { asOf: BOOK_DAY, policy: POLICY_V2 }),
      }));
      const skus = [...new Set(all.flatMap(({ row }) => row['skus'] as string[]))].sort();
      expect(skus.length).toBeGreaterThan(2);
      const sku = PROMOTIONS.filters.find((f) => f.param === 'sku')!;
      const naming = (values: readonly string[]) =>
        all
          .filter(({ row }) =>
            values.some((v) => sku.matches!(row, v, { asOf: BOOK_DAY, policy: POLICY_V2 })),
          )
          .map(({ key }) => key);
      const linked = async (values: readonly string[], limit?: number) => {
        const query: ReadModelQuery = {
          links: linkSelectionsOf([{ filter: sku, values }], BOOK_DAY),
          ...(limit === undefined ? {} : { limit }),
        };
        return (await store.find(PROMOTIONS.collection, query)).map(({ key }) => key);
      };
      let most = 0;
      for (const value of [...skus, 'NO-SUCH-SKU']) {
        const expected = naming([value]);
        most = Math.max(most, expected.length);
        expect(await linked([value]), value).toEqual(expected);
        // A page of them is what is read: the page, not the rows passed over to find it.
        expect(await linked([value], 2), value).toEqual(expected.slice(0, 2));
      }
      expect(most).toBeGreaterThan(2);
      expect(most).toBeLessThan(all.length / 2);
      expect(await linked(skus.slice(0, 2))).toEqual(naming(skus.slice(0, 2)));
    });

    it('gives the promotions naming a SKU, as the presented list does, through the SKU’s pairs', async () => {
      const rows = (await opened.engine.readModels.find<never>(PROMOTIONS.collection)).map(({ doc }) =>
        PROMOTIONS.present(doc, { asOf: BOOK_DAY, policy: POLICY_V2 }),
      );
      const skus = [...new Set(rows.flatMap((row) => row['skus'] as string[]))].sort();
      expect(skus.length).toBeGreaterThan(2);
      const names = (sku: string) => (row: PresentedRow) => (row['skus'] as string[]).includes(sku);
      for (const sku of skus)
        for (const sort of ['windowFrom', '-uplift'])
          expect(await walk(PROMOTIONS, `sort=${sort}&sku=${sku}`), `${sku} ${sort}`).toEqual(
            await presented(PROMOTIONS, BOOK_DAY, sort, names(sku)),
          );
      const [a, b] = skus;
      // Several SKUs: a promotion naming any of them; with another filter, both hold.
      expect(await walk(PROMOTIONS, `sku=${a}&sku=${b}`)).toEqual(
        await presented(PROMOTIONS, BOOK_DAY, 'windowFrom', (row) => names(a!)(row) || names(b!)(row)),
      );
      expect(await walk(PROMOTIONS, `sku=${a}&negativeUplift=false&asOf=${PAST}`)).toEqual(
        await presented(PROMOTIONS, PAST, 'windowFrom', (row) => names(a!)(row) && !row['negativeUplift']),
      );
      expect(await walk(PROMOTIONS, 'sku=NO-SUCH-SKU')).toEqual([]);
    });

    it('reads the page of a SKU and one row more, not the table, by any sort', async () => {
      const rows = (await opened.engine.readModels.find<never>(PROMOTIONS.collection)).map(({ doc }) =>
        PROMOTIONS.present(doc, { asOf: BOOK_DAY, policy: POLICY_V2 }),
      );
      const bySku = new Map<string, number>();
      for (const sku of rows.flatMap((row) => row['skus'] as string[]))
        bySku.set(sku, (bySku.get(sku) ?? 0) + 1);
      // The SKU most promotions name: looking in each row's list would have read past many others.
      const [sku, count] = [...bySku].sort((x, y) => y[1] - x[1])[0]!;
      expect(count).toBeGreaterThan(3);
      expect(count).toBeLessThan(rows.length / 2);
      for (const sort of ['windowFrom', '-uplift', 'concessionHeadroomBp'])
        for (const asOf of [BOOK_DAY, PAST]) {
          reads.rows = 0;
          const body = await get(
            `/read-models/promotion-history?sort=${sort}&sku=${sku}&limit=3&asOf=${asOf}`,
          );
          expect(body.items).toHaveLength(3);
          expect(reads.rows, `sku=${sku} ${sort} as of ${asOf}, of ${rows.length} rows`).toBeLessThanOrEqual(
            4,
          );
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
