// Data keys derived from a seed, for a book that must come out the same every time (the demo
// book, hash for hash). Whoever knows the seed has every key, and can read "erased" data again:
// for made-up people only, never for a real book.
import { createHmac } from 'node:crypto';
import type { DataKey } from '../ports.js';

export const seededDataKeys =
  (seed: string) =>
  (subject: string): DataKey =>
    new Uint8Array(createHmac('sha256', `kare/seeded-data-keys/${seed}`).update(subject).digest());
