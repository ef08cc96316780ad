import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BACKOFF,
  DEFAULT_BUDGET,
  exponentialBackoff,
  RestartBudget,
  supervision,
} from '../../../src/actors/runtime/supervision.js';

describe('supervision policy', () => {
  it('defaults to 3 restarts in 60 s, backoff 10 ms · 2^n capped, then escalate', () => {
    const policy = supervision();
    expect(DEFAULT_BUDGET).toEqual({ maxRestarts: 3, withinMs: 60_000 });
    expect(policy.onExhausted).toBe('escalate');
    expect([1, 2, 3, 4].map(policy.backoffMs)).toEqual([10, 20, 40, 80]);
    expect(policy.backoffMs(30)).toBe(DEFAULT_BACKOFF.capMs);
  });

  it('exponentialBackoff caps and starts at the base', () => {
    const backoff = exponentialBackoff(100, 250);
    expect([0, 1, 2, 3].map(backoff)).toEqual([100, 100, 200, 250]);
  });

  it('rejects a policy that cannot work', () => {
    expect(() => supervision({ maxRestarts: -1 })).toThrow(RangeError);
    expect(() => supervision({ maxRestarts: 1.5 })).toThrow(RangeError);
    expect(() => supervision({ withinMs: 0 })).toThrow(RangeError);
    expect(() => supervision({ withinMs: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });
});

describe('RestartBudget', () => {
  it('restarts up to maxRestarts within the window, then is exhausted', () => {
    const budget = new RestartBudget(supervision());
    expect(budget.recordCrash(0)).toEqual({ kind: 'restart', attempt: 1, delayMs: 10 });
    expect(budget.recordCrash(1_000)).toEqual({ kind: 'restart', attempt: 2, delayMs: 20 });
    expect(budget.recordCrash(2_000)).toEqual({ kind: 'restart', attempt: 3, delayMs: 40 });
    expect(budget.recordCrash(3_000)).toEqual({ kind: 'exhausted', crashes: 4 });
  });

  it('forgets crashes older than the window', () => {
    const budget = new RestartBudget(supervision({ maxRestarts: 1, withinMs: 1_000 }));
    expect(budget.recordCrash(0).kind).toBe('restart');
    expect(budget.recordCrash(1_000)).toEqual({ kind: 'restart', attempt: 1, delayMs: 10 });
    expect(budget.recordCrash(1_999)).toEqual({ kind: 'exhausted', crashes: 2 });
  });

  it('maxRestarts 0 gives up at the first crash', () => {
    expect(new RestartBudget(supervision({ maxRestarts: 0 })).recordCrash(5)).toEqual({ kind: 'exhausted', crashes: 1 });
  });

  it('treats a broken backoff as no delay rather than failing the supervisor', () => {
    const budget = new RestartBudget(supervision({ backoffMs: () => Number.NaN }));
    expect(budget.recordCrash(0)).toEqual({ kind: 'restart', attempt: 1, delayMs: 0 });
  });
});
