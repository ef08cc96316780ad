import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import { kellyStatsFrom, tradeStats } from '../../../src/domain/stats/trades.js';

// Two winners (+300 on 600 risked, +100 on 400), two losers (−150 on 500, −50 on 250), one flat.
const trades = [
  { pnl: 300, capitalRisked: 600 },
  { pnl: -150, capitalRisked: 500 },
  { pnl: 100, capitalRisked: 400 },
  { pnl: -50, capitalRisked: 250 },
  { pnl: 0, capitalRisked: 300 },
];

describe('tradeStats', () => {
  it('computes the hand-worked figures', () => {
    expect(tradeStats(trades)).toEqual({
      trades: 5,
      wins: 2,
      losses: 2,
      winRate: 0.4,
      avgWin: 200,
      avgLoss: 100,
      expectancy: 40,
      grossProfit: 400,
      grossLoss: 200,
      profitFactor: 2,
      netPnl: 200,
    });
  });

  it('reports nulls, not NaN or Infinity, with no trades', () => {
    const s = tradeStats([]);
    expect(s).toMatchObject({ trades: 0, wins: 0, losses: 0, winRate: null, avgWin: null, avgLoss: null, expectancy: null, profitFactor: null, netPnl: 0 });
  });

  it('reports a null profit factor when every trade wins', () => {
    const s = tradeStats([{ pnl: 10, capitalRisked: 100 }, { pnl: 30, capitalRisked: 100 }]);
    expect(s).toMatchObject({ winRate: 1, avgWin: 20, avgLoss: null, profitFactor: null, expectancy: 20 });
  });

  it('reports a zero profit factor when every trade loses', () => {
    expect(tradeStats([{ pnl: -10, capitalRisked: 100 }]).profitFactor).toBe(0);
  });

  it('expectancy = winRate × avgWin − lossRate × avgLoss', () => {
    const trade = fc.record({ pnl: fc.integer({ min: -5_000, max: 5_000 }), capitalRisked: fc.integer({ min: 1, max: 10_000 }) });
    fc.assert(
      fc.property(fc.array(trade, { minLength: 1, maxLength: 40 }), (ts) => {
        const s = tradeStats(ts);
        const lossRate = s.losses / s.trades;
        const expected = (s.winRate ?? 0) * (s.avgWin ?? 0) - lossRate * (s.avgLoss ?? 0);
        expect(s.expectancy).toBeCloseTo(expected, 6);
      }),
    );
  });

  it('rejects NaN P/L and non-positive capital risked', () => {
    expect(() => tradeStats([{ pnl: Number.NaN, capitalRisked: 1 }])).toThrow(DomainError);
    expect(() => kellyStatsFrom([{ pnl: 1, capitalRisked: 0 }])).toThrow(/capitalRisked/);
  });
});

describe('kellyStatsFrom', () => {
  it('expresses wins and losses as fractions of capital risked', () => {
    // wins: 300/600 = 0.5, 100/400 = 0.25 → 0.375; losses: 150/500 = 0.3, 50/250 = 0.2 → 0.25.
    const k = kellyStatsFrom(trades);
    expect(k.trades).toBe(5);
    expect(k.winRate).toBe(0.4);
    expect(k.avgWin).toBeCloseTo(0.375, 12);
    expect(k.avgLoss).toBeCloseTo(0.25, 12);
  });

  it('is all zeros with no trades', () => {
    expect(kellyStatsFrom([])).toEqual({ trades: 0, winRate: 0, avgWin: 0, avgLoss: 0 });
  });

  it('has zero avgLoss when all trades win', () => {
    expect(kellyStatsFrom([{ pnl: 50, capitalRisked: 100 }])).toEqual({ trades: 1, winRate: 1, avgWin: 0.5, avgLoss: 0 });
  });
});
