import { describe, expect, it } from 'vitest';
import { barSequenceProblem, makeBar } from '../../../src/domain/values/bar.js';

const bar = { symbol: 'SPY', ts: 60_000, open: 10, high: 11, low: 9.5, close: 10.5, volume: 1000 };

describe('bars', () => {
  it('accepts a consistent bar and freezes it', () => {
    const b = makeBar(bar);
    expect(b).toEqual(bar);
    expect(Object.isFrozen(b)).toBe(true);
  });

  it.each([
    [{ close: Number.NaN }, /close must be a finite number/],
    [{ open: -1 }, /open must be > 0/],
    [{ volume: -1 }, /volume must be >= 0/],
    [{ high: 10.2 }, /high\/low do not contain/],
    [{ low: 10.6 }, /high\/low do not contain/],
    [{ symbol: '' }, /symbol is empty/],
  ])('rejects %j', (patch, message) => {
    expect(() => makeBar({ ...bar, ...patch })).toThrow(message);
  });

  it('detects duplicate and out-of-order bars', () => {
    expect(barSequenceProblem(undefined, makeBar(bar))).toBeUndefined();
    expect(barSequenceProblem(60_000, makeBar(bar))).toBe('DUPLICATE_BAR');
    expect(barSequenceProblem(120_000, makeBar(bar))).toBe('OUT_OF_ORDER_BAR');
    expect(barSequenceProblem(0, makeBar(bar))).toBeUndefined();
  });
});
