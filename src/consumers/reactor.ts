// A reactor: a consumer that acts on events of some types one at a time (sends commands, calls a
// webhook), on the runner, with its checkpoint in a CheckpointStore saved after each batch, not
// each event. A crash between an action and the checkpoint redelivers the batch: safe, because a
// reactor's actions are idempotent (its command ids are derived from the trigger event).
import type { CheckpointStore, EventFilter, EventStore, StoredEvent } from '../ports.js';
import { storedCheckpoint } from './consumer-checkpoint.js';
import { ConsumerRunner, RUNNER_DEFAULTS, type RunnerOptions } from './consumer-runner.js';

export interface ReactorOptions {
  /** Its checkpoint's name, its actor and its name in status. */
  readonly name: string;
  readonly store: EventStore;
  readonly checkpoints: CheckpointStore;
  readonly filter: EventFilter;
  /** Acts on one event. `signal` aborts on stop: a reaction that waits may give up. */
  readonly react: (event: StoredEvent, signal: AbortSignal) => Promise<void>;
  /** Told of every failure; the reactor resumes from its checkpoint after a backoff. */
  readonly onError?: (error: unknown, reactor: string) => void;
  readonly runner?: Partial<RunnerOptions>;
}

// A reactor's failure is usually a store or a service that is down: no hurry to hammer it.
const REACTOR_BACKOFF = { initialMs: 1000, maxMs: 30_000 };

export const createReactor = (options: ReactorOptions): ConsumerRunner => {
  const { name, store, checkpoints, filter, react, onError } = options;
  return new ConsumerRunner(
    store,
    {
      name,
      filter,
      checkpoint: storedCheckpoint(checkpoints, name),
      handle: async (events, signal) => {
        for (const event of events) {
          if (signal.aborted) return;
          await react(event, signal);
        }
      },
    },
    {
      ...RUNNER_DEFAULTS,
      backoff: REACTOR_BACKOFF,
      ...options.runner,
      ...(onError === undefined ? {} : { onFailure: (error: unknown) => onError(error, name) }),
    },
  );
};
