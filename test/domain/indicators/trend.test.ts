import { describe, expect, it } from 'vitest';
import { isFlatSlope, trendState } from '../../../src/domain/indicators/trend.js';

describe('trendState', () => {
  it('is up above a rising SMA, down below a falling one', () => {
    expect(trendState(101, 100, 0.003, 0.002)).toBe('up');
    expect(trendState(99, 100, -0.003, 0.002)).toBe('down');
  });

  it('is flat when |slope| < maxFlatSlope, at exactly the threshold it is not', () => {
    expect(trendState(101, 100, 0.0019, 0.002)).toBe('flat');
    expect(trendState(101, 100, 0.002, 0.002)).toBe('up');
    expect(trendState(99, 100, -0.002, 0.002)).toBe('down');
  });

  it('"less than 0.2 %" allows for rounding: a slope of 0.2 % a rounding below is not flat', () => {
    // (100.2 − 100) / 100 = 0.0020000000000000568 and 0.002 × (1 − 1e-12) are both 0.2 % up to rounding.
    expect(isFlatSlope((100.2 - 100) / 100, 0.002)).toBe(false);
    expect(isFlatSlope(0.002 * (1 - 1e-12), 0.002)).toBe(false);
    expect(trendState(101, 100, 0.002 * (1 - 1e-12), 0.002)).toBe('up');
    expect(isFlatSlope(0.00199, 0.002)).toBe(true);
    expect(isFlatSlope(Number.NaN, 0.002)).toBe(false);
  });

  it('is flat when close and slope disagree, or inputs are missing', () => {
    expect(trendState(99, 100, 0.01, 0.002)).toBe('flat');
    expect(trendState(101, 100, -0.01, 0.002)).toBe('flat');
    expect(trendState(100, 100, 0.01, 0.002)).toBe('flat');
    expect(trendState(101, Number.NaN, 0.01, 0.002)).toBe('flat');
    expect(trendState(101, 100, Number.NaN, 0.002)).toBe('flat');
  });
});
