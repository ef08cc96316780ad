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
  /**
   * Annualised realized volatility: sample stdev of the last `realizedVolDays` daily log returns
   * (each New York session's last close) × √252; today's partial session is not in it.
   */
  readonly realizedVol?: number;
  /** Times the close crossed SMA20 within the oscillation window. */
  readonly smaCrosses: number;
  readonly trend: TrendState;
  /** Every indicator the price rules read is initialized (realized vol, a month of days, is not among them). */
  readonly ready: boolean;
}

/**
 * The features after the latest bar as plain numbers, NaN where `Features` has undefined: what is
 * judged bar after bar without building an object (the engine overwrites it with the next bar).
 */
export interface FeatureFrame {
  readonly ts: number;
  readonly close: number;
  readonly sma20: number;
  readonly sma20Slope: number;
  readonly ret5m: number;
  readonly ret15m: number;
  readonly volumeRatio: number;
  readonly volumeBarsAbove: number;
  readonly atr: number;
  readonly realizedVol: number;
  readonly smaCrosses: number;
  readonly trend: TrendState;
  readonly ready: boolean;
}

/** undefined for NaN (a feature not ready). */
function defined(x: number): number | undefined {
  return Number.isNaN(x) ? undefined : x;
}

/** A frame as Features, to keep (a frame is overwritten by the next bar). */
export function featuresOf(symbol: string, f: FeatureFrame): Features {
  return {
    symbol,
    ts: f.ts,
    close: f.close,
    sma20: defined(f.sma20),
    sma20Slope: defined(f.sma20Slope),
    ret5m: defined(f.ret5m),
    ret15m: defined(f.ret15m),
    volumeRatio: defined(f.volumeRatio),
    volumeBarsAbove: f.volumeBarsAbove,
    atr: defined(f.atr),
    realizedVol: defined(f.realizedVol),
    smaCrosses: f.smaCrosses,
    trend: f.trend,
    ready: f.ready,
  };
}

/** Features as a frame (NaN for undefined). */
export function frameOf(f: Features): FeatureFrame {
  return {
    ts: f.ts,
    close: f.close,
    sma20: f.sma20 ?? Number.NaN,
    sma20Slope: f.sma20Slope ?? Number.NaN,
    ret5m: f.ret5m ?? Number.NaN,
    ret15m: f.ret15m ?? Number.NaN,
    volumeRatio: f.volumeRatio ?? Number.NaN,
    volumeBarsAbove: f.volumeBarsAbove,
    atr: f.atr ?? Number.NaN,
    realizedVol: f.realizedVol ?? Number.NaN,
    smaCrosses: f.smaCrosses,
    trend: f.trend,
    ready: f.ready,
  };
}
