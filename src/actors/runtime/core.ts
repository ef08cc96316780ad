import type { Clock } from './clock.js';
import type { ActorFailure } from './errors.js';
import { describeError, logWithTrace, messageType, traceOfMessage, type Logger } from './logger.js';

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
  /** Messages in the actors' mailboxes now (delivered, not yet handled): the whole tree's mailbox depth. */
  queued: number;
}

/** What every actor of one runtime shares. */
export class RuntimeCore {
  readonly metrics: RuntimeMetrics = { deadLetters: 0, crashes: 0, restarts: 0, escalations: 0, actors: 0, queued: 0 };
  /** Rejecters of asks still waiting for a reply: settled when the runtime stops. */
  readonly pendingAsks = new Set<() => void>();
  /** Messages delivered and not yet handled, crashed on or dropped. */
  private inFlight = 0;
  /** Of those, the ones queued at actors in a restart backoff: they wait for the clock, not for work. */
  private parked = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    readonly clock: Clock,
    readonly logger: Logger,
    private readonly onEscalate: (failure: ActorFailure) => void,
  ) {}

  begin(parked: boolean): void {
    this.metrics.queued = ++this.inFlight;
    if (parked) this.parked++;
  }

  end(parked: boolean): void {
    this.metrics.queued = --this.inFlight;
    if (parked) this.parked--;
    this.checkIdle();
  }

  /** An actor entered (n > 0) or left (n < 0) a backoff with |n| messages queued. */
  park(n: number): void {
    this.parked += n;
    this.checkIdle();
  }

  /**
   * Resolves once nothing can happen without the clock: every message is handled, or queued at
   * an actor waiting out a restart backoff. A backtest advances its virtual clock then.
   */
  whenIdle(): Promise<void> {
    if (this.inFlight === this.parked) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private checkIdle(): void {
    if (this.inFlight === this.parked && this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  /** Counts and logs a message nobody will handle: path and message type only, never the body. */
  deadLetter(actor: string, msg: unknown): void {
    this.metrics.deadLetters++;
    logWithTrace(this.logger, traceOfMessage(msg)).warn({ actor, messageType: messageType(msg) }, 'dead letter');
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
