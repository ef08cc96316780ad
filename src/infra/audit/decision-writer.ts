import type { DecisionEvent, DecisionSink } from '../../actors/ports/decision-sink.js';
import type { DecisionStore } from '../../actors/ports/decision-store.js';
import type { Logger } from '../../actors/runtime/logger.js';

export interface DecisionWriterOptions {
  readonly store: DecisionStore;
  readonly log: Logger;
  /** Decisions per write (one transaction). Default 500. */
  readonly batchSize?: number;
  /** Longest a decision waits to be written, ms. Default 250. */
  readonly flushMs?: number;
  /** Decisions kept while the store refuses them; past it the oldest are dropped, counted and logged. Default 100,000. */
  readonly maxPending?: number;
  /** Which decisions are written; the rest (per-bar signal rejections: counts, not rows) are counted only. Default: all but rejected signals. */
  readonly keep?: (e: DecisionEvent) => boolean;
}

/**
 * The decisions audit as a sink the actors record into: never blocks them. Decisions are written in
 * batches (one transaction each) every `flushMs` or `batchSize`, in order; a batch the store refuses
 * is kept and written again (the store comes back by itself), within a bound.
 */
export class DecisionWriter implements DecisionSink {
  readonly stats = { recorded: 0, written: 0, skipped: 0, dropped: 0, failures: 0 };
  private pending: DecisionEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly o: DecisionWriterOptions) {}

  record(event: DecisionEvent): void {
    if (!(this.o.keep ?? keepByDefault)(event)) {
      this.stats.skipped += 1;
      return;
    }
    this.stats.recorded += 1;
    this.pending.push(freeze(event));
    const max = this.o.maxPending ?? 100_000;
    if (this.pending.length > max) {
      const over = this.pending.length - max;
      this.pending.splice(0, over);
      this.stats.dropped += over;
      this.o.log.error({ dropped: over }, 'decisions audit behind: oldest decisions dropped');
    }
    if (this.pending.length >= (this.o.batchSize ?? 500)) this.kick();
    else this.timer ??= setTimeout(() => this.kick(), this.o.flushMs ?? 250);
  }

  /** Writes everything pending (retrying while the store refuses), then resolves. */
  async flush(): Promise<void> {
    while (this.pending.length > 0 || this.writing) {
      this.kick();
      await this.writing;
    }
  }

  /** Flushes, then takes no more timers (a refusing store makes this wait until it is back). */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    clearTimeout(this.timer);
  }

  private kick(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.writing || this.pending.length === 0) return;
    const batch = this.pending.slice(0, this.o.batchSize ?? 500);
    this.writing = this.o.store
      .record(batch)
      .then(
        () => {
          this.pending.splice(0, batch.length);
          this.stats.written += batch.length;
        },
        async (error: unknown) => {
          this.stats.failures += 1;
          this.o.log.warn({ batch: batch.length, error: error instanceof Error ? error.message : String(error) }, 'decisions audit write failed: trying again');
          await new Promise((resolve) => setTimeout(resolve, this.o.flushMs ?? 250));
        },
      )
      .finally(() => {
        this.writing = undefined;
        if (!this.closed && this.pending.length > 0) this.timer ??= setTimeout(() => this.kick(), 0);
      });
  }
}

/** Every decision but a rejected signal (one per bar and ticker: counted, not stored). */
function keepByDefault(e: DecisionEvent): boolean {
  return !(e.kind === 'signal' && !e.ok) && e.kind !== 'bar';
}

/** A plain copy (an event may compute a field when read). */
function freeze(e: DecisionEvent): DecisionEvent {
  const { ts, correlationId, kind, ok, underlying, symbol, reasons } = e;
  return Object.freeze({ ts, correlationId, kind, ok, underlying, ...(symbol === undefined ? {} : { symbol }), reasons: [...reasons] });
}
