import { describe, expect, it } from 'vitest';
import { trendState } from '../../../src/domain/indicators/trend.js';

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

  it('is flat when close and slope disagree, or inputs are missing', () => {
    expect(trendState(99, 100, 0.01, 0.002)).toBe('flat');
    expect(trendState(101, 100, -0.01, 0.002)).toBe('flat');
    expect(trendState(100, 100, 0.01, 0.002)).toBe('flat');
    expect(trendState(101, Number.NaN, 0.01, 0.002)).toBe('flat');
    expect(trendState(101, 100, Number.NaN, 0.002)).toBe('flat');
  });
});
