// The workbench in headless Chromium (Debian's package, driven by playwright-core: nothing
// downloads a browser) against the real server on a small demo book: every page renders with
// no console error and no serious accessibility violation, the pages link and page and
// download, the as-of picker moves the state, a refused command names its field, and the
// language switches. Screenshots of each page are written to test-results/.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOK_DAY, removeDir, tempDir, writeDemo } from '../demo/demo-fixture.js';
import { startServer, type ServerProcess } from './server-process.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(ROOT, 'test-results');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** An account of the demo book's featured cast: registered in 2024, lost by the book's anchor. */
const ACCOUNT = 'acc-0001';

let book: string;
let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  // No skip: a machine without the browser fails here, loudly (`.ci/run` installs it).
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); .ci/run does`,
    );
  mkdirSync(SCREENSHOTS, { recursive: true });
  // The bundle the server serves, built as `npm run build` builds it (into dist/web).
  await build({ configFile: join(ROOT, 'adapters/web/vite.config.mjs'), logLevel: 'error' });
  book = tempDir('workbench');
  await writeDemo(book, { accounts: 24 });
  server = await startServer({ KARE_DATA_DIR: book });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (book !== undefined) removeDir(book);
});

interface Opened {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Console errors and uncaught exceptions so far. */
  readonly errors: string[];
}

const open = async (hash: string, locale = 'en-US'): Promise<Opened> => {
  const context = await browser.newContext({
    locale,
    viewport: { width: 1360, height: 900 },
    acceptDownloads: true,
  });
  // The read models as of the book's day, as a person picks it in the header: the pages then
  // show the same book whatever day the tests run.
  await context.addInitScript(`sessionStorage.setItem('kare.asOf', '${BOOK_DAY}')`);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(`${server.url}/${hash}`);
  return { page, context, errors };
};

/** Waits until nothing on the page is loading. */
const settled = async (page: Page): Promise<void> => {
  await page.waitForSelector('h1');
  await page.waitForSelector('[aria-busy=true]', { state: 'detached', timeout: 15_000 });
};

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

/**
 * axe-core's serious and critical violations of WCAG 2.1 A/AA. It is injected over the DevTools
 * protocol, which the page's Content-Security-Policy (no inline scripts, no eval) does not govern,
 * so the page is checked as it is served.
 */
const seriousViolations = async (page: Page): Promise<string[]> => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Runtime.evaluate', { expression: readFileSync(AXE, 'utf8') });
  const answer = await cdp.send('Runtime.evaluate', {
    expression:
      'axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }).then((r) => JSON.stringify(r.violations))',
    awaitPromise: true,
    returnByValue: true,
  });
  await cdp.detach();
  if (answer.exceptionDetails !== undefined) throw new Error(`axe failed: ${answer.exceptionDetails.text}`);
  const violations = JSON.parse(String(answer.result.value)) as AxeViolation[];
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.help}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
};

const PAGES = [
  { name: 'portfolio', hash: '#/', heading: 'Portfolio', ready: 'table.matrix' },
  {
    name: 'account-360',
    hash: `#/accounts/${ACCOUNT}`,
    heading: 'Shanghai Sunrise Retail Group',
    ready: '[data-testid=verify-badge]',
  },
  { name: 'stock-board', hash: '#/stock', heading: 'Stock board', ready: '#board table tbody tr td a' },
  { name: 'promotions', hash: '#/promotions', heading: 'Promotions', ready: 'canvas' },
  { name: 'managers', hash: '#/managers', heading: 'Managers', ready: '#manager-portfolio tbody tr td a' },
  { name: 'live', hash: '#/live', heading: 'Live events', ready: '#live-feed tbody tr' },
  { name: 'operators', hash: '#/operators/recordRevenue', heading: 'Operators', ready: 'form' },
] as const;

