/** Opaque handle for a scheduled timer. */
export type TimerId = number & { readonly __timer: unique symbol };

/**
 * Time for actors: the wall clock live, a virtual clock in backtests and tests, so the
 * same actors run both. Timers are scheduled at ABSOLUTE epoch ms (deadlines survive a
 * restart and can be re-armed from a journal); a deadline in the past fires as soon as possible.
 */
export interface Clock {
  now(): number;
  schedule(at: number, fn: () => void): TimerId;
  cancel(id: TimerId): void;
}

/** setTimeout accepts at most 2^31 − 1 ms; longer delays are re-armed in steps of this. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** The real clock. The only place in src/actors that reads Date.now() or arms real timers. */
export class WallClock implements Clock {
  private readonly timers = new Map<TimerId, NodeJS.Timeout>();
  private nextId = 1;

  now(): number {
    return Date.now();
  }

  schedule(at: number, fn: () => void): TimerId {
    assertTime(at);
    const id = this.nextId++ as TimerId;
    this.arm(id, at, fn);
    return id;
  }

  cancel(id: TimerId): void {
    const handle = this.timers.get(id);
    if (handle === undefined) return;
    clearTimeout(handle);
    this.timers.delete(id);
  }

  /** Timers not yet fired or cancelled. */
  pendingTimers(): number {
    return this.timers.size;
  }

  private arm(id: TimerId, at: number, fn: () => void): void {
    const delay = Math.max(0, at - Date.now());
    if (delay > MAX_TIMEOUT_MS) {
      this.timers.set(id, setTimeout(() => this.arm(id, at, fn), MAX_TIMEOUT_MS));
      return;
    }
    this.timers.set(
      id,
      setTimeout(() => {
        this.timers.delete(id);
        fn();
      }, delay),
    );
  }
}

export function assertTime(at: number): void {
  if (!Number.isFinite(at)) throw new RangeError(`timer deadline must be a finite epoch ms, got ${at}`);
}
