// An API server that does not project (`kare serve --no-projector`) tells a projection's state
// from its stored position: at the head, live; behind, catching up; a failure stays shown, and
// the projector cannot be started here.
import { describe, expect, it } from 'vitest';
import { projectedElsewhere } from '../../../../src/consumers/projector/projected-elsewhere.js';
import type { Projector, ProjectorStatus } from '../../../../src/consumers/projector/projector.js';

const status = (name: string, lag: bigint, state: ProjectorStatus['state']): ProjectorStatus => ({
  name,
  version: 1,
  position: 10n - lag,
  head: 10n,
  lag,
  state,
});

const stopped: Projector = {
  names: ['a', 'b', 'c'],
  start: () => undefined,
  stop: async () => undefined,
  catchUp: async () => undefined,
  rebuild: async () => undefined,
  waitFor: async () => true,
  status: async () => [status('a', 0n, 'stopped'), status('b', 4n, 'stopped'), status('c', 4n, 'failed')],
};

describe('the projector of a server the workers project for', () => {
  it('shows a stopped projection at the head as live, one behind as catching up, a failed one as failed', async () => {
    const elsewhere = projectedElsewhere(stopped);
    expect((await elsewhere.status()).map((s) => [s.name, s.state])).toEqual([
      ['a', 'live'],
      ['b', 'catching_up'],
      ['c', 'failed'],
    ]);
    expect(elsewhere.names).toEqual(['a', 'b', 'c']);
    expect(await elsewhere.waitFor(3n, 10)).toBe(true);
  });

  it('refuses to start: the projections run in the workers', () => {
    expect(() => projectedElsewhere(stopped).start()).toThrow(/kare project/);
  });
});
