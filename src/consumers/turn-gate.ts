// One turn budget for every runner catching up in a serving process. Each runner cuts its pages
// into slices of about the budget, but alone each would take its slice in the same turn of the
// event loop as the others: with five projections rebuilding at start a request waited five
// slices (measured at 3,000 accounts: event-loop lag p99 0.29 s for a 50 ms budget). The runners
// ask this gate before each slice (and each page they read) instead: within one turn the slices
// run while the budget lasts, the others wait for the next turn, first come first served (no
// runner starves).
//
// A turn is told by the gate's own setImmediate: one that runs after a slice marks the end of the
// loop's turn (an immediate queued while the check phase runs waits for the next one). A slice
// that awaits I/O (a read model in PostgreSQL) lets the loop turn meanwhile: the next turn admits
// the next waiter beside it, so slices that mostly wait still overlap.

export class TurnGate {
  /** Milliseconds of slices run since the turn began. */
  private spentMs = 0;
  /** A slice admitted in this turn is still running: the next one waits to know its cost. */
  private running = false;
  /** The turn number, and when it began: a slice outlasting its turn yielded to the loop. */
  private turn = 0;
  private turnStartedAt: number;
  private readonly waiting: { readonly admit: () => void; readonly estimateMs: number | undefined }[] = [];
  private turnScheduled = false;

  constructor(
    /** The milliseconds all slices together may take in one turn of the event loop. */
    readonly budgetMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(budgetMs > 0)) throw new Error(`A turn budget must be positive, not ${budgetMs}`);
    this.turnStartedAt = now();
  }

  /**
   * Runs a slice once the turn has room for it (`estimateMs`, its expected cost: the runner's last
   * slice, scaled; unknown, it needs the whole turn), or it is the first of its turn; waiting ones
   * run in the order they asked. Resolves to what it returned and the milliseconds it took.
   */
  async run<T>(slice: () => Promise<T>, estimateMs?: number): Promise<{ result: T; ms: number }> {
    await this.admission(estimateMs);
    const turn = this.turn;
    const started = this.now();
    try {
      const result = await slice();
      return { result, ms: this.now() - started };
    } finally {
      this.ended(turn, started);
    }
  }

  private admission(estimateMs: number | undefined): Promise<void> {
    if (this.waiting.length === 0 && !this.running && this.fits(estimateMs)) {
      this.running = true;
      return Promise.resolve();
    }
    return new Promise((admit) => {
      this.waiting.push({ admit, estimateMs });
      this.scheduleTurn();
    });
  }

  /** The first slice of a turn always runs (progress); the others while the budget lasts. */
  private fits(estimateMs: number | undefined): boolean {
    return this.spentMs === 0 || (estimateMs !== undefined && this.spentMs + estimateMs <= this.budgetMs);
  }

  private ended(turn: number, started: number): void {
    const now = this.now();
    if (turn === this.turn) {
      this.running = false;
      this.spentMs += now - started;
    } else {
      // It awaited across turns: only its part of this one is known to have held the loop, at most.
      this.spentMs += now - this.turnStartedAt;
    }
    // Mark where this turn ends, so the next one starts with the whole budget.
    this.scheduleTurn();
    this.admitNext();
  }

  /** The next waiter, if no slice of this turn is running and the turn has room for it. */
  private admitNext(): void {
    const next = this.waiting[0];
    if (next === undefined || this.running || !this.fits(next.estimateMs)) return;
    this.waiting.shift();
    this.running = true;
    next.admit();
  }

  private scheduleTurn(): void {
    if (this.turnScheduled) return;
    this.turnScheduled = true;
    setImmediate(() => this.nextTurn());
  }

  private nextTurn(): void {
    this.turnScheduled = false;
    this.turn += 1;
    this.turnStartedAt = this.now();
    this.spentMs = 0;
    // A slice still running has awaited (the loop turned): it holds the loop no more.
    this.running = false;
    this.admitNext();
    if (this.waiting.length > 0) this.scheduleTurn();
  }
}
