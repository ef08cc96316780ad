import type { Clock, TimerId } from './clock.js';

/** The timers one actor owns: they survive its restarts and are all cancelled when it stops. */
export class ActorTimers {
  private readonly ids = new Set<TimerId>();

  constructor(private readonly clock: Clock) {}

  schedule(at: number, fn: () => void): TimerId {
    const id = this.clock.schedule(at, () => {
      this.ids.delete(id);
      fn();
    });
    this.ids.add(id);
    return id;
  }

  /** Cancels one of this actor's timers; ids it does not own are ignored. */
  cancel(id: TimerId): void {
    if (this.ids.delete(id)) this.clock.cancel(id);
  }

  cancelAll(): void {
    for (const id of this.ids) this.clock.cancel(id);
    this.ids.clear();
  }
}
