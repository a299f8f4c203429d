// Every command route under arbitrary JSON: never a 5xx, and a refused request stores nothing.
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGGREGATE_PATHS, commandBodySchema } from '../../../adapters/http/command-routes.js';
import { kebabCase } from '../../../domain/kernel/index.js';
import { AGGREGATES } from '../../../src/commands/aggregates.js';
import { bodyOf } from './json-schema-arbitrary.js';
import { openTestServer, seedAcmeBook, type TestServer } from './server-fixture.js';

const AT = '2026-05-04T09:00:00.000Z';
const IDS = { account: 'acme', agreement: 'acme-g', supply: 'acme-s', group: 'acme-grp' } as const;
const RUNS = 25;
// Fixed, so that "gets past validation" below is a fact of this run, not a coin toss; set
// KARE_FUZZ_SEED to explore other inputs.
const FUZZ_SEED = Number(process.env['KARE_FUZZ_SEED'] ?? 20_261_206);

let server: TestServer;

const seed = async (path: string, body: Record<string, unknown>) => {
  const res = await request(server.app)
    .post(path)
    .send({ at: AT, ...body });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
};

beforeAll(async () => {
  // No projector and no process managers: nothing but the request under test may write.
  server = openTestServer({ start: false });
  await seedAcmeBook(seed);
  await seed('/groups', {
    groupId: IDS.group,
    name: 'Acme Group',
    industry: 'RETAIL',
    headquartersRegion: 'North',
  });
});
afterAll(async () => server.close());

const routes = Object.values(AGGREGATES).flatMap((aggregate) =>
  aggregate.commands.map((definition) => ({
    path: definition.creates
      ? AGGREGATE_PATHS[aggregate.kind]
      : `${AGGREGATE_PATHS[aggregate.kind]}/${IDS[aggregate.kind]}/${kebabCase(definition.type)}`,
    schema: commandBodySchema(definition, definition.creates ? ['at', aggregate.idField] : ['at']),
  })),
);

const send = (path: string, body: string) =>
  request(server.app).post(path).set('content-type', 'application/json').send(body);

/** Sends the body and answers its status; a refused request must leave the log as it was. */
const check = async (path: string, body: string): Promise<number> => {
  const head = await server.engine.store.headPosition();
  const res = await send(path, body);
  expect(res.status, `${path} ${body} → ${JSON.stringify(res.body)}`).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await server.engine.store.headPosition(), `${path} ${body} stored something`).toBe(head);
  }
  return res.status;
};

describe('command routes under arbitrary JSON', () => {
  it.each(routes)('$path: never a 5xx, nothing stored when refused', async ({ path, schema }) => {
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(bodyOf(schema, { ids: Object.values(IDS) }), async (body) => {
        statuses.add(await check(path, JSON.stringify(body)));
      }),
      { numRuns: RUNS, seed: FUZZ_SEED },
    );
    // The fuzzer gets past validation (a 2xx, 409 or 422): it is not all bounced at the door.
    expect(
      [...statuses].some((status) => status !== 400),
      [...statuses].join(' '),
    ).toBe(true);
  });

  it('never answers malformed JSON or an unknown command with a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          ...routes.map((r) => r.path),
          '/accounts/acme/launch-rocket',
          '/accounts/ghost/mark-lost',
        ),
        fc.string({ maxLength: 40 }),
        async (path, text) => {
          await check(path, text);
        },
      ),
      { numRuns: 100 },
    );
  });
});
