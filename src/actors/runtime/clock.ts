import { TimerQueue } from './timer-queue.js';

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

/**
 * The real clock. The only place in src/actors that reads Date.now() or arms real timers. One
 * setTimeout is armed, for the earliest deadline; when it fires, every timer due runs in deadline
 * order (ties in the order scheduled), however late the process got there.
 */
export class WallClock implements Clock {
  private readonly timers = new TimerQueue();
  private armed: { readonly at: number; readonly handle: NodeJS.Timeout } | undefined;

  now(): number {
    return Date.now();
  }

  schedule(at: number, fn: () => void): TimerId {
    const id = this.timers.schedule(at, fn);
    if (this.armed === undefined || at < this.armed.at) this.arm();
    return id;
  }

  cancel(id: TimerId): void {
    if (this.timers.cancel(id) && this.timers.size === 0) this.disarm();
  }

  /** Timers not yet fired or cancelled. */
  pendingTimers(): number {
    return this.timers.size;
  }

  /** Arms the one real timer for the earliest deadline (in steps of at most 2^31 − 1 ms). */
  private arm(): void {
    this.disarm();
    const at = this.timers.nextAt();
    if (at === undefined) return;
    const handle = setTimeout(() => this.fire(), Math.min(MAX_TIMEOUT_MS, Math.max(0, at - Date.now())));
    this.armed = { at, handle };
  }

  private disarm(): void {
    if (this.armed !== undefined) clearTimeout(this.armed.handle);
    this.armed = undefined;
  }

  /** Runs every timer due now, earliest deadline first (one an earlier callback cancels does not run). */
  private fire(): void {
    this.armed = undefined;
    const now = Date.now();
    try {
      for (let timer = this.timers.takeDue(now); timer !== undefined; timer = this.timers.takeDue(now)) timer.fn();
    } finally {
      this.arm();
    }
  }
}
