import { describe, expect, it } from 'vitest';
import { statsByStrategy } from '../../../src/domain/stats/strategy.js';

/** The underlying: the OCC root (the letters before the date), or the ticker itself for shares. */
const underlyingOf = (symbol: string) => symbol.replace(/\d{6}[CP]\d{8}$/, '');
const trade = (symbol: string, side: 'long' | 'short', pnl: number, entryReasons: string[] = ['RISK_PCT']) => ({ symbol, underlying: underlyingOf(symbol), side, pnl, entryReasons });

describe('statsByStrategy', () => {
  it('groups trades by strategy with sums worked by hand', () => {
    const byStrategy = statsByStrategy([
      trade('SPY250117C00500000', 'long', 98.7),
      trade('QQQ250117C00400000', 'long', -51.3),
      trade('SPY250117C00505000', 'long', 0), // P/L exactly 0: not a win
      trade('SPY250221P00480000', 'short', 198.7),
      trade('SPY250221C00510000', 'long', -21.3, ['LONG_PROFIT_TARGET']),
    ]);
    // Long calls: 98.70 − 51.30 + 0 = 47.40 over 3 trades = 15.80; 1 win of 3.
    expect(byStrategy.long_call.trades).toBe(3);
    expect(byStrategy.long_call.wins).toBe(1);
    expect(byStrategy.long_call.winRate).toBeCloseTo(1 / 3, 12);
    expect(byStrategy.long_call.pnl).toBeCloseTo(47.4, 9);
    expect(byStrategy.long_call.avgPnl).toBeCloseTo(15.8, 9);
    expect(byStrategy.cash_secured_put).toEqual({ trades: 1, wins: 1, winRate: 1, pnl: 198.7, avgPnl: 198.7 });
    expect(byStrategy.roll).toEqual({ trades: 1, wins: 0, winRate: 0, pnl: -21.3, avgPnl: -21.3 });
    // No trades: zeros, and null where a ratio is undefined.
    expect(byStrategy.long_put).toEqual({ trades: 0, wins: 0, winRate: null, pnl: 0, avgPnl: null });
    expect(byStrategy.credit_spread).toEqual({ trades: 0, wins: 0, winRate: null, pnl: 0, avgPnl: null });
  });

  it('keeps every strategy, in report order, even with no trades', () => {
    expect(Object.keys(statsByStrategy([]))).toEqual(['long_call', 'long_put', 'cash_secured_put', 'credit_spread', 'roll', 'delta_hedge']);
  });

  it('refuses a P/L that is not a number, naming the trade', () => {
    expect(() => statsByStrategy([trade('SPY250117C00500000', 'long', 1), trade('SPY250117C00500000', 'long', Number.NaN)])).toThrow('trades[1].pnl');
  });
});
