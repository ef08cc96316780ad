import { describe, expect, it } from 'vitest';
import { RelativeChange } from '../../../src/domain/indicators/relative-change.js';
import { Sma } from '../../../src/domain/indicators/sma.js';

describe('Sma', () => {
  it('is undefined until `period` values, then the mean of the last `period`', () => {
    const sma = Sma.create(3);
    expect(sma.update(1)).toBeUndefined();
    expect(sma.update(2)).toBeUndefined();
    expect(sma.initialized).toBe(false);
    expect(sma.update(3)).toBeCloseTo(2, 12);
    expect(sma.initialized).toBe(true);
    expect(sma.update(10)).toBeCloseTo(5, 12); // (2 + 3 + 10) / 3
    expect(sma.update(4)).toBeCloseTo(17 / 3, 12);
  });

  it('restores to the same running state', () => {
    const sma = Sma.create(3);
    [1.1, 2.2, 3.3, 4.4].forEach((x) => sma.update(x));
    const copy = Sma.restore(JSON.parse(JSON.stringify(sma.snapshot())), 3);
    expect(copy.update(5.5)).toBe(sma.update(5.5));
  });
});

describe('RelativeChange (returns and SMA slope)', () => {
  it('ret over 5 bars = (close − close 5 bars ago) / close 5 bars ago', () => {
    const ret5 = RelativeChange.create(5);
    const closes = [100, 101, 102, 103, 104];
    closes.forEach((c) => expect(ret5.update(c)).toBeUndefined());
    expect(ret5.initialized).toBe(false);
    expect(ret5.update(100.5)).toBeCloseTo(0.005, 12); // vs 100
    expect(ret5.initialized).toBe(true);
    expect(ret5.update(99.99)).toBeCloseTo((99.99 - 101) / 101, 12);
  });

  it('is negative for a fall (the put side)', () => {
    const ret1 = RelativeChange.create(1);
    ret1.update(200);
    expect(ret1.update(198)).toBeCloseTo(-0.01, 12);
  });
});
