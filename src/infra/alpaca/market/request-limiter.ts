import { setTimeout as sleepFor } from 'node:timers/promises';

/**
 * One limit for every REST call Thetis makes with one key: at most `maxRequests` requests granted
 * in any `intervalMs` window (Alpaca: 200 a minute per key, answered 429 beyond). Requests are
 * granted in the order they asked (FIFO). A wait honours the request's AbortSignal (the SDK's
 * per-attempt timeout), so a request that timed out in the queue leaves it.
 *
 * Why not the SDK's own limiter: @alpacahq/alpaca-trade-api 4.0.2 (src/rate-limit.ts, src/client.ts
 * DEFAULT_RATE_LIMIT) builds one token bucket per Configuration, so the trading and market-data
 * hosts are throttled independently (up to 2 × 200 a minute together) and a full bucket lets a burst
 * of 200 through at once. This one is shared by both (it sits in the `fetchApi` every Configuration
 * is given, so every attempt, SDK retries included, takes a slot) and takes an injected clock, so a
 * test can check its spacing without waiting.
 */
export interface RequestLimiterOptions {
  /** Requests per window (default 200). */
  readonly maxRequests?: number;
  /** The window (default 60 s). */
  readonly intervalMs?: number;
  /** The clock (default Date.now). */
  readonly now?: () => number;
  /** Waits `ms` (default a timer); rejects when the signal aborts. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface RequestLimiterStats {
  /** Slots granted. */
  granted: number;
  /** Requests granted later than they asked (waiting for the window or behind others that did). */
  delayed: number;
  /** Requests that left the queue aborted. */
  aborted: number;
}

export class RequestLimiter {
  readonly maxRequests: number;
  readonly intervalMs: number;
  readonly stats: RequestLimiterStats = { granted: 0, delayed: 0, aborted: 0 };
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Grant times inside the current window, oldest first. */
  readonly #grants: number[] = [];
  #tail: Promise<unknown> = Promise.resolve();

  constructor(options: RequestLimiterOptions = {}) {
    this.maxRequests = options.maxRequests ?? 200;
    this.intervalMs = options.intervalMs ?? 60_000;
    if (!Number.isInteger(this.maxRequests) || this.maxRequests < 1) throw new RangeError('RequestLimiter maxRequests must be a whole number ≥ 1');
    if (!(this.intervalMs > 0)) throw new RangeError('RequestLimiter intervalMs must be > 0');
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? ((ms, signal) => sleepFor(ms, undefined, signal === undefined ? {} : { signal }));
  }

  /** Resolves with the grant time once the request may go; rejects if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<number> {
    const askedAt = this.#now();
    const turn = this.#tail.then(() => this.#take(askedAt, signal));
    this.#tail = turn.catch(() => undefined);
    return turn;
  }

  /** A fetch that waits for a slot before each call (give it to every SDK Configuration). */
  wrapFetch(inner: typeof fetch = fetch): typeof fetch {
    return async (input, init) => {
      await this.acquire(init?.signal ?? undefined);
      return inner(input, init);
    };
  }

  async #take(askedAt: number, signal: AbortSignal | undefined): Promise<number> {
    for (;;) {
      if (signal?.aborted) {
        this.stats.aborted++;
        throw signal.reason instanceof Error ? signal.reason : new Error('aborted while waiting for a request slot');
      }
      const now = this.#now();
      while (this.#grants.length > 0 && (this.#grants[0] as number) <= now - this.intervalMs) this.#grants.shift();
      if (this.#grants.length < this.maxRequests) {
        this.#grants.push(now);
        this.stats.granted++;
        if (now > askedAt) this.stats.delayed++;
        return now;
      }
      try {
        await this.#sleep((this.#grants[0] as number) + this.intervalMs - now, signal);
      } catch (e) {
        this.stats.aborted++;
        throw e;
      }
    }
  }
}
