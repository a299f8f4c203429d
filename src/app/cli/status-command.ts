// `kare status [--json]`: where the store is, its head, and how far each projection and reactor
// has got: its lag in events (`N+` when the count stopped at its cap) and, for a consumer that is
// following the store live, its subscription's connection (connected, or reconnecting after a
// drop with the attempts and why). The CLI runs no consumers itself: one it finds behind is
// waiting for a server, and it has no connection to show (`-`).
import { leaseHolders, type LeaseHolder } from '../../../adapters/postgres/advisory-leases.js';
import type { SubscriptionConnection } from '../../ports.js';
import { OTHER_LEASES, projectionLeases } from '../project.js';
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

/** What a status shows of a consumer: the projector's and the reactors' statuses have these. */
interface ConsumerLine {
  readonly name: string;
  readonly position: bigint;
  readonly lag: bigint;
  readonly lagCapped?: true;
  readonly state: string;
  readonly error?: string;
  readonly connection?: SubscriptionConnection;
}

/** A consumer that is not running (as here) reports "stopped": say where it stands instead. */
const stateOf = (state: string, lag: bigint): string =>
  state !== 'stopped' ? state : lag === 0n ? 'up to date' : 'behind';

const lagText = (line: ConsumerLine): string => `${line.lag.toString()}${line.lagCapped ? '+' : ''}`;

/** `connected`, `reconnecting (3 attempts: why)`, or `-` when there is no live subscription. */
export const connectionText = (connection: SubscriptionConnection | undefined): string => {
  if (connection === undefined) return '-';
  if (connection.state !== 'reconnecting') return connection.state;
  const attempts = `${connection.attempts} attempt${connection.attempts === 1 ? '' : 's'}`;
  return `reconnecting (${attempts}${connection.lastError === undefined ? '' : `: ${connection.lastError}`})`;
};

const connectionJson = (connection: SubscriptionConnection | undefined) =>
  connection === undefined ? {} : { connection };

const lagJson = (line: ConsumerLine) => ({
  lag: line.lag.toString(),
  ...(line.lagCapped ? { lagCapped: true } : {}),
});

export const statusCommand = async (args: readonly string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseCommand('status', args, { ...DATA_OPTION, json: { type: 'boolean' } });
  noMorePositionals('status', positionals, 0);
  const config = configFor(io, values.data);
  return withEngine(io, config, {}, async (engine) => {
    const head = await engine.store.headPosition();
    const statuses = await engine.projector.status();
    const reactors = await engine.processes.status();
    // With the read models in PostgreSQL, the workers (kare project) may hold the work: who holds what.
    const leases =
      config.readDbUrl === undefined
        ? undefined
        : await leasesOf(config.readDbUrl, [
            ...projectionLeases(config.projectionPartitions).map((lease) => lease.name),
            ...OTHER_LEASES,
          ]);
    if (values.json === true) {
      const json = {
        store: engine.storeDescription,
        head: head.toString(),
        projections: statuses.map((s) => ({
          name: s.name,
          version: s.version,
          position: s.position.toString(),
          ...lagJson(s),
          state: stateOf(s.state, s.lag),
          ...(s.rebuild === undefined
            ? {}
            : { rebuild: { version: s.rebuild.version, position: s.rebuild.position.toString() } }),
          ...(s.partitions === undefined ? {} : { partitions: s.partitions.map(String) }),
          ...connectionJson(s.connection),
        })),
        reactors: reactors.map((r) => ({
          name: r.name,
          position: r.position.toString(),
          ...lagJson(r),
          state: stateOf(r.state, r.lag),
          ...(r.error === undefined ? {} : { error: r.error }),
          ...connectionJson(r.connection),
        })),
        ...(leases === undefined
          ? {}
          : {
              leases: leases.map(([name, holder]) => ({ name, ...(holder === undefined ? {} : { holder }) })),
            }),
      };
      say(io.stdout, JSON.stringify(json, null, 2));
      return 0;
    }
    say(io.stdout, `Store  ${engine.storeDescription}`);
    say(io.stdout, `Head   ${head.toString()}`);
    say(io.stdout, '');
    for (const line of statusTable(statuses, reactors)) say(io.stdout, line);
    if (leases !== undefined) {
      say(io.stdout, '');
      for (const line of table([
        ['LEASE', 'HELD BY'],
        ...leases.map(([name, holder]) => [name, holderText(holder)]),
      ]))
        say(io.stdout, line);
    }
    return 0;
  });
};

/** Each lease with its holder (undefined: free), in the order asked; undefined when no worker runs. */
const leasesOf = async (
  url: string,
  names: readonly string[],
): Promise<(readonly [string, LeaseHolder | undefined])[] | undefined> => {
  const holders = await leaseHolders(url, names);
  // No worker holds any: one server does it all (plain kare serve), nothing to show.
  if (holders.size === 0) return undefined;
  return names.map((name) => [name, holders.get(name)] as const);
};

const holderText = (holder: LeaseHolder | undefined): string =>
  holder === undefined
    ? '- (no worker)'
    : `${holder.application || `pid ${holder.pid}`}${holder.address === undefined ? '' : ` at ${holder.address}`}`;

/** The table of `kare status`: projections, then reactors, with their lag and connection. */
export const statusTable = (
  projections: readonly (ConsumerLine & {
    readonly version: number;
    readonly rebuild?: { readonly version: number; readonly position: bigint };
  })[],
  reactors: readonly ConsumerLine[],
): string[] => {
  const rows = [
    ['PROJECTION', 'VERSION', 'POSITION', 'LAG', 'STATE', 'CONNECTION'],
    ...projections.map((s) => [
      s.name,
      String(s.version),
      s.position.toString(),
      lagText(s),
      stateOf(s.state, s.lag) +
        (s.rebuild === undefined
          ? ''
          : ` (rebuilding v${s.rebuild.version} at ${s.rebuild.position.toString()})`),
      connectionText(s.connection),
    ]),
  ];
  const reactorRows = [
    ['REACTOR', 'POSITION', 'LAG', 'STATE', 'CONNECTION'],
    ...reactors.map((r) => [
      r.name,
      r.position.toString(),
      lagText(r),
      stateOf(r.state, r.lag) + (r.error === undefined ? '' : ` (${r.error})`),
      connectionText(r.connection),
    ]),
  ];
  return [...table(rows), ...(reactors.length === 0 ? [] : ['', ...table(reactorRows)])];
};
