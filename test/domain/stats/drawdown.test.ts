import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawdownSeries, maxDrawdown } from '../../../src/domain/stats/drawdown.js';

describe('drawdown', () => {
  // Start 10,000 → 10,200 → 10,500 (peak) → 9,800 (−700, −6.667 %) → 9,975 → 10,600 (new peak).
  const curve = [10_200, 10_500, 9_800, 9_975, 10_600].map((equity, i) => ({ ts: i * 900_000, equity }));

  it('measures each point from the running peak', () => {
    const dd = drawdownSeries(10_000, curve);
    expect(dd.map((d) => d.drawdown)).toEqual([0, 0, 700, 525, 0]);
    expect(dd[2]?.drawdownPct).toBeCloseTo(700 / 10_500, 12);
  });

  it('reports the known max drawdown in dollars and percent', () => {
    const dd = maxDrawdown(10_000, curve);
    expect(dd.dollars).toBe(700);
    expect(dd.pct).toBeCloseTo(0.0666667, 6);
  });

  it('counts a drop below the starting equity', () => {
    expect(maxDrawdown(10_000, [{ ts: 0, equity: 9_000 }])).toEqual({ dollars: 1_000, pct: 0.1 });
  });

  it('is zero for a rising curve or no points', () => {
    expect(maxDrawdown(10_000, [])).toEqual({ dollars: 0, pct: 0 });
    expect(maxDrawdown(10_000, curve.slice(0, 2))).toEqual({ dollars: 0, pct: 0 });
  });

  it('stays between 0 and 1 and never exceeds the peak', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { maxLength: 50 }), (eq) => {
        const dd = maxDrawdown(1_000, eq.map((equity, ts) => ({ ts, equity })));
        expect(dd.pct).toBeGreaterThanOrEqual(0);
        expect(dd.pct).toBeLessThan(1);
        expect(dd.dollars).toBeLessThanOrEqual(Math.max(1_000, ...eq));
      }),
    );
  });
});
