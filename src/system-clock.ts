// The real clock: the default wherever no other Clock is injected (tests and the demo inject theirs).
import type { Clock } from './ports.js';

export const systemClock: Clock = { now: () => new Date().toISOString() };
