// How long a failed consumer waits before it restarts: doubling from `initialMs` up to
// `maxMs`, back to the start after a batch succeeds. A stop cuts the wait short.
import { pause } from './pause.js';

export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
}

export class RestartBackoff {
  private delayMs: number;

  constructor(private readonly options: BackoffOptions) {
    this.delayMs = options.initialMs;
  }

  /** Waits the current delay (or until `signal` aborts) and doubles it for the next failure. */
  async wait(signal: AbortSignal): Promise<void> {
    const ms = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.options.maxMs);
    await pause(ms, signal);
  }

  reset(): void {
    this.delayMs = this.options.initialMs;
  }
}
