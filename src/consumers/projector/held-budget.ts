// The memory the batches holding pages of history (apply-batch.ts) may take together, shared
// by every lane of a projector. Projections differ: one keeps a large set of documents that
// every page changes (stock coverage's rows), another a few; a bound per lane commits the first
// every page and leaves the other's share unused. Shared, the lane holding the most commits
// when the total passes the budget, and a lane that holds little commits at the head only.

/** What a lane holding pages is known by. */
export type Holder = object;

export class HeldBudget {
  private readonly held = new Map<Holder, number>();
  private total = 0;

  constructor(readonly bytes: number) {}

  /**
   * Records what `holder` holds now (undefined: not known yet) and answers whether it may go on
   * holding: yes while the total stays within the budget; past it, only a lane that isn't the
   * largest holder (the largest commits on its next page) and while the total stays under twice
   * the budget (a lane that never pages again can't hold the others up for long).
   */
  mayHold(holder: Holder, reckoned: number | undefined): boolean {
    if (reckoned === undefined || reckoned >= this.bytes) {
      this.release(holder);
      return false;
    }
    // Whole bytes: estimates are fractional, and a total kept of fractions drifts.
    const bytes = Math.ceil(reckoned);
    this.total += bytes - (this.held.get(holder) ?? 0);
    this.held.set(holder, bytes);
    if (this.total <= this.bytes) return true;
    const largest = [...this.held.values()].every((other) => other <= bytes);
    if (largest || this.total > 2 * this.bytes) {
      this.release(holder);
      return false;
    }
    return true;
  }

  /** The holder committed or dropped what it held. */
  release(holder: Holder): void {
    const bytes = this.held.get(holder);
    if (bytes === undefined) return;
    this.total -= bytes;
    this.held.delete(holder);
  }

  /** The bytes held now, across every holder. */
  get heldBytes(): number {
    return this.total;
  }
}
