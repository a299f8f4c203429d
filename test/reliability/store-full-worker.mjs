// Appends to a new SQLite store until the file can't grow (run under `ulimit -f`, see
// store-faults.spec.ts); prints what was acknowledged and how the append that failed failed.
import { register } from 'tsx/esm/api';

// Past the file-size limit the kernel sends SIGXFSZ (which kills by default); handled, the write
// fails with EFBIG instead, as a full disk's does with ENOSPC.
process.on('SIGXFSZ', () => undefined);
register();
const { createSqliteEventStore } = await import('../../adapters/sqlite/event-store.ts');
const { storeProblem } = await import('../../adapters/http/problem.ts');
const [path] = process.argv.slice(2);
const store = createSqliteEventStore({ path, sync: 'full' });
const acknowledged = [];
const filler = 'x'.repeat(2000);
let failure;
for (let i = 0; i < 10_000 && failure === undefined; i += 1) {
  // Three events an append: a failed one must leave none of them.
  const events = [0, 1, 2].map((j) => ({
    eventId: crypto.randomUUID(),
    type: 'Filled',
    data: { i, j, filler },
    metadata: { schemaVersion: 1 },
  }));
  try {
    await store.append(`fill-${i % 5}`, events, { expectedRevision: 'any' });
    acknowledged.push(...events.map((e) => e.eventId));
  } catch (error) {
    const problem = storeProblem(error);
    failure = { name: error.name, fault: error.fault, status: problem?.status, code: problem?.code };
  }
}
const health = await store.health();
// Still full: a write now fails fast, naming the fault.
let again;
try {
  await store.append(
    'fill-0',
    [{ eventId: crypto.randomUUID(), type: 'Filled', data: { filler }, metadata: { schemaVersion: 1 } }],
    { expectedRevision: 'any' },
  );
} catch (error) {
  again = { name: error.name, fault: error.fault };
}
await store.close().catch(() => undefined);
process.stdout.write(JSON.stringify({ acknowledged, failure, health, again }));
