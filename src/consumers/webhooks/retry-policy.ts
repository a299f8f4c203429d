// How a webhook retries an event its target did not take: waits that double from `initialMs` up
// to `maxMs`, each drawn at random between half and all of it (jitter: many webhooks failing at
// once don't come back in step), for `giveUpAfterMs` after the first failure; then the webhook
// is disabled with the reason.
export interface RetryPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  /** How long an event is retried before the webhook gives up (24 hours by default). */
  readonly giveUpAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  initialMs: 1000,
  maxMs: 60 * 60 * 1000,
  giveUpAfterMs: 24 * 60 * 60 * 1000,
};

/** The wait after the `failures`-th failure in a row (1 for the first), with `random` in [0, 1). */
export const retryDelay = (policy: RetryPolicy, failures: number, random: () => number): number => {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(failures - 1, 40));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
};