describe('the workbench in Chromium', () => {
  for (const each of PAGES)
    it(`renders the ${each.name} page on the demo book with no console error and no serious accessibility violation`, async () => {
      const { page, context, errors } = await open(each.hash);
      try {
        await page.waitForSelector(each.ready, { timeout: 15_000 });
        await settled(page);
        expect(await page.textContent('h1')).toContain(each.heading);
        await page.screenshot({ path: join(SCREENSHOTS, `workbench-${each.name}.png`), fullPage: true });
        expect(await seriousViolations(page)).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });

  it('formats money for people: ¥ with thousands separators', async () => {
    const { page, context } = await open('#/');
    try {
      await page.waitForSelector('#near-floor tbody tr td a');
      const nearFloor = (await page.textContent('#near-floor tbody')) ?? '';
      expect(nearFloor).toMatch(/¥\d{1,3}(,\d{3})+\.\d{2}/);
      // Near a floor is within 10 %: the distance is a percent from the API, shown as one.
      expect(nearFloor).toMatch(/\(\d(\.\d)?%\)/);
      // The groups of the book (none in this small one) as a table, not a placeholder.
      await page.waitForSelector('#groups table');
    } finally {
      await context.close();
    }
  });

  it('goes from the portfolio to an account by a click, and the account page verifies its chain', async () => {
    const { page, context, errors } = await open('#/');
    try {
      const link = page.locator('#near-floor tbody tr td a').first();
      const name = (await link.textContent()) ?? '';
      await link.click();
      await page.waitForSelector('[data-testid=verify-badge]');
      expect(page.url()).toMatch(/#\/accounts\/acc-\d{4}$/);
      await page.waitForSelector(`h1:has-text(${JSON.stringify(name)})`);
      expect(await page.textContent('[data-testid=verify-badge]')).toMatch(/Hash chain verified: \d+ events/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows the state as of the day picked: the lost account was active and untiered in its first weeks', async () => {
    const { page, context } = await open(`#/accounts/${ACCOUNT}`);
    try {
      await page.waitForSelector('[data-testid=state-status]');
      expect(await page.textContent('[data-testid=state-status]')).toBe('Lost');
      await page.fill('input[name=asOf]', '2024-12-01');
      await page.waitForSelector('[data-testid=state-status]:text-is("Active")');
      expect(await page.textContent('[data-testid=state-tier]')).toBe('No tier');
      await page.fill('input[name=asOf]', '2024-10-01');
      await page.waitForSelector('text=Nothing was recorded for this account by then.');
    } finally {
      await context.close();
    }
  });

  it('shows the account’s contacts, its visits with their agreed actions, and its yearly plan', async () => {
    const { page, context, errors } = await open(`#/accounts/${ACCOUNT}`);
    try {
      await page.waitForSelector('[data-testid=contacts-table] tbody tr td');
      await settled(page);
      const contacts = await page.$$eval('[data-testid=contacts-table] tbody tr', (rows) =>
        rows.map((row) => [...row.children].map((cell) => cell.textContent ?? '')),
      );
      expect(contacts.length).toBeGreaterThan(0);
      // Role in words, a person's name (not an id), and whether the contact is still there.
      for (const [id, role, name, , , status] of contacts) {
        expect(id).toMatch(/^c-/);
        expect(['Decision maker', 'Purchaser', 'Finance', 'Technical', 'User']).toContain(role);
        expect(name).not.toBe('–');
        expect(['Current', 'Left']).toContain(status);
      }
      const visits = await page.$$eval('[data-testid=visits-table] tbody tr', (rows) =>
        rows.map((row) => [...row.children].map((cell) => cell.textContent ?? '')),
      );
      expect(visits.length).toBeGreaterThan(0);
      // A day for people ("Nov 3, 2026"), newest first; whom it met by name.
      expect(visits[0]?.[0]).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/);
      expect(visits[0]?.[2]).not.toMatch(/^c-/);
      const actions = await page.$$eval('[data-testid=actions-table] tbody tr', (rows) =>
        rows.map((row) => [...row.children].map((cell) => cell.textContent ?? '')),
      );
      expect(actions.length).toBeGreaterThan(0);
      for (const action of actions)
        expect(action[4]).toMatch(/^(Completed [A-Z][a-z]{2} \d{1,2}, \d{4}|Overdue|Open)$/);
      expect(await page.textContent('[data-testid=revenue-target]')).toMatch(/^¥\d{1,3}(,\d{3})+\.\d{2}$/);
      expect(await page.$$('[data-testid=plan-skus] tbody tr')).not.toHaveLength(0);
      // The contacts table sorts, and downloads as CSV what it shows.
      await page.click('[data-testid=contacts-table] th button:has-text("Name")');
      await page.waitForSelector('[data-testid=contacts-table] th[aria-sort=ascending]');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('[data-testid=contacts-table] button.download'),
      ]);
      expect(download.suggestedFilename()).toBe(`contacts-${ACCOUNT}.csv`);
      const lines = readFileSync(await download.path(), 'utf8')
        .trim()
        .split(/\r?\n/);
      expect(lines[0]).toBe('contactId,role,name,phone,email,status');
      expect(lines).toHaveLength(contacts.length + 1);
      // The three sections, for people to look at without the long timeline.
      interface Placed {
        getBoundingClientRect(): { top: number; bottom: number };
        ownerDocument: { defaultView: { scrollY: number } };
      }
      // Where a section is on the page (not in the scrolled viewport): a full-page clip is in those.
      const onPage = (selector: string) =>
        page.locator(selector).evaluate((element) => {
          const placed = element as unknown as Placed;
          const { top, bottom } = placed.getBoundingClientRect();
          const scrolled = placed.ownerDocument.defaultView.scrollY;
          return { top: top + scrolled, bottom: bottom + scrolled };
        });
      const [top, bottom] = [await onPage('#contacts'), await onPage('#plan')];
      await page.screenshot({
        path: join(SCREENSHOTS, 'workbench-account-360-relationship.png'),
        fullPage: true,
        clip: { x: 0, y: top.top, width: 1360, height: bottom.bottom - top.top },
      });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows Account 360 in 简体中文 with dates and money for its readers', async () => {
    const { page, context, errors } = await open(`#/accounts/${ACCOUNT}`, 'zh-CN');
    try {
      await page.waitForSelector('[data-testid=visits-table] tbody tr td');
      await settled(page);
      expect(await page.textContent('#contacts-title')).toBe('联系人');
      expect(await page.textContent('#plan-title')).toBe('客户计划');
      expect(await page.textContent('#risk-title')).toBe('风险与原因');
      expect(await page.textContent('#plan-pace-title')).toBe('计划进度');
      expect(await page.textContent('[data-testid=risk-reasons] tbody tr:first-child td')).toBe('收入趋势');
      expect(await page.textContent('[data-testid=visits-table] tbody tr:first-child td')).toMatch(
        /^\d{4}年\d{1,2}月\d{1,2}日$/,
      );
      await page.screenshot({ path: join(SCREENSHOTS, 'workbench-account-360-zh-CN.png'), fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows Account 360’s risk: the score, each reason against its weight, the revenue at risk, and the plan’s pace', async () => {
    const { page, context, errors } = await open(`#/accounts/${ACCOUNT}`);
    try {
      await page.waitForSelector('[data-testid=risk-reasons] tbody tr td');
      await page.waitForSelector('[data-testid=plan-pace] tbody tr td');
      await settled(page);
      // A score of 0–100 and the revenue it puts at risk, in ¥ for people.
      const score = Number.parseFloat((await page.textContent('[data-testid=risk-score]')) ?? '');
      expect(score).toBeGreaterThan(0);
      expect(score).toBeLessThanOrEqual(100);
      expect(await page.textContent('[data-testid=revenue-at-risk]')).toMatch(/^¥\d{1,3}(,\d{3})+\.\d{2}$/);
      // Each reason by name, its points within its weight, and the share of the weight it uses.
      const reasons = await page.$$eval('[data-testid=risk-reasons] tbody tr', (rows) =>
        rows.map((row) => [...row.children].map((cell) => cell.textContent ?? '')),
      );
      expect(reasons.length).toBeGreaterThan(0);
      let total = 0;
      for (const [factor, points, weight, share] of reasons) {
        expect(factor).toMatch(/^[A-Z][a-z]+( [a-z]+)*$|^SLA breaches$/);
        expect(Number(points)).toBeLessThanOrEqual(Number(weight));
        expect(share).toBe(`${Math.round((Number(points) / Number(weight)) * 100)}%`);
        total += Number(points);
      }
      // The reasons' points add up to the score.
      expect(total).toBeCloseTo(score, 1);
      // The plan's pace: per year the share achieved against the share expected by now.
      const pace = await page.$$eval('[data-testid=plan-pace] tbody tr', (rows) =>
        rows.map((row) => [...row.children].map((cell) => cell.textContent ?? '')),
      );
      expect(pace.length).toBeGreaterThan(0);
      for (const [year, , , , achieved, expected, onPace] of pace) {
        expect(year).toMatch(/^\d{4}$/);
        expect(achieved).toMatch(/^\d+(\.\d)?%$/);
        expect(expected).toMatch(/^\d+(\.\d)?%$/);
        expect(['On pace', 'Behind']).toContain(onPace);
        // On pace exactly when the share achieved reaches the share expected (to the shown digit).
        if (Number.parseFloat(achieved ?? '') < Number.parseFloat(expected ?? ''))
          expect(onPace).toBe('Behind');
      }
      const risk = await page.locator('#risk').boundingBox();
      if (risk !== null)
        await page.screenshot({
          path: join(SCREENSHOTS, 'workbench-account-360-risk.png'),
          fullPage: true,
          clip: risk,
        });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows the top risks on the portfolio, highest score first, each a link to its Account 360', async () => {
    const { page, context, errors } = await open('#/');
    try {
      await page.waitForSelector('#top-risks tbody tr td a');
      await settled(page);
      const rows = await page.$$eval('#top-risks tbody tr', (each) =>
        each.map((row) => [...row.children].map((cell) => cell.textContent ?? '')),
      );
      expect(rows.length).toBeGreaterThan(1);
      expect(rows.length).toBeLessThanOrEqual(10);
      const scores = rows.map((row) => Number.parseFloat(row[4] ?? ''));
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      // A lost account's risk came true: it is no warning, and not listed.
      expect(rows.some((row) => row.some((cell) => /^lost$/i.test(cell.trim())))).toBe(false);
      // Reasons by name with their points against their weight.
      expect(rows[0]?.[5]).toMatch(/^[A-Z][A-Za-z ]+ \d+(\.\d+)?\/\d+/);
      const link = page.locator('#top-risks tbody tr td a').first();
      const name = (await link.textContent()) ?? '';
      await link.click();
      await page.waitForSelector(`h1:has-text(${JSON.stringify(name)})`);
      await page.waitForSelector('[data-testid=risk-score]');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('filters the managers’ scorecard by manager and months, and shows a manager’s top risks', async () => {
    const { page, context, errors } = await open('#/managers');
    try {
      const table = '[data-testid=scorecard]';
      const rowsOf = () =>
        page.$$eval(`${table} tbody tr`, (rows) =>
          rows.map((row) => [...row.children].map((cell) => cell.textContent ?? '')),
        );
      /** The rows once `shown` holds of them (the table loads after a filter changes). */
      const rowsUntil = async (shown: (rows: string[][]) => boolean): Promise<string[][]> => {
        for (let tries = 0; tries < 150; tries++) {
          const rows = await rowsOf();
          if (shown(rows)) return rows;
          await page.waitForTimeout(100);
        }
        throw new Error(`the scorecard never showed the rows expected: ${JSON.stringify(await rowsOf())}`);
      };
      await page.waitForSelector(`${table} tbody tr td:has-text("mgr-")`);
      await settled(page);
      const before = await rowsOf();
      // Every manager's months, newest first: more than one manager shows.
      expect(new Set(before.map((row) => row[0])).size).toBeGreaterThan(1);
      await page.selectOption('select[name=scorecardManager]', 'mgr-05');
      const one = await rowsUntil((rows) => rows.length > 0 && rows.every((row) => row[0] === 'mgr-05'));
      expect(one.length).toBeGreaterThan(1);
      expect(one).not.toEqual(before);
      for (const [, month, , , portfolio] of one) {
        expect(month).toMatch(/^2026-(0[6-9]|1[01])$/);
        expect(portfolio).toMatch(/^¥\d{1,3}(,\d{3})*\.\d{2}$/);
      }
      await page.fill('input[name=scorecardFrom]', '2026-10');
      const narrowed = await rowsUntil(
        (rows) => rows.length > 0 && rows.every((row) => (row[1] ?? '') >= '2026-10'),
      );
      expect(narrowed.map((row) => row[1])).toEqual(['2026-11', '2026-10']);
      // The CSV carries the same filters.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click(`${table} button.download`),
      ]);
      expect(download.suggestedFilename()).toBe('manager-scorecard.csv');
      const lines = readFileSync(await download.path(), 'utf8')
        .trim()
        .split(/\r?\n/);
      const header = lines[0]?.split(',') ?? [];
      expect(lines.slice(1).map((line) => line.split(',')[header.indexOf('month')])).toEqual([
        '2026-11',
        '2026-10',
      ]);
      expect(new Set(lines.slice(1).map((line) => line.split(',')[header.indexOf('managerId')]))).toEqual(
        new Set(['mgr-05']),
      );
      // The manager's top risks: their accounts, highest score first.
      await page.waitForSelector('[data-testid=manager-top-risks] tbody tr td a');
      const scores = await page.$$eval('[data-testid=manager-top-risks] tbody tr', (rows) =>
        rows.map((row) => Number.parseFloat(row.children[4]?.textContent ?? '')),
      );
      expect(scores.length).toBeGreaterThan(0);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      await page.screenshot({ path: join(SCREENSHOTS, 'workbench-managers-filtered.png'), fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('filters the stock board by region: every row shown is of the region picked', async () => {
    const { page, context, errors } = await open('#/stock');
    try {
      await page.waitForSelector('#board tbody tr td a');
      const regionSelect = page.locator('#board select >> nth=2');
      // The book's regions, as the API counts them, are the choices.
      await regionSelect.locator('option >> nth=2').waitFor({ state: 'attached' });
      const regions = await regionSelect
        .locator('option')
        .evaluateAll((options) =>
          options
            .map((option) => (option as unknown as { value: string }).value)
            .filter((value) => value !== ''),
        );
      expect(regions.length).toBeGreaterThan(1);
      const regionColumn = async () =>
        page.$$eval('#board tbody tr', (rows) => rows.map((row) => row.children[3]?.textContent ?? ''));
      const before = await regionColumn();
      expect(new Set(before).size).toBeGreaterThan(1);
      const picked = regions[1]!;
      await regionSelect.selectOption(picked);
      // The board's rows are all of the region picked once the filtered page has come.
      await expect
        .poll(regionColumn, { timeout: 15_000 })
        .toSatisfy((cells: string[]) => cells.length > 0 && cells.every((cell) => cell === picked));
      expect(await regionColumn()).not.toEqual(before);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('#board button.download'),
      ]);
      const lines = readFileSync(await download.path(), 'utf8')
        .trim()
        .split(/\r?\n/);
      const header = lines[0]?.split(',') ?? [];
      expect(new Set(lines.slice(1).map((line) => line.split(',')[header.indexOf('region')]))).toEqual(
        new Set([picked]),
      );
      await page.screenshot({ path: join(SCREENSHOTS, 'workbench-stock-board-region.png'), fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('says when the promotions chart shows only part of the book, and shows all of a year that fits', async () => {
    /** Approved promotions as the API serves them, as of the book's day, in its pages. */
    const approved = async (query: string): Promise<Record<string, unknown>[]> => {
      const rows: Record<string, unknown>[] = [];
      let cursor = '';
      do {
        const answer = await fetch(
          `${server.url}/read-models/promotion-history?status=APPROVED&asOf=${BOOK_DAY}&${query}${cursor}`,
        );
        const page = (await answer.json()) as { items: Record<string, unknown>[]; nextCursor: string | null };
        rows.push(...page.items);
        cursor = page.nextCursor === null ? '' : `&cursor=${page.nextCursor}`;
      } while (cursor !== '');
      return rows;
    };
    const placed = (rows: readonly Record<string, unknown>[]) =>
      rows.filter(
        (row) =>
          row['resultRecorded'] === true &&
          typeof row['uplift'] === 'number' &&
          typeof row['costPerExtraUnitAmount'] === 'number',
      ).length;
    const all = await approved('limit=500');
    const perYear = new Map<string, number>();
    for (const row of all) {
      const year = String(row['windowFrom']).slice(0, 4);
      perYear.set(year, (perYear.get(year) ?? 0) + 1);
    }
    // A cap every year fits under, and the book does not: the chart shows part until a year is picked.
    const cap = Math.max(...perYear.values());
    expect(all.length).toBeGreaterThan(cap);
    const year = [...perYear.keys()].sort().at(-1)!;
    const { page, context, errors } = await open(`#/promotions?chartCap=${cap}`);
    try {
      const chartLabel = () => page.getAttribute('#uplift-vs-cost canvas', 'aria-label');
      const note = page.locator('[data-testid=chart-part]');
      await note.waitFor({ timeout: 15_000 });
      expect(await note.textContent()).toBe(
        `The chart shows the ${cap} most recent of ${all.length} approved promotions, by window start. ` +
          'Narrow it by year or tier to see them all.',
      );
      // The part shown is the most recent windows: the API's first `cap` by window start, newest first.
      const recent = await approved(`sort=-windowFrom&limit=${cap}`).then((rows) => rows.slice(0, cap));
      expect(await chartLabel()).toBe(
        `Uplift against cost per extra unit: ${placed(recent)} promotions plotted`,
      );
      await page.screenshot({ path: join(SCREENSHOTS, 'workbench-promotions-capped.png'), fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
      // Each year offers its count, so a person sees which one fits.
      expect(await page.textContent(`select[name=promotionYear] option[value="${year}"]`)).toBe(
        `${year} (${perYear.get(year)})`,
      );
      await page.selectOption('select[name=promotionYear]', year);
      const ofYear = all.filter((row) => String(row['windowFrom']).startsWith(year));
      await expect
        .poll(chartLabel, { timeout: 15_000 })
        .toBe(`Uplift against cost per extra unit: ${placed(ofYear)} promotions plotted`);
      await settled(page);
      expect(await note.count()).toBe(0);
      expect(placed(ofYear)).toBeGreaterThan(0);
      // The table below lists the same year (every status).
      await page.waitForSelector('#promotion-list tbody tr td a');
      await expect
        .poll(() =>
          page.$$eval('#promotion-list tbody tr', (rows) =>
            rows.map((row) => row.children[4]?.textContent ?? ''),
          ),
        )
        .toSatisfy((days: string[]) => days.length > 0 && days.every((day) => day.endsWith(year)));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('pages a table with the API cursor and sorts it by a click on its header', async () => {
    const { page, context, errors } = await open('#/promotions');
    try {
      const table = '#promotion-list';
      const firstRow = () => page.textContent(`${table} tbody tr:first-child`);
      await page.waitForSelector(`${table} tbody tr td a`);
      const first = await firstRow();
      await page.click(`${table} button:has-text("Next")`);
      await page.waitForSelector(`${table} .table-tools >> text=Page 2`);
      await page.waitForSelector(`${table} tbody tr td a`);
      expect(await firstRow()).not.toBe(first);
      await page.click(`${table} th button:has-text("Uplift")`);
      await page.waitForSelector(`${table} th[aria-sort=ascending]`);
      await page.waitForSelector(`${table} .table-tools >> text=Page 1`);
      await page.click(`${table} th button:has-text("Uplift")`);
      await page.waitForSelector(`${table} th[aria-sort=descending]`);
      await page.waitForSelector(`${table} tbody tr td a`);
      const uplifts = await page.$$eval(`${table} tbody tr`, (rows) =>
        rows.map((row) => row.children[8]?.textContent ?? ''),
      );
      const numbers = uplifts
        .filter((cell) => cell.endsWith('%'))
        .map((cell) => Number.parseFloat(cell.replace(/,/g, '')));
      expect(numbers.length).toBeGreaterThan(1);
      expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('downloads a table as CSV with its filters', async () => {
    const { page, context } = await open('#/stock');
    try {
      await page.waitForSelector('#board tbody tr td a');
      await page.selectOption('#board select >> nth=1', 'A');
      await page.waitForSelector('#board tbody tr td a');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('#board button.download'),
      ]);
      expect(download.suggestedFilename()).toBe('stock-board.csv');
      const lines = readFileSync(await download.path(), 'utf8')
        .trim()
        .split(/\r?\n/);
      const header = lines[0]?.split(',') ?? [];
      expect(header).toEqual(expect.arrayContaining(['accountId', 'sku', 'tier', 'dos']));
      expect(lines.length).toBeGreaterThan(1);
      const column = (name: string) =>
        new Set(lines.slice(1).map((line) => line.split(',')[header.indexOf(name)]));
      expect(column('tier')).toEqual(new Set(['A']));
      // The header's as-of day reaches the API with the filters.
      expect(await page.inputValue('input[name=readModelsAsOf]')).toBe(BOOK_DAY);
      expect(column('asOf')).toEqual(new Set([BOOK_DAY]));
    } finally {
      await context.close();
    }
  });

  it('shows a refused command’s problem beside the field it names', async () => {
    const { page, context } = await open('#/operators/recordRevenue');
    try {
      await page.fill('#field-target-id', ACCOUNT);
      await page.fill('[name=period]', '2026-13');
      await page.fill('[name="amount.amount"]', '1000');
      await page.fill('[name=sourceRef]', 'invoice 42');
      await page.click('form button[type=submit]');
      const error = page.locator('.field-error[data-field=period]');
      await error.waitFor();
      expect(await error.textContent()).toMatch(/period YYYY-MM/);
      expect(await page.getAttribute('[name=period]', 'aria-invalid')).toBe('true');
      expect(await page.textContent('[data-testid=refusal]')).toContain('INVALID_REQUEST');
    } finally {
      await context.close();
    }
  });

  it('sends one Idempotency-Key per submission: a double click writes once', async () => {
    const { page, context } = await open('#/operators/recordFeedback');
    try {
      const keys: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST') keys.push(request.headers()['idempotency-key'] ?? '');
      });
      await page.fill('#field-target-id', 'acc-0002');
      await page.fill('[name=score]', '4');
      await page.fill('[name=aboutManagerId]', 'mgr-02');
      await page.fill('[name=comment]', 'double click');
      await page.dblclick('form button[type=submit]');
      await page.waitForSelector('[data-testid=accepted], [data-testid=refusal]');
      expect(await page.$('[data-testid=refusal]')).toBeNull();
      expect(new Set(keys).size).toBe(1);
      const history = (await (await fetch(`${server.url}/accounts/acc-0002/history?limit=1000`)).json()) as {
        events: { type: string; data: Record<string, unknown> }[];
      };
      expect(
        history.events.filter(
          (event) => event.type === 'FeedbackRecorded' && event.data['comment'] === 'double click',
        ),
      ).toHaveLength(1);
    } finally {
      await context.close();
    }
  });

  it('follows the live feed filtered by type: an event written now appears, others do not', async () => {
    const { page, context, errors } = await open('#/live');
    try {
      await page.waitForSelector('#live-feed tbody tr');
      await page.selectOption('#live-feed select >> nth=1', 'FeedbackRecorded');
      await page.waitForSelector('#live-feed [role=status]:has-text("Connected")');
      const written = await fetch(`${server.url}/accounts/acc-0003/record-feedback`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ score: 5, aboutManagerId: 'mgr-03', comment: 'seen live' }),
      });
      expect(written.status).toBe(200);
      const { position } = (await written.json()) as { position: string };
      await page.waitForSelector(`#live-feed tbody tr:has(td:text-is("${position}"))`);
      const types = await page.$$eval('#live-feed tbody tr', (rows) =>
        rows.map((row) => row.children[2]?.textContent),
      );
      expect(new Set(types)).toEqual(new Set(['FeedbackRecorded']));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('speaks the browser’s language and switches between English and 简体中文', async () => {
    const chinese = await open('#/', 'zh-CN');
    try {
      await chinese.page.waitForSelector('table.matrix');
      expect(await chinese.page.textContent('h1')).toBe('客户组合');
      expect(await chinese.page.getAttribute('html', 'lang')).toBe('zh-CN');
      await chinese.page.selectOption('header select', 'en');
      await chinese.page.waitForSelector('h1:has-text("Portfolio")');
      expect(await chinese.page.getAttribute('html', 'lang')).toBe('en');
      await chinese.page.selectOption('header select', 'zh-CN');
      await chinese.page.waitForSelector('h1:has-text("客户组合")');
      await chinese.page.screenshot({
        path: join(SCREENSHOTS, 'workbench-portfolio-zh-CN.png'),
        fullPage: true,
      });
      expect(chinese.errors).toEqual([]);
    } finally {
      await chinese.context.close();
    }
  });

  it('asks a keyed server for an API key, keeps it for the tab only, and refuses a wrong one', async () => {
    const keyed = await startServer({ KARE_API_KEYS: 'workbench-test-key=analyst' });
    const context = await browser.newContext({ locale: 'en-US' });
    try {
      const page = await context.newPage();
      await page.goto(`${keyed.url}/#/`);
      await page.waitForSelector('h1:has-text("Sign in")');
      await page.fill('input[type=password]', 'not-the-key');
      await page.click('form button[type=submit]');
      await page.waitForSelector('text=The key was not accepted.');
      await page.fill('input[type=password]', 'workbench-test-key');
      await page.click('form button[type=submit]');
      await page.waitForSelector('table.matrix');
      expect(await page.evaluate('sessionStorage.getItem("kare.apiKey")')).toBe('workbench-test-key');
      expect(await page.evaluate('localStorage.getItem("kare.apiKey")')).toBeNull();
      // Another tab of the same browser does not share the tab's session storage: it asks again.
      const other = await context.newPage();
      await other.goto(`${keyed.url}/#/`);
      await other.waitForSelector('h1:has-text("Sign in")');
    } finally {
      await context.close();
      await keyed.stop();
    }
  });
});
