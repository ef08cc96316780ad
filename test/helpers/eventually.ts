import { setImmediate as nextTurn, setTimeout as wait } from 'node:timers/promises';

export interface EventuallyOptions {
  /** Give up after this much real time (default 2 s). */
  readonly timeoutMs?: number;
  /** Event-loop turns to spin with setImmediate before switching to 1 ms waits (default 50). */
  readonly spins?: number;
}

/**
 * Retries `fn` until it returns (or resolves) without throwing; returns its result. Spins on
 * setImmediate first (actor mailboxes drain there), then polls every millisecond. On timeout
 * rethrows the last assertion error, so the test shows what was still false.
 */
export async function eventually<T>(fn: () => T | Promise<T>, options: EventuallyOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 2_000;
  const spins = options.spins ?? 50;
  const deadline = performance.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (performance.now() >= deadline) throw error;
    }
    if (attempt < spins) await nextTurn();
    else await wait(1);
  }
}
