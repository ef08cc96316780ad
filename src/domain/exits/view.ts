import type { TrendState } from '../features.js';
import type { Position } from '../values/position.js';

/** Everything the rules read, computed once per evaluation. */
export interface ExitView {
  /** Position with peaks already updated for this bar and mark. */
  readonly position: Position;
  readonly now: number;
  readonly dte: number;
  /**
   * Sessions left to expiry (`sessionsToExpiry`: trading days after today up to and including the
   * expiry's), counted only up to one past the largest pre-expiry window.
   */
  readonly sessionsLeft: number;
  readonly close: number;
  readonly sma20?: number;
  readonly trend: TrendState;
  /** +1 bullish, −1 bearish: the direction the underlying must move for the trade to win. */
  readonly dir: 1 | -1;
  /** Favourable underlying move from entry as a fraction (negative = against). */
  readonly underlyingMove: number;
  /** Favourable move of the most favourable underlying since entry. */
  readonly peakMove: number;
  /** Option P/L as a fraction of entry, signed for the side; undefined without a fresh quote. */
  readonly pnl?: number;
  /** The expected move at entry in dollars (`expectedMove`); undefined without an entry IV. */
  readonly expectedMove?: number;
}

/** Signed favourable move of `price` from `from` for a direction. */
export function favourableMove(dir: 1 | -1, from: number, price: number): number {
  return (dir * (price - from)) / from;
}
