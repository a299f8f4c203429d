// A demo book in a temporary directory, loaded the way `kare demo` loads it, and the helpers
// the demo and CLI tests read it with: every stored event, and every served read model's rows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POLICY_V1, type Policy } from '../../domain/kernel/index.js';
import type { PresentedRow, ReadModel } from '../../projections/read-model.js';
import {
  demoClock,
  demoEngineRequest,
  loadDemoBook,
  type DemoOptions,
  type DemoSummary,
} from '../../demo/demo-book.js';
import { PROJECTIONS, READ_MODELS } from '../../projections/index.js';
import { openEngine } from '../../src/app/open-engine.js';
import { type Engine } from '../../src/engine.js';
import type { StoredEvent } from '../../src/ports.js';

export const tempDir = (name: string): string => mkdtempSync(join(tmpdir(), `kare-${name}-`));

export const removeDir = (dir: string): void => rmSync(dir, { recursive: true, force: true });

/**
 * The anchor the tests load their books on (in the peak build-up, when every flag shows), so they
 * are the same books whatever day the tests run.
 */
export const BOOK_DAY = '2026-11-26';

/** Loads a demo book into `dataDir` (anchored on BOOK_DAY unless told) and closes the engine. */
export const writeDemo = async (dataDir: string, options: DemoOptions = {}): Promise<DemoSummary> => {
  const today = options.today ?? BOOK_DAY;
  const clock = demoClock(today);
  const engine = openEngine({ dataDir, ...demoEngineRequest(clock, options.seed) });
  try {
    return await loadDemoBook(engine, clock, { ...options, today });
  } finally {
    await engine.close();
  }
};

export const allEvents = async (engine: Engine): Promise<StoredEvent[]> => {
  const events: StoredEvent[] = [];
  for await (const event of engine.store.readAll()) events.push(event);
  return events;
};

// A read model names its collection by the projection's context key or by its table: map both.
const TABLES = new Map(
  PROJECTIONS.flatMap((projection) =>
    Object.entries(projection.collections).flatMap(([key, collection]) => [
      [key, collection.table] as const,
      [collection.table, collection.table] as const,
    ]),
  ),
);

/** The tables analysts are served (internal lookups left out). */
export const SERVED_TABLES: readonly string[] = PROJECTIONS.flatMap((projection) =>
  Object.values(projection.collections)
    .filter((collection) => collection.internal !== true)
    .map((collection) => collection.table),
);

export const readModelNamed = (name: string): ReadModel => {
  const found = READ_MODELS.find((readModel) => readModel.name === name);
  if (found === undefined) throw new Error(`no read model ${name}`);
  return found;
};

/** The rows of a read model as served on `asOf`, under the engine's policy (v1) unless told. */
export const presented = async (
  engine: Engine,
  name: string,
  asOf: string,
  policy: Policy = POLICY_V1,
): Promise<PresentedRow[]> => {
  const readModel = readModelNamed(name);
  const rows = await engine.readModels.find(TABLES.get(readModel.collection) ?? readModel.collection);
  return rows.map((row) => readModel.present(row.doc as never, { asOf, policy }));
};

/** Every served table's rows (key, plain columns, document), for comparing two stores. */
export const servedRows = async (engine: Engine): Promise<Record<string, unknown>> =>
  Object.fromEntries(
    await Promise.all(
      SERVED_TABLES.map(async (table) => [table, await engine.readModels.find(table)] as const),
    ),
  );
