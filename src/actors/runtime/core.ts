import type { Clock } from './clock.js';
import type { ActorFailure } from './errors.js';
import { describeError, messageType, type Logger } from './logger.js';

export interface RuntimeMetrics {
  /** Messages sent to a stopped or unknown actor, left in a stopped actor's mailbox, or late ask replies. */
  deadLetters: number;
  /** Messages whose handler threw (or rejected). */
  crashes: number;
  /** Crashes answered by a restart within the budget. */
  restarts: number;
  /** Failures handed to a parent or to the root's `onEscalate`. */
  escalations: number;
  /** Actors currently alive. */
  actors: number;
}

/** What every actor of one runtime shares. */
export class RuntimeCore {
  readonly metrics: RuntimeMetrics = { deadLetters: 0, crashes: 0, restarts: 0, escalations: 0, actors: 0 };
  /** Rejecters of asks still waiting for a reply: settled when the runtime stops. */
  readonly pendingAsks = new Set<() => void>();
  /** Messages delivered and not yet handled, crashed on or dropped: zero means every mailbox is empty. */
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    readonly clock: Clock,
    readonly logger: Logger,
    private readonly onEscalate: (failure: ActorFailure) => void,
  ) {}

  begin(): void {
    this.inFlight++;
  }

  end(): void {
    this.inFlight--;
    if (this.inFlight === 0 && this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  /** Resolves once no message is queued or being handled anywhere in the runtime. */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Counts and logs a message nobody will handle: path and message type only, never the body. */
  deadLetter(actor: string, msg: unknown): void {
    this.metrics.deadLetters++;
    this.logger.warn({ actor, messageType: messageType(msg) }, 'dead letter');
  }

  escalateToRoot(failure: ActorFailure): void {
    try {
      this.onEscalate(failure);
    } catch (error) {
      // Nothing above the root to hand this to: record it rather than crash nact's fault handler.
      this.logger.error({ actor: failure.actor, error: describeError(error) }, 'onEscalate threw');
    }
  }
}
