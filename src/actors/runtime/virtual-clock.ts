import type { Clock, TimerId } from './clock.js';
import { assertTime, TimerQueue } from './timer-queue.js';

/** A clock that moves only when told to; its timers fire as it passes their deadlines. */
export class VirtualClock implements Clock {
  private readonly timers = new TimerQueue();
  private current: number;

  constructor(start: number) {
    assertTime(start);
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  schedule(at: number, fn: () => void): TimerId {
    return this.timers.schedule(at, fn);
  }

  cancel(id: TimerId): void {
    this.timers.cancel(id);
  }

  pendingTimers(): number {
    return this.timers.size;
  }

  /** Deadline of the next live timer (it may be in the past), or undefined when none. */
  nextTimerAt(): number | undefined {
    return this.timers.nextAt();
  }

  /**
   * Fires every timer due at or before `t` in time order (ties in scheduling order), with
   * now() set to each timer's deadline as it fires (never backwards), including timers
   * scheduled while firing; then sets now() to `t`. A throwing timer stops the advance there.
   */
  advanceTo(t: number): void {
    assertTime(t);
    if (t < this.current) throw new RangeError(`virtual time cannot go back from ${this.current} to ${t}`);
    for (let timer = this.timers.takeDue(t); timer !== undefined; timer = this.timers.takeDue(t)) {
      this.current = Math.max(this.current, timer.at);
      timer.fn();
    }
    this.current = t;
  }

  advanceBy(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`advanceBy needs ms >= 0, got ${ms}`);
    this.advanceTo(this.current + ms);
  }
}
