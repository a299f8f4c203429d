// The store's clock while the demo book is written: it shows the book's time, not the wall
// clock, so recordedAt follows the story and an auditor's "state as of 2025-06-01" has an answer.
import type { Clock } from '../src/ports.js';

export interface SimulatedClock extends Clock {
  /** Moves the clock; it never goes back, so recordedAt grows with the global position. */
  set(at: string): void;
}

export const simulatedClock = (start: string): SimulatedClock => {
  let current = start;
  return {
    now: () => current,
    set: (at) => {
      if (at < current) throw new Error(`The simulated clock cannot go back from ${current} to ${at}`);
      current = at;
    },
  };
};
