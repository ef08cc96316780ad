/** Per-trade statistics, in dollars, and the Kelly inputs as fractions of capital risked. */
import type { KellyStats } from '../values/stats.js';
import { type StatsTrade, validateTrade } from './inputs.js';

export interface TradeStats {
  readonly trades: number;
  /** Trades with P/L > 0. */
  readonly wins: number;
  /** Trades with P/L < 0 (P/L exactly 0 counts as neither). */
  readonly losses: number;
  /** wins / trades; null with no trades. */
  readonly winRate: number | null;
  /** Mean P/L of winners in dollars; null with no winners. */
  readonly avgWin: number | null;
  /** Mean |P/L| of losers in dollars (a positive number); null with no losers. */
  readonly avgLoss: number | null;
  /** Mean P/L per trade in dollars; null with no trades. */
  readonly expectancy: number | null;
  /** Sum of winning P/L. */
  readonly grossProfit: number;
  /** Sum of |losing P/L| (positive). */
  readonly grossLoss: number;
  /** grossProfit / grossLoss; null when there are no losses (the ratio is unbounded, not Infinity). */
  readonly profitFactor: number | null;
  /** Sum of all trade P/L. */
  readonly netPnl: number;
}

const avg = (xs: readonly number[]): number | null => (xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length);
const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);

export function tradeStats(trades: readonly StatsTrade[]): TradeStats {
  trades.forEach(validateTrade);
  const winPnl = trades.filter((t) => t.pnl > 0).map((t) => t.pnl);
  const lossPnl = trades.filter((t) => t.pnl < 0).map((t) => -t.pnl);
  const grossProfit = sum(winPnl);
  const grossLoss = sum(lossPnl);
  return {
    trades: trades.length,
    wins: winPnl.length,
    losses: lossPnl.length,
    winRate: trades.length === 0 ? null : winPnl.length / trades.length,
    avgWin: avg(winPnl),
    avgLoss: avg(lossPnl),
    expectancy: avg(trades.map((t) => t.pnl)),
    grossProfit,
    grossLoss,
    profitFactor: grossLoss > 0 ? grossProfit / grossLoss : null,
    netPnl: sum(trades.map((t) => t.pnl)),
  };
}

/** KellyStats for the half-Kelly sizer: zeros with no trades (the sizer's minTrades gate applies). */
export function kellyStatsFrom(trades: readonly StatsTrade[]): KellyStats {
  trades.forEach(validateTrade);
  const winners = trades.filter((t) => t.pnl > 0).map((t) => t.pnl / t.capitalRisked);
  const losers = trades.filter((t) => t.pnl < 0).map((t) => -t.pnl / t.capitalRisked);
  return {
    trades: trades.length,
    winRate: trades.length === 0 ? 0 : winners.length / trades.length,
    avgWin: avg(winners) ?? 0,
    avgLoss: avg(losers) ?? 0,
  };
}
