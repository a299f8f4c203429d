// A worker thread of `kare rebuild` (rebuild-threads.ts): opens the engine as the command does
// and rebuilds its share of the projections together, then answers how it went.
import { parentPort, workerData } from 'node:worker_threads';
import { openCliEngine } from './cli-engine.js';
import type { RebuildThreadData, RebuildThreadOutcome } from './rebuild-threads.js';

const data = workerData as RebuildThreadData;
// Nothing is written: a thread reports through its answer, the command prints.
const silent = { write: () => true };

const rebuildShare = async (): Promise<RebuildThreadOutcome> => {
  try {
    const engine = await openCliEngine(
      {
        stdout: silent,
        stderr: silent,
        env: {},
        ...(data.storeTimeoutMs === undefined ? {} : { storeTimeoutMs: data.storeTimeoutMs }),
      },
      data.config,
      { projectorBatchSize: data.batchSize, projectorHeldBytes: data.heldBytes },
    );
    try {
      await engine.projector.rebuild(data.names);
    } finally {
      await engine.close();
    }
    return { rebuilt: true };
  } catch (error) {
    return { rebuilt: false, message: error instanceof Error ? error.message : String(error) };
  }
};

parentPort?.postMessage(await rebuildShare());
