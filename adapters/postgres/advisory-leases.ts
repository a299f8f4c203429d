// Leases in PostgreSQL for workers that share the projections (`kare project`): a lease is a
// session advisory lock held on one dedicated connection per worker. Chosen over a lease row
// renewed by a heartbeat because PostgreSQL frees the locks the moment that connection ends (a
// worker killed with SIGKILL; its host gone, once TCP keepalive notices, in about 11 s): a
// standby takes over at its next try, with no expiry to wait out, no clock to trust, and no
// write per renewal. The cost: each worker holds one connection of its own, and a pooler in
// transaction mode (PgBouncer) cannot sit between the workers and PostgreSQL.
//
// Fencing: a batch commits on a pooled connection, not the lock's, so its transaction asks
// pg_locks whether this worker's lock session still holds the lease (fence), after locking the
// build's checkpoint row and before COMMIT. A worker whose lock connection dropped fails that
// check and rolls back; the checkpoint row's lock and its position check (CheckpointMoved) order
// a batch that passed the check just before against the new owner's.
import { hostname } from 'node:os';
import pg from 'pg';

/** The worker no longer holds the lease it is writing under: the batch must not commit. */
export class LeaseLost extends Error {
  override readonly name = 'LeaseLost';
  constructor(readonly lease: string) {
    super(`The lease on ${lease} is no longer held by this worker: another may own it now`);
  }
}

type Queryable = Pick<pg.ClientBase, 'query'>;

export interface AdvisoryLeasesOptions {
  /** postgres://… of the read-model database (the locks are per database). */
  readonly connectionString: string;
  /**
   * Keeps the leases of one KARE apart from another's on the same database (KARE uses its
   * schema; default: the connection's current schema).
   */
  readonly namespace?: string;
  /** A statement on the lock connection that takes longer ends the connection (default 5 s). */
  readonly queryTimeoutMs?: number;
}

export interface AdvisoryLeases {
  /** Takes the lease unless another worker holds it; true when this worker holds it now. */
  claim(name: string): Promise<boolean>;
  /** Gives the lease up (its work must have stopped first). */
  release(name: string): Promise<void>;
  /** The leases held now. */
  held(): ReadonlySet<string>;
  /** The workers connected for this namespace, this one included: for a fair share of the work. */
  workers(): Promise<number>;
  /** In a transaction on another connection: throws LeaseLost unless this worker holds `name`. */
  fence(client: Queryable, name: string): Promise<void>;
  /** Told when the lock connection ends: every lease is gone at once. */
  onLost(listener: (error: Error) => void): void;
  /** Ends the lock connection: every lease is released. */
  close(): Promise<void>;
}

/** The first key of every KARE lease lock, and of the workers' shared presence lock ('KAR' 1, 2). */
export const LEASE_SPACE = 0x4b415201;
const PRESENCE_SPACE = 0x4b415202;

/** FNV-1a, 31 bits: a non-negative int4, so pg_locks shows it as the same objid. */
export const leaseKey = (text: string): number => {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 1) & 0x7fffffff;
};

const HELD_BY = `SELECT count(*)::int AS n FROM pg_locks
  WHERE locktype = 'advisory' AND granted AND objsubid = 2
    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND classid::bigint = $1 AND objid::bigint = $2`;

interface Session {
  readonly client: pg.Client;
  readonly pid: number;
  readonly namespace: string;
}

