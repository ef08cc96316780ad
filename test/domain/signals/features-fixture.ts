import type { Features } from '../../../src/domain/features.js';

/** A warmed-up bullish breakout that passes every default rule; override to break one. */
export function bullish(over: Partial<Features> = {}): Features {
  return {
    symbol: 'SPY',
    ts: 3_600_000,
    close: 101,
    sma20: 100,
    sma20Slope: 0.005,
    ret5m: 0.006,
    ret15m: 0.012,
    volumeRatio: 1.8,
    volumeBarsAbove: 2,
    atr: 0.3,
    realizedVol: 0.2,
    smaCrosses: 0,
    trend: 'up',
    ready: true,
    ...over,
  };
}

/** The mirror image: a bearish breakdown that passes every default rule. */
export function bearish(over: Partial<Features> = {}): Features {
  return bullish({ close: 99, sma20Slope: -0.005, ret5m: -0.006, ret15m: -0.012, trend: 'down', ...over });
}
