/**
 * The database, asked `select 1`: readiness reads whether it answered within the timeout, and every
 * answer's time goes into the histogram thetis_db_ping_seconds (also every `everyMs`, for the
 * metric alone).
 */
import type { Meter } from '@opentelemetry/api';

export class DatabaseProbe {
  readonly #ping: () => Promise<void>;
  readonly #timeoutMs: number;
  readonly #timer: NodeJS.Timeout;
  readonly #latency;
  readonly #failures;

  constructor(meter: Meter, ping: () => Promise<void>, o: { timeoutMs?: number; everyMs?: number } = {}) {
    this.#ping = ping;
    this.#timeoutMs = o.timeoutMs ?? 2_000;
    this.#latency = meter.createHistogram('thetis_db_ping_seconds', {
      description: 'Time the database took to answer select 1',
      unit: 's',
      advice: { explicitBucketBoundaries: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] },
    });
    this.#failures = meter.createCounter('thetis_db_ping_failures', { description: 'select 1 that failed or timed out' });
    this.#failures.add(0);
    this.#timer = setInterval(() => void this.check(), o.everyMs ?? 15_000);
    this.#timer.unref();
  }

  /** undefined when the database answered in time; else what went wrong (never the connection string). */
  async check(): Promise<string | undefined> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`no answer within ${this.#timeoutMs} ms`), this.#timeoutMs)));
    try {
      const failure = await Promise.race([this.#ping().then(() => undefined), timedOut]);
      if (failure === undefined) this.#latency.record((performance.now() - started) / 1_000);
      else this.#failures.add(1);
      return failure;
    } catch (error) {
      this.#failures.add(1);
      return error instanceof Error ? error.name : 'query failed';
    } finally {
      clearTimeout(timer);
    }
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
