import { describe, expect, it } from 'vitest';
import { IvRankTracker } from '../../../src/domain/indicators/iv-rank.js';

describe('IvRankTracker', () => {
  it('reports rank and percentile over the lookback once enough observations exist', () => {
    const t = IvRankTracker.create(5, 3);
    expect(t.add(0.2)).toBeUndefined();
    expect(t.add(0.3)).toBeUndefined();
    expect(t.initialized).toBe(false);
    const s = t.add(0.25); // window [0.2, 0.3, 0.25]
    expect(t.initialized).toBe(true);
    expect(s?.rank).toBeCloseTo(50, 9);
    expect(s?.percentile).toBeCloseTo(50, 9); // 1 of the 2 others is below
    expect(t.add(0.4)).toEqual({ rank: 100, percentile: 100 });
    expect(t.add(0.1)).toEqual({ rank: 0, percentile: 0 });
    const rolled = t.add(0.35); // 0.2 drops out: window [0.3, 0.25, 0.4, 0.1, 0.35]
    expect(rolled?.rank).toBeCloseTo(((0.35 - 0.1) / 0.3) * 100, 9);
    expect(rolled?.percentile).toBeCloseTo(75, 9);
    expect(t.standing).toEqual(rolled);
  });

  it('has no rank when every observation is equal', () => {
    const t = IvRankTracker.create(5, 2);
    t.add(0.2);
    expect(t.add(0.2)).toBeUndefined();
  });

  it('supports the 63-day lookback (seed Q5) and forgets older days', () => {
    const t = IvRankTracker.create(63, 20);
    t.add(0.9); // will fall out of the window
    for (let d = 0; d < 63; d += 1) t.add(0.2 + (d % 10) / 100);
    expect(t.standing?.rank).toBeCloseTo(((0.22 - 0.2) / 0.09) * 100, 9);
  });

  it('rejects a negative or NaN IV', () => {
    const t = IvRankTracker.create(5, 2);
    expect(() => t.add(-0.1)).toThrow(/iv must be >= 0/);
    expect(() => t.add(Number.NaN)).toThrow(/iv must be a finite number/);
  });

  it('restores identically', () => {
    const t = IvRankTracker.create(5, 2);
    [0.2, 0.3, 0.25].forEach((x) => t.add(x));
    const r = IvRankTracker.restore(JSON.parse(JSON.stringify(t.snapshot())), 5, 2);
    expect(r.standing).toEqual(t.standing);
    expect(r.add(0.28)).toEqual(t.add(0.28));
  });
});
