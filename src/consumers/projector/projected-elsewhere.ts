// The projector of an API server that does not project (`kare serve --no-projector`): the
// workers (`kare project`) move the stored positions. Its builds are never started here, so
// their state says 'stopped'; what this server can tell is how far the stored position is
// behind the head: at it, live; behind, catching up (a dead worker shows as a growing lag).
import type { Projector, ProjectorStatus } from './projector.js';

const asSeenFromHere = (status: ProjectorStatus): ProjectorStatus =>
  status.state !== 'stopped' ? status : { ...status, state: status.lag === 0n ? 'live' : 'catching_up' };

export const projectedElsewhere = (projector: Projector): Projector => ({
  ...projector,
  start: () => {
    throw new Error('The projections run in the workers (kare project), not in this server');
  },
  status: async () => (await projector.status()).map(asSeenFromHere),
});
