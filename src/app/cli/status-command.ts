// `kare status [--json]`: where the store is, its head, and how far each projection has got.
// The CLI runs no projections itself: a projection it finds behind is waiting for a server.
import { DATA_OPTION, noMorePositionals, parseCommand } from './arguments.js';
import { configFor, withEngine } from './cli-engine.js';
import { say, type CliIo } from './cli-io.js';

const table = (rows: readonly (readonly string[])[]): string[] => {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd(),
  );
};

export const statusCommand = async (args: readonly string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseCommand('status', args, { ...DATA_OPTION, json: { type: 'boolean' } });
  noMorePositionals('status', positionals, 0);
  const config = configFor(io, values.data);
  return withEngine(io, config, {}, async (engine) => {
    const head = await engine.store.headPosition();
    const statuses = await engine.projector.status();
    // A projector that is not running (as here) reports "stopped": say where it stands instead.
    const stateOf = (state: string, lag: bigint): string =>
      state !== 'stopped' ? state : lag === 0n ? 'up to date' : 'behind';
    if (values.json === true) {
      const json = {
        store: engine.storeDescription,
        head: head.toString(),
        projections: statuses.map((s) => ({
          name: s.name,
          version: s.version,
          position: s.position.toString(),
          lag: s.lag.toString(),
          state: stateOf(s.state, s.lag),
          ...(s.rebuild === undefined
            ? {}
            : { rebuild: { version: s.rebuild.version, position: s.rebuild.position.toString() } }),
        })),
      };
      say(io.stdout, JSON.stringify(json, null, 2));
      return 0;
    }
    say(io.stdout, `Store  ${engine.storeDescription}`);
    say(io.stdout, `Head   ${head.toString()}`);
    say(io.stdout, '');
    const rows = [
      ['PROJECTION', 'VERSION', 'POSITION', 'LAG', 'STATE'],
      ...statuses.map((s) => [
        s.name,
        String(s.version),
        s.position.toString(),
        s.lag.toString(),
        stateOf(s.state, s.lag) +
          (s.rebuild === undefined
            ? ''
            : ` (rebuilding v${s.rebuild.version} at ${s.rebuild.position.toString()})`),
      ]),
    ];
    for (const line of table(rows)) say(io.stdout, line);
    return 0;
  });
};
