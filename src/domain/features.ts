/**
 * The features of an underlying after its latest bar: what signals and exits read.
 * A feature is `undefined` until its indicator has enough bars (never a fake 0).
 */
export type TrendState = 'up' | 'down' | 'flat';

export interface Features {
  readonly symbol: string;
  /** The bar's open time (epoch ms) these features are as of. */
  readonly ts: number;
  readonly close: number;
  readonly sma20?: number;
  /** (SMA20 now − SMA20 `slopeLookback` bars ago) / SMA20 then. */
  readonly sma20Slope?: number;
  readonly ret5m?: number;
  readonly ret15m?: number;
  /** This bar's volume / average volume of the previous `volumeLookback` bars. */
  readonly volumeRatio?: number;
  /** Consecutive bars (ending with this one) whose volume ratio exceeded the momentum threshold. */
  readonly volumeBarsAbove: number;
  /** ATR (Wilder) in price units. */
  readonly atr?: number;
  /** Annualised realized volatility from log returns. */
  readonly realizedVol?: number;
  /** Times the close crossed SMA20 within the oscillation window. */
  readonly smaCrosses: number;
  readonly trend: TrendState;
  /** All indicators initialized. */
  readonly ready: boolean;
}
