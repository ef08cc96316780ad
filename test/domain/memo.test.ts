import { describe, expect, it } from 'vitest';
import { boundedMemo } from '../../src/domain/memo.js';

describe('boundedMemo', () => {
  it('computes a key once, and starts afresh when the limit is reached', () => {
    const calls: number[] = [];
    const square = boundedMemo(2, (x: number) => {
      calls.push(x);
      return x * x;
    });
    expect([square(3), square(3), square(4), square(3)]).toEqual([9, 9, 16, 9]);
    expect(calls).toEqual([3, 4]);
    square(5); // a third key: the two kept are dropped first
    expect(square(3)).toBe(9);
    expect(calls).toEqual([3, 4, 5, 3]);
  });
});