export const openAdvisoryLeases = (options: AdvisoryLeasesOptions): AdvisoryLeases => {
  const held = new Set<string>();
  const listeners: ((error: Error) => void)[] = [];
  let session: Promise<Session> | undefined;
  /** The connection the leases in `held` are locks of. */
  let lockClient: pg.Client | undefined;
  let closed = false;

  /** The connection ended or failed: the server has freed every lock of it. */
  const lost = (client: pg.Client, error: Error): void => {
    client.removeAllListeners('error').removeAllListeners('end');
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (client !== lockClient) return; // one that never opened, or was replaced already
    lockClient = undefined;
    session = undefined;
    held.clear();
    if (!closed) for (const listener of listeners) listener(error);
  };

  const connect = async (): Promise<Session> => {
    const client = new pg.Client({
      connectionString: options.connectionString,
      // Who holds a lease, as `kare status` shows it (a name in the connection string wins).
      application_name: `kare project ${hostname()} ${process.pid}`,
      keepAlive: true,
      keepAliveInitialDelayMillis: 5000,
      query_timeout: options.queryTimeoutMs ?? 5000,
    });
    client.on('error', (error) => lost(client, error));
    client.on('end', () => lost(client, new Error('the lease connection ended')));
    try {
      await client.connect();
      // A worker's host gone without closing the connection: the server notices within about
      // 5 + 3 × 2 s and frees its locks, rather than after the system's two-hour default. The
      // worker, whose statement here times out first, has stopped its jobs by then.
      await client.query(
        'SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3',
      );
      const { rows } = await client.query<{ pid: number; schema: string }>(
        'SELECT pg_backend_pid() AS pid, current_schema() AS schema',
      );
      const namespace = options.namespace ?? rows[0]!.schema;
      // Present while connected: the workers of this namespace count each other by it.
      await client.query('SELECT pg_advisory_lock_shared($1, $2)', [PRESENCE_SPACE, leaseKey(namespace)]);
      lockClient = client;
      return { client, pid: rows[0]!.pid, namespace };
    } catch (error) {
      lost(client, error as Error);
      throw error;
    }
  };

  const open = (): Promise<Session> => {
    if (closed) return Promise.reject(new Error('The leases are closed'));
    if (session === undefined) {
      const opening = connect();
      session = opening;
      opening.catch(() => {
        if (session === opening) session = undefined;
      });
    }
    return session;
  };

  /** A statement on the lock connection; a failure ends it (the locks are then gone anyway). */
  const onLock = async <T extends pg.QueryResultRow>(sql: string, params: unknown[]) => {
    const s = await open();
    try {
      return { session: s, result: await s.client.query<T>(sql, params) };
    } catch (error) {
      lost(s.client, error as Error);
      throw error;
    }
  };

  const keyOf = (s: Session, name: string): number => leaseKey(`${s.namespace}/${name}`);

  return {
    claim: async (name) => {
      if (held.has(name)) return true;
      const s = await open();
      const { result } = await onLock<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
        LEASE_SPACE,
        keyOf(s, name),
      ]);
      if (result.rows[0]?.ok === true) held.add(name);
      return held.has(name);
    },
    release: async (name) => {
      if (!held.has(name) || session === undefined) return;
      held.delete(name);
      const s = await session;
      await onLock('SELECT pg_advisory_unlock($1, $2)', [LEASE_SPACE, keyOf(s, name)]);
    },
    held: () => held,
    workers: async () => {
      const s = await open();
      const { result } = await onLock<{ n: number }>(HELD_BY, [PRESENCE_SPACE, leaseKey(s.namespace)]);
      return Math.max(1, result.rows[0]?.n ?? 1);
    },
    fence: async (client, name) => {
      const s = held.has(name) && session !== undefined ? await session.catch(() => undefined) : undefined;
      if (s === undefined) throw new LeaseLost(name);
      const { rows } = await client.query<{ n: number }>(`${HELD_BY} AND pid = $3`, [
        LEASE_SPACE,
        keyOf(s, name),
        s.pid,
      ]);
      if (rows[0]?.n !== 1) throw new LeaseLost(name);
    },
    onLost: (listener) => {
      listeners.push(listener);
    },
    close: async () => {
      closed = true;
      held.clear();
      const current = session;
      session = undefined;
      const s = await current?.catch(() => undefined);
      lockClient = undefined;
      if (s !== undefined) {
        s.client.removeAllListeners('end');
        await s.client.end().catch(() => undefined);
      }
    },
  };
};

/** The worker holding a lease: its lock session, as PostgreSQL sees it. */
export interface LeaseHolder {
  readonly pid: number;
  /** `kare project <host> <pid>` unless the connection string names it otherwise. */
  readonly application: string;
  /** The worker's address, when it connected over TCP. */
  readonly address?: string;
}

/** Who holds each of the named leases now, from pg_locks (a name nobody holds is absent). */
export const leaseHolders = async (
  connectionString: string,
  names: readonly string[],
  namespace?: string,
): Promise<Map<string, LeaseHolder>> => {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const schema =
      namespace ??
      (await client.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]!.schema;
    const byKey = new Map(names.map((name) => [leaseKey(`${schema}/${name}`), name]));
    const { rows } = await client.query<{
      key: string;
      pid: number;
      application: string;
      address: string | null;
    }>(
      `SELECT l.objid::bigint AS key, a.pid, a.application_name AS application, host(a.client_addr) AS address
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND l.classid::bigint = $1 AND l.objid::bigint = ANY($2::bigint[])`,
      [LEASE_SPACE, [...byKey.keys()]],
    );
    const out = new Map<string, LeaseHolder>();
    for (const row of rows) {
      const name = byKey.get(Number(row.key));
      if (name === undefined) continue;
      out.set(name, {
        pid: row.pid,
        application: row.application,
        ...(row.address === null ? {} : { address: row.address }),
      });
    }
    return out;
  } finally {
    await client.end();
  }
};
