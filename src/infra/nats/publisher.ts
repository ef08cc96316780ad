import type { JetStreamClient } from '@nats-io/jetstream';
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

  async publish(subject: string, data: Uint8Array, msgID: string): Promise<{ readonly duplicate: boolean }> {
    for (let attempt = 1; ; attempt++) {
      try {
        const ack = await this.js.publish(subject, data, { msgID, timeout: this.retry.timeoutMs });
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
