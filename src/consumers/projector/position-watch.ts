// Read-your-writes: callers wait until a condition on the projections' positions holds,
// re-checked whenever a projection moves, or give up after a timeout.
export class PositionWatch {
  private readonly checks = new Set<() => void>();

  /** Resolves true as soon as `reached()` holds, false after `timeoutMs`. */
  wait(reached: () => boolean, timeoutMs: number): Promise<boolean> {
    if (reached()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (result: boolean): void => {
        clearTimeout(timer);
        this.checks.delete(check);
        resolve(result);
      };
      const check = (): void => {
        if (reached()) finish(true);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      this.checks.add(check);
    });
  }

  /** A projection moved: wake the callers whose condition now holds. */
  moved(): void {
    for (const check of [...this.checks]) check();
  }
}
