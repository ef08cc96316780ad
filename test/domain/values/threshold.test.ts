import { describe, expect, it } from 'vitest';
import { atLeast, atMost, lessThan, moreThan } from '../../../src/domain/values/threshold.js';

describe('the one threshold rule', () => {
  // 1.003 / 1 − 1 is 0.0030000000000001137 in doubles: "exactly 0.3 %" up to rounding.
  const exactlyPointThree = 1.003 / 1 - 1;

  it('a value equal to the threshold up to rounding is not "more than" it but is "at least" it', () => {
    expect(exactlyPointThree).not.toBe(0.003);
    expect(moreThan(exactlyPointThree, 0.003)).toBe(false);
    expect(atLeast(exactlyPointThree, 0.003)).toBe(true);
    expect(moreThan(-exactlyPointThree, -0.003)).toBe(false);
    expect(lessThan(-exactlyPointThree, -0.003)).toBe(false);
    expect(atMost(-exactlyPointThree, -0.003)).toBe(true);
  });

  it('a spread of (2.60 − 2.40) / 2.50 is at most 8 % and not more than it', () => {
    const spread = (2.6 - 2.4) / 2.5; // 0.08000000000000002
    expect(spread).toBeGreaterThan(0.08);
    expect(atMost(spread, 0.08)).toBe(true);
    expect(moreThan(spread, 0.08)).toBe(false);
  });

  it('a real difference passes: 0.301 % is more than 0.3 %, 0.299 % is below it', () => {
    expect(moreThan(0.00301, 0.003)).toBe(true);
    expect(lessThan(0.00299, 0.003)).toBe(true);
    expect(atLeast(0.00299, 0.003)).toBe(false);
    expect(atMost(0.00301, 0.003)).toBe(false);
  });

  it('the tolerance is relative above 1: $5,000.000001 is not more than $5,000, $5,000.01 is', () => {
    // 1e-9 × 5000 = 5e-6 dollars of slack.
    expect(moreThan(5000.000001, 5000)).toBe(false);
    expect(moreThan(5000.01, 5000)).toBe(true);
    expect(atLeast(4999.999999, 5000)).toBe(true);
    expect(atLeast(4999.99, 5000)).toBe(false);
  });

  it('NaN passes none of them', () => {
    for (const f of [moreThan, atLeast, lessThan, atMost]) expect(f(Number.NaN, 1)).toBe(false);
  });
});
