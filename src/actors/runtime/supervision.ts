/**
 * How an actor is supervised (nact has no restart limits or backoff: we add them).
 * A restart keeps the actor's state as of its last successfully handled message.
 */
export interface SupervisionPolicy {
  /** Restarts allowed within `withinMs`; the crash after that exhausts the budget. */
  readonly maxRestarts: number;
  /** Length of the sliding window the restarts are counted in. */
  readonly withinMs: number;
  /** Delay before restart number `attempt` (1-based) within the window; ≤ 0 restarts at once. */
  readonly backoffMs: (attempt: number) => number;
  /** Past the budget the actor stops; 'escalate' also hands the failure to its parent. */
  readonly onExhausted: 'escalate' | 'stop';
}

/** 10 ms · 2^(attempt − 1), capped: a short pause that grows when a crash repeats. */
export const DEFAULT_BACKOFF = { baseMs: 10, capMs: 5_000 } as const;
/** 3 restarts in 60 s (the brief's default budget), then escalate. */
export const DEFAULT_BUDGET = { maxRestarts: 3, withinMs: 60_000 } as const;

export function exponentialBackoff(baseMs: number, capMs: number): (attempt: number) => number {
  return (attempt) => Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/** The default policy, with any fields overridden. */
export function supervision(overrides: Partial<SupervisionPolicy> = {}): SupervisionPolicy {
  const policy: SupervisionPolicy = {
    ...DEFAULT_BUDGET,
    backoffMs: exponentialBackoff(DEFAULT_BACKOFF.baseMs, DEFAULT_BACKOFF.capMs),
    onExhausted: 'escalate',
    ...overrides,
  };
  assertPolicy(policy);
  return policy;
}

export function assertPolicy(policy: SupervisionPolicy): void {
  if (!Number.isInteger(policy.maxRestarts) || policy.maxRestarts < 0) {
    throw new RangeError(`maxRestarts must be a whole number, got ${policy.maxRestarts}`);
  }
  if (!(policy.withinMs > 0) || !Number.isFinite(policy.withinMs)) {
    throw new RangeError(`withinMs must be a positive number of ms, got ${policy.withinMs}`);
  }
}

export type CrashVerdict =
  | { readonly kind: 'restart'; readonly attempt: number; readonly delayMs: number }
  | { readonly kind: 'exhausted'; readonly crashes: number };

/** Sliding-window crash accounting for one actor, on the injected clock's time. */
export class RestartBudget {
  private crashes: number[] = [];

  constructor(private readonly policy: SupervisionPolicy) {}

  recordCrash(now: number): CrashVerdict {
    const since = now - this.policy.withinMs;
    this.crashes = this.crashes.filter((t) => t > since);
    this.crashes.push(now);
    const count = this.crashes.length;
    if (count > this.policy.maxRestarts) return { kind: 'exhausted', crashes: count };
    const delay = this.policy.backoffMs(count);
    // A broken backoff function must not take the supervisor down: treat it as "no delay".
    return { kind: 'restart', attempt: count, delayMs: Number.isFinite(delay) && delay > 0 ? delay : 0 };
  }
}
