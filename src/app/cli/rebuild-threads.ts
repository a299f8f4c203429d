// `kare rebuild` on more than one core: each share of the projections (rebuild-shares.ts) is
// rebuilt in a worker thread of its own (rebuild-thread.ts), which opens the engine as the
// command does and rebuilds its share together (the share reads the log once). The command waits
// for every thread: each projection swaps in on its own, so one failing stops none of the others.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config.js';

/** What a thread is given. */
export interface RebuildThreadData {
  /** The thread's module (rebuild-thread.js, or .ts when run from the sources). */
  readonly entry: string;
  readonly config: Config;
  readonly names: readonly string[];
  readonly batchSize: number;
  /** The thread's part of the held batches' memory (ProjectorOptions.heldBatchBytes). */
  readonly heldBytes: number;
  readonly storeTimeoutMs?: number;
}

/** What a thread answers: its share rebuilt and swapped in, or why not. */
export type RebuildThreadOutcome =
  { readonly rebuilt: true } | { readonly rebuilt: false; readonly message: string };

// Loads the thread's module; from the TypeScript sources (tests, tsx) through tsx's loader.
const BOOT = `
const { workerData } = require('node:worker_threads');
(workerData.entry.endsWith('.ts') ? import('tsx/esm/api').then((tsx) => tsx.register()) : Promise.resolve())
  .then(() => import(workerData.entry));
`;

const here = fileURLToPath(import.meta.url);
const ENTRY = new URL(`./rebuild-thread${extname(here)}`, import.meta.url).href;

const runThread = (data: RebuildThreadData): Promise<RebuildThreadOutcome> =>
  new Promise((resolve) => {
    const worker = new Worker(BOOT, { eval: true, workerData: data });
    let outcome: RebuildThreadOutcome | undefined;
    worker.on('message', (message: RebuildThreadOutcome) => {
      outcome = message;
    });
    worker.on('error', (error) => {
      outcome ??= { rebuilt: false, message: error.message };
    });
    worker.on('exit', (code) => {
      resolve(outcome ?? { rebuilt: false, message: `its thread stopped (exit code ${code})` });
    });
  });

export class RebuildFailed extends Error {
  override readonly name = 'RebuildFailed';
}

/**
 * Rebuilds each share in a thread of its own, the held batches' `heldBytes` split between them;
 * resolves once every share is swapped in. Rejects (RebuildFailed, naming the projections of each
 * failed share) once every thread has stopped.
 */
export const rebuildInThreads = async (
  shares: readonly (readonly string[])[],
  options: Omit<RebuildThreadData, 'entry' | 'names'>,
): Promise<void> => {
  const heldBytes = Math.floor(options.heldBytes / shares.length);
  const outcomes = await Promise.all(
    shares.map((names) => runThread({ ...options, entry: ENTRY, names, heldBytes })),
  );
  const failures = outcomes.flatMap((outcome, i) =>
    outcome.rebuilt ? [] : [`${shares[i]!.join(', ')}: ${outcome.message}`],
  );
  if (failures.length > 0) throw new RebuildFailed(`The rebuild failed for ${failures.join('; ')}`);
};
