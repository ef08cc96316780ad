/** Results by strategy: long calls, long puts, cash-secured puts, credit spreads and rolls apart. */
import { finite } from '../values/numbers.js';
import { STRATEGIES, type Strategy, type StrategyTrade, tradeStrategy } from '../values/strategy.js';
import type { TradeRecord } from '../values/trade.js';

export interface StrategyStats {
  readonly trades: number;
  /** Trades with P/L > 0, as in tradeStats. */
  readonly wins: number;
  /** wins / trades; null with no trades. */
  readonly winRate: number | null;
  /** Sum of trade P/L in dollars, net of fees. */
  readonly pnl: number;
  /** pnl / trades; null with no trades. */
  readonly avgPnl: number | null;
}

/** Every strategy, in STRATEGIES order, with zeros for one that made no trade. */
export function statsByStrategy(trades: readonly (StrategyTrade & Pick<TradeRecord, 'pnl'>)[]): Record<Strategy, StrategyStats> {
  const groups = new Map<Strategy, number[]>(STRATEGIES.map((s) => [s, []]));
  trades.forEach((t, i) => groups.get(tradeStrategy(t))?.push(finite(t.pnl, `trades[${i}].pnl`)));
  const out = {} as Record<Strategy, StrategyStats>;
  for (const [strategy, pnls] of groups) {
    const n = pnls.length;
    const pnl = pnls.reduce((s, x) => s + x, 0);
    const wins = pnls.filter((x) => x > 0).length;
    out[strategy] = { trades: n, wins, winRate: n === 0 ? null : wins / n, pnl, avgPnl: n === 0 ? null : pnl / n };
  }
  return out;
}
