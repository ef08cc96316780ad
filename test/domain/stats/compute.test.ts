import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import { computeStats } from '../../../src/domain/stats/compute.js';

const at = (day: number, hourUtc: number) => Date.UTC(2025, 0, 6 + day, hourUtc);

describe('computeStats', () => {
  // Three days: closes 10,100 / 10,049.5 / 10,250.49 → daily returns 1 %, −0.5 %, 2 %.
  const input = {
    startingEquity: 10_000,
    endingEquity: 10_250.49,
    trades: [
      { pnl: 150, capitalRisked: 500 },
      { pnl: -50, capitalRisked: 400 },
    ],
    equity: [
      { ts: at(0, 15), equity: 10_000, capitalAtRisk: 500, openPositions: 1 },
      { ts: at(0, 21), equity: 10_100, capitalAtRisk: 0, openPositions: 0 },
      { ts: at(1, 15), equity: 9_999, capitalAtRisk: 400, openPositions: 1 },
      { ts: at(1, 21), equity: 10_049.5, capitalAtRisk: 0, openPositions: 0 },
      { ts: at(2, 21), equity: 10_250.49, capitalAtRisk: 0, openPositions: 0 },
    ],
  };

  it('combines the trade, return, drawdown and exposure figures', () => {
    const s = computeStats(input);
    expect(s).toMatchObject({ trades: 2, wins: 1, losses: 1, winRate: 0.5, expectancy: 50, profitFactor: 3, tradingDays: 3 });
    expect(s.totalReturnPct).toBeCloseTo(0.025049, 6);
    expect(s.maxDrawdown).toBeCloseTo(101, 9); // 10,100 → 9,999
    expect(s.maxDrawdownPct).toBeCloseTo(101 / 10_100, 12);
    expect(s.sharpe).toBeCloseTo(10.5131, 4);
    expect(s.sortino).toBeCloseTo(45.8258, 4);
    expect(s.exposurePct).toBe(0.4);
    expect(s.avgCapitalAtRiskPct).toBeCloseTo((500 / 10_000 + 400 / 9_999) / 5, 12);
  });

  it('handles a run with no trades and no equity points', () => {
    const s = computeStats({ startingEquity: 10_000, endingEquity: 10_000, trades: [], equity: [] });
    expect(s).toMatchObject({ trades: 0, totalReturnPct: 0, maxDrawdown: 0, sharpe: null, sortino: null, exposurePct: 0, avgCapitalAtRiskPct: 0, tradingDays: 0 });
  });

  it('gives null Sharpe with a single day', () => {
    expect(computeStats({ ...input, equity: input.equity.slice(0, 2) }).sharpe).toBeNull();
  });

  it('rejects broken input with a DomainError', () => {
    expect(() => computeStats({ ...input, startingEquity: 0 })).toThrow(DomainError);
    expect(() => computeStats({ ...input, equity: [...input.equity].reverse() })).toThrow(/before the previous point/);
    expect(() => computeStats({ ...input, equity: [{ ts: 0, equity: Number.NaN, capitalAtRisk: 0, openPositions: 0 }] })).toThrow(/equity\[0\]\.equity/);
  });
});
