// What the projector needs from the read-model database (adapters/sqlite/projection-storage.ts):
// builds of a projection (its tables at one version, with a checkpoint), the documents in
// them, one transaction per batch for rows AND checkpoint, and an atomic blue/green swap.
import type { Projection, Row } from '../../projections/projection.js';

/** `live` is what queries read (through views); `building` grows beside it until the swap. */
export type BuildState = 'live' | 'building';

/** One physical copy of a projection's tables at one version, and where it has got to. */
export interface Build {
  readonly projection: string;
  readonly version: number;
  /** 0 for the first build of a version; each forced rebuild of the same version counts up. */
  readonly build: number;
  readonly state: BuildState;
  /** The global position applied up to (0n before any). */
  readonly position: bigint;
}

/** A document's new content after a batch, or null when the reducer deleted it. */
export type DocumentChange = { readonly json: string; readonly row: Row } | null;

/** Collection name → document key → its change. */
export type BatchChanges = ReadonlyMap<string, ReadonlyMap<string, DocumentChange>>;

export interface CommitRequest {
  readonly changes: BatchChanges;
  /** The checkpoint the batch started from: the commit fails if the stored one has moved. */
  readonly from: bigint;
  /** The checkpoint after the batch. */
  readonly to: bigint;
  /** Runs inside the transaction after the rows are written, before COMMIT (fault injection). */
  readonly beforeCommit?: () => void;
}

/** The documents of one build. */
export interface BuildTables {
  /** A document's JSON as last committed, or undefined when there is none. */
  read(collection: string, key: string): string | undefined;
  /**
   * One transaction for a whole batch: `batch` runs inside it (its reads see one snapshot and
   * need no transaction each), then the changes and the checkpoint it returns are written and
   * committed — all of it or nothing. `undefined`: nothing to write.
   */
  transact(batch: () => CommitRequest | undefined): void;
}

export interface ProjectionStorage {
  /** The recorded builds of a projection: at most one live and one building. */
  builds(projection: string): { readonly live?: Build; readonly building?: Build };
  /** Creates a build's tables and its checkpoint at 0n (a live one with its views), atomically. */
  create(projection: Projection, state: BuildState, build: number): Build;
  /** Drops a build's tables and its checkpoint (an abandoned blue/green build). */
  discard(build: Build): void;
  tables(projection: Projection, build: Build): BuildTables;
  /**
   * In one transaction: the views point at `next`'s tables, `next` becomes live, and
   * `previous` (if any) loses its checkpoint and tables. Returns `next` as live.
   */
  promote(next: Build, previous: Build | undefined): Build;
}

/** Another writer moved a checkpoint under this one: two projectors on one read-model database. */
export class CheckpointMoved extends Error {
  override readonly name = 'CheckpointMoved';
  constructor(
    readonly projection: string,
    readonly expected: bigint,
  ) {
    super(`The checkpoint of ${projection} is no longer at ${expected}: is another projector running?`);
  }
}
