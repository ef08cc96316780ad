/** An `ask` got no reply in time. Carries the target's path and the timeout. */
export class AskTimeoutError extends Error {
  override readonly name = 'AskTimeoutError';
  constructor(
    readonly actor: string,
    readonly timeoutMs: number,
  ) {
    super(`ask to ${actor} timed out after ${timeoutMs} ms`);
  }
}

/** The actor is stopped or never existed (an `ask` to it can never be answered). */
export class ActorStoppedError extends Error {
  override readonly name = 'ActorStoppedError';
  constructor(readonly actor: string) {
    super(`actor ${actor} is stopped or never existed`);
  }
}

/** A missing, invalid or duplicate actor name under one parent. */
export class ActorNameError extends Error {
  override readonly name = 'ActorNameError';
  constructor(
    readonly parent: string,
    readonly actorName: string,
    reason: 'missing' | 'invalid' | 'duplicate',
  ) {
    super(`cannot spawn actor "${actorName}" under ${parent}: name ${reason}`);
  }
}

/** What a parent learns when a child exhausts its restart budget. */
export interface ActorFailure {
  /** Path of the actor that exhausted its restart budget and stopped. */
  readonly actor: string;
  readonly error: unknown;
  /** Crashes counted in the restart window when the budget ran out. */
  readonly crashes: number;
}

/** Thrown inside a parent that does not handle a child's escalation, so the parent's own policy applies. */
export class EscalationError extends Error {
  override readonly name = 'EscalationError';
  constructor(readonly failure: ActorFailure) {
    super(`child ${failure.actor} failed ${failure.crashes} times within its restart window`, { cause: failure.error });
  }
}
