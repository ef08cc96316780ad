import { describe, expect, it } from 'vitest';
import { SmaCrosses } from '../../../src/domain/indicators/sma-crosses.js';
import { trendState } from '../../../src/domain/indicators/trend.js';

describe('SmaCrosses', () => {
  it('counts side changes within the window; touching the SMA is not a cross', () => {
    const c = SmaCrosses.create(4);
    expect(c.update(11, undefined)).toBe(0); // no SMA yet: skipped
    expect(c.update(11, 10)).toBe(0);
    expect(c.update(9, 10)).toBe(1); // cross down
    expect(c.update(10, 10)).toBe(1); // touch
    expect(c.update(9.5, 10)).toBe(1); // still below: no cross
    expect(c.initialized).toBe(true);
    expect(c.update(10.5, 10)).toBe(2); // cross up
    expect(c.update(9, 10)).toBe(2); // cross down, but the first cross leaves the 4-bar window
    expect(c.update(11, 10)).toBe(3);
  });

  it('restores identically', () => {
    const c = SmaCrosses.create(3);
    [11, 9, 11].forEach((x) => c.update(x, 10));
    const r = SmaCrosses.restore(JSON.parse(JSON.stringify(c.snapshot())), 3);
    expect(r.value).toBe(c.value);
    expect(r.update(9, 10)).toBe(c.update(9, 10));
  });
});

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
    expect(trendState(101, undefined, 0.01, 0.002)).toBe('flat');
    expect(trendState(101, 100, undefined, 0.002)).toBe('flat');
  });
});
