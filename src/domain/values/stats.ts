/**
 * Trade statistics the half-Kelly sizer reads (written by a backtest). Win and loss sizes
 * are positive fractions of the capital risked per trade (the premium paid for a long option).
 */
export interface KellyStats {
  readonly trades: number;
  /** Fraction of trades with P/L > 0. */
  readonly winRate: number;
  /** Mean P/L of winners / capital risked. */
  readonly avgWin: number;
  /** Mean |P/L| of losers / capital risked. */
  readonly avgLoss: number;
}
