/**
 * Work under way on the order path (commands not yet answered, executions not yet delivered), so a
 * backtest that runs the executor in its own process can wait until an order's consequences are
 * back in the actors before its virtual clock moves on.
 */
export class InFlight {
  private count = 0;
  private waiters: (() => void)[] = [];

  add(n = 1): void {
    this.count += n;
  }

  /** Never below 0: a command answered twice (it was failed locally, then landed) counts once. */
  done(n = 1): void {
    this.count = Math.max(0, this.count - n);
    if (this.count === 0) for (const w of this.waiters.splice(0)) w();
  }

  get idle(): boolean {
    return this.count === 0;
  }

  whenIdle(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}
