import { describe, expect, it } from 'vitest';
import { VolumeRatio } from '../../../src/domain/indicators/volume-ratio.js';

describe('VolumeRatio', () => {
  it('divides by the mean of the previous bars, excluding the current one', () => {
    const v = VolumeRatio.create(2, 1.5);
    expect(v.update(100)).toBeUndefined();
    expect(v.update(300)).toBeUndefined();
    expect(v.initialized).toBe(false);
    expect(v.update(400)).toBeCloseTo(2, 12); // 400 / mean(100, 300)
    expect(v.initialized).toBe(true);
    expect(v.update(175)).toBeCloseTo(0.5, 12); // 175 / mean(300, 400)
  });

  it('counts consecutive bars strictly above the threshold and resets below it', () => {
    const v = VolumeRatio.create(2, 1.5);
    [100, 100].forEach((x) => v.update(x));
    v.update(151); // 1.51
    expect(v.barsAbove).toBe(1);
    v.update(250); // 250 / 125.5 ≈ 1.99
    expect(v.barsAbove).toBe(2);
    v.update(301.5); // 301.5 / 200.5 ≈ 1.504
    expect(v.barsAbove).toBe(3);
    v.update(413.25); // 413.25 / 275.75 ≈ 1.4986: not above
    expect(v.barsAbove).toBe(0);
  });

  it('a ratio of exactly the threshold does not count (strictly greater)', () => {
    const v = VolumeRatio.create(2, 1.5);
    [100, 100].forEach((x) => v.update(x));
    expect(v.update(150)).toBe(1.5);
    expect(v.barsAbove).toBe(0);
  });

  it('has no ratio (not Infinity) when the previous bars traded nothing', () => {
    const v = VolumeRatio.create(2, 1.5);
    [0, 0].forEach((x) => v.update(x));
    expect(v.update(500)).toBeUndefined();
    expect(v.initialized).toBe(true);
    expect(v.barsAbove).toBe(0);
  });

  it('restores identically', () => {
    const v = VolumeRatio.create(3, 1.5);
    [10, 20, 30, 90].forEach((x) => v.update(x));
    const r = VolumeRatio.restore(JSON.parse(JSON.stringify(v.snapshot())), 3, 1.5);
    expect([r.value, r.barsAbove, r.initialized]).toEqual([v.value, v.barsAbove, v.initialized]);
    expect(r.update(200)).toBe(v.update(200));
    expect(r.barsAbove).toBe(v.barsAbove);
  });
});
