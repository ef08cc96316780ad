import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dailyCloses, dailyReturns, sharpeRatio, sortinoRatio } from '../../../src/domain/stats/returns.js';

const DAY = 86_400_000;
const at = (day: number, hourUtc: number) => Date.UTC(2025, 0, 6 + day, hourUtc);

describe('daily returns', () => {
  it('takes the last point of each UTC day as its close', () => {
    const points = [
      { ts: at(0, 14), equity: 10_050 },
      { ts: at(0, 21), equity: 10_100 },
      { ts: at(1, 15), equity: 9_900 },
      { ts: at(1, 21), equity: 10_049.5 },
    ];
    expect(dailyCloses(points)).toEqual([10_100, 10_049.5]);
    const r = dailyReturns(10_000, points);
    expect(r[0]).toBeCloseTo(0.01, 12);
    expect(r[1]).toBeCloseTo(-0.005, 12);
  });

  it('is empty without points', () => {
    expect(dailyReturns(10_000, [])).toEqual([]);
  });
});

describe('Sharpe and Sortino', () => {
  // Hand-computed: returns 1 %, -0.5 %, 2 %. mean = 0.0083333, sample sd = 0.0125831,
  // Sharpe = 0.0083333 / 0.0125831 × √252 = 0.662266 × 15.874508 = 10.5131.
  // Downside deviation = √(0.005² / 3) = 0.0028868, Sortino = 2.886751 × 15.874508 = 45.8258 (= √2100).
  const returns = [0.01, -0.005, 0.02];

  it('matches the hand-computed Sharpe', () => {
    expect(sharpeRatio(returns)).toBeCloseTo(10.5131, 4);
  });

  it('matches the hand-computed Sortino', () => {
    expect(sortinoRatio(returns)).toBeCloseTo(Math.sqrt(2100), 9);
    expect(sortinoRatio(returns)).toBeCloseTo(45.8258, 4);
  });

  it('is null with fewer than 2 daily returns', () => {
    expect(sharpeRatio([])).toBeNull();
    expect(sharpeRatio([0.01])).toBeNull();
    expect(sortinoRatio([-0.01])).toBeNull();
  });

  it('Sharpe is null for a flat series; Sortino is null without a losing day', () => {
    expect(sharpeRatio([0.01, 0.01, 0.01])).toBeNull();
    expect(sortinoRatio([0.01, 0.02])).toBeNull();
  });

  it('does not depend on the order of the returns and flips sign with them', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: 2, maxLength: 30 }), (rs) => {
        const s = sharpeRatio(rs);
        const reversed = sharpeRatio([...rs].reverse());
        const negated = sharpeRatio(rs.map((r) => -r));
        if (s === null) return reversed === null;
        expect(reversed).toBeCloseTo(s, 6);
        if (negated !== null) expect(negated).toBeCloseTo(-s, 6);
        return true;
      }),
    );
  });

  it('a day boundary is a UTC date', () => {
    expect(dailyCloses([{ ts: 0, equity: 1 }, { ts: DAY - 1, equity: 2 }, { ts: DAY, equity: 3 }])).toEqual([2, 3]);
  });
});
