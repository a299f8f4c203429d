// Another process appending to the same SQLite file (see sqlite-store.spec.ts).
import { register } from 'tsx/esm/api';

register();
const { createSqliteEventStore } = await import('../../adapters/sqlite/event-store.ts');
const [path, streamId, count] = process.argv.slice(2);
const store = createSqliteEventStore({ path });
for (let i = 0; i < Number(count); i += 1) {
  await store.append(
    streamId,
    [{ eventId: crypto.randomUUID(), type: 'FromOtherProcess', data: { i }, metadata: { schemaVersion: 1 } }],
    { expectedRevision: 'any' },
  );
}
await store.close();
