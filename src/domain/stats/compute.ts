/** The backtest statistics: trade figures, return, drawdown, Sharpe/Sortino, exposure. */
import { maxDrawdown } from './drawdown.js';
import { type StatsInput, validateStatsInput } from './inputs.js';
import { dailyReturns, sharpeRatio, sortinoRatio } from './returns.js';
import { type TradeStats, tradeStats } from './trades.js';

/** Fractions are named *Pct and are fractions (0.05 = 5 %), as in the config. */
export interface BacktestStats extends TradeStats {
  readonly startingEquity: number;
  readonly endingEquity: number;
  /** endingEquity / startingEquity − 1. */
  readonly totalReturnPct: number;
  readonly maxDrawdown: number;
  readonly maxDrawdownPct: number;
  /** Days (UTC dates) with at least one equity point. */
  readonly tradingDays: number;
  /** Annualised from daily returns (√252, risk-free 0); null with < 2 days. */
  readonly sharpe: number | null;
  readonly sortino: number | null;
  /** Fraction of equity points with at least one open position. */
  readonly exposurePct: number;
  /** Mean of capitalAtRisk / equity over the equity points. */
  readonly avgCapitalAtRiskPct: number;
}

export function computeStats(input: StatsInput): BacktestStats {
  validateStatsInput(input);
  const points = input.equity;
  const returns = dailyReturns(input.startingEquity, points);
  const dd = maxDrawdown(input.startingEquity, points);
  const n = points.length;
  return {
    ...tradeStats(input.trades),
    startingEquity: input.startingEquity,
    endingEquity: input.endingEquity,
    totalReturnPct: input.endingEquity / input.startingEquity - 1,
    maxDrawdown: dd.dollars,
    maxDrawdownPct: dd.pct,
    tradingDays: returns.length,
    sharpe: sharpeRatio(returns),
    sortino: sortinoRatio(returns),
    exposurePct: n === 0 ? 0 : points.filter((p) => p.openPositions > 0).length / n,
    avgCapitalAtRiskPct: n === 0 ? 0 : points.reduce((s, p) => s + p.capitalAtRisk / p.equity, 0) / n,
  };
}
