import type { JetStreamClient } from '@nats-io/jetstream';
import type { MsgHdrs } from '@nats-io/transport-node';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../actors/runtime/logger.js';
import type { NatsSettings } from './settings.js';

/** A message JetStream did not take after every attempt. */
export class PublishFailedError extends Error {
  override readonly name = 'PublishFailedError';
}

/**
 * Publishes to JetStream with a deterministic Nats-Msg-Id and waits for the PubAck. A PubAck marked
 * `duplicate` is success (the stream already holds the message). A failed or timed-out attempt is
 * retried with the same id, so the stream takes it once, after a backoff that doubles up to a cap;
 * after the last attempt it throws PublishFailedError.
 */
export class JetStreamPublisher {
  /** Attempts that failed (retried or not), and messages given up on. */
  readonly stats = { retries: 0, failed: 0, duplicates: 0 };

  constructor(
    private readonly js: JetStreamClient,
    private readonly retry: NatsSettings['publish'],
    private readonly log: Logger,
  ) {}

  /** First attempts waiting for the next turn of the event loop, to leave in one socket write. */
  private batch: (() => void)[] = [];
  /** Messages awaiting their PubAck. */
  private unacked = 0;

  /**
   * Publishes and waits for the PubAck. A message published while the stream is idle goes out at
   * once (latency); one published during a burst (others still awaiting their PubAck) goes out on
   * the next turn of the event loop with the rest of the burst, in one socket write instead of one
   * each (a third of the order path's CPU went to writes).
   */
  publish(subject: string, data: Uint8Array, msgID: string, headers?: MsgHdrs): Promise<{ readonly duplicate: boolean }> {
    if (this.unacked === 0 && this.batch.length === 0) return this.attempts(subject, data, msgID, headers);
    return new Promise((resolve, reject) => {
      if (this.batch.length === 0) setImmediate(() => this.flush());
      this.batch.push(() => this.attempts(subject, data, msgID, headers).then(resolve, reject));
    });
  }

  private flush(): void {
    const batch = this.batch;
    this.batch = [];
    for (const send of batch) send();
  }

  private async attempts(subject: string, data: Uint8Array, msgID: string, headers: MsgHdrs | undefined): Promise<{ readonly duplicate: boolean }> {
    this.unacked += 1;
    try {
      return await this.attempt(subject, data, msgID, headers);
    } finally {
      this.unacked -= 1;
    }
  }

  private async attempt(subject: string, data: Uint8Array, msgID: string, headers: MsgHdrs | undefined): Promise<{ readonly duplicate: boolean }> {
    for (let attempt = 1; ; attempt++) {
      try {
        // The trace context (W3C traceparent) rides in the headers, beside the Nats-Msg-Id.
        const ack = await this.js.publish(subject, data, headers === undefined ? { msgID, timeout: this.retry.timeoutMs } : { msgID, timeout: this.retry.timeoutMs, headers });
        if (ack.duplicate) this.stats.duplicates += 1;
        return { duplicate: ack.duplicate };
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        if (attempt >= this.retry.attempts) {
          this.stats.failed += 1;
          this.log.error({ subject, msgID, attempts: attempt, error }, 'JetStream publish failed: giving up');
          throw new PublishFailedError(`publish of ${msgID} on ${subject} failed after ${attempt} attempts: ${error}`, { cause: e });
        }
        this.stats.retries += 1;
        this.log.warn({ subject, msgID, attempt, error }, 'JetStream publish failed: retrying with the same id');
        await sleep(Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1)));
      }
    }
  }
}
