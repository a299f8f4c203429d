// The shortage: the scarce SKU runs short a fortnight before today and the process manager
// allocates what there is by tier.
import type { IsoDate } from '../domain/kernel/index.js';
import { SCARCE_SKU } from './catalogue.js';
import { atTime } from './demo-calendar.js';
import type { Simulation } from './simulation.js';

/**
 * The scarce SKU runs short a fortnight before today: enough for the A accounts and half of
 * what the B accounts still need, so B is cut pro rata and C gets nothing (ALLOCATION_CUT).
 */
export const planShortage = (sim: Simulation, on: IsoDate): void => {
  const at = atTime(on, 14, 0);
  sim.agenda.addExclusive(at, async () => {
    const open = sim.accounts.flatMap((account) =>
      account.agreements
        .flatMap((a) => a.commitments)
        .filter((c) => c.line.terms.sku === SCARCE_SKU && c.status === 'OPEN')
        .map((c) => ({ tier: account.tier, remaining: Math.max(0, c.committedQty - c.delivered) })),
    );
    const sum = (tier: string) => open.filter((c) => c.tier === tier).reduce((s, c) => s + c.remaining, 0);
    const available = sum('A') + Math.floor(sum('B') / 2);
    if (open.length === 0 || available === 0) return;
    await sim.engine.projector.catchUp();
    await sim.engine.processes.allocateShortage({
      shortageId: `short-${on.slice(0, 7)}-${SCARCE_SKU}`,
      sku: SCARCE_SKU,
      available,
      at,
    });
  });
};
