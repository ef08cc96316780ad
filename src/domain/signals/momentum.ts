import type { SignalsConfig } from '../config/schema.js';
import type { TrendState } from '../features.js';
import { directionSign, type Direction } from '../values/position.js';
import { DENY } from './denials.js';

/** The features the price rules read, all defined (the engine is warmed up). */
export interface PriceInputs {
  readonly close: number;
  readonly sma20: number;
  readonly sma20Slope: number;
  readonly ret5m: number;
  readonly ret15m: number;
  readonly volumeBarsAbove: number;
  readonly smaCrosses: number;
  readonly trend: TrendState;
}

/** The side of SMA20 the close is on; undefined when exactly on it. */
export function candidateDirection(close: number, sma20: number): Direction | undefined {
  if (close > sma20) return 'bullish';
  return close < sma20 ? 'bearish' : undefined;
}

/** Chop filter (seed P6): a flat SMA20 (|slope| < maxFlatSlope) with price oscillating around it. */
export function isChop(f: PriceInputs, cfg: SignalsConfig): boolean {
  return Math.abs(f.sma20Slope) < cfg.chop.maxFlatSlope && f.smaCrosses >= cfg.chop.minCrosses;
}

/**
 * Every failed price rule for `direction`, as denial bits (0: confirmed). Trend: close above SMA20
 * needs trend 'up' (puts mirrored). Breakout (seed P5): ret_5m > 0.3 %, ret_15m > 0.8 % strictly,
 * mirrored below for puts, and volume ratio > 1.5 on at least volumeBars.min consecutive bars.
 */
export function momentumFailures(f: PriceInputs, direction: Direction, cfg: SignalsConfig): number {
  const s = directionSign(direction);
  const m = cfg.momentum;
  return (
    (f.trend !== (direction === 'bullish' ? 'up' : 'down') ? DENY.TREND_NOT_ALIGNED : 0) |
    (!(s * f.ret5m > m.ret5m) ? DENY.RET_5M_WEAK : 0) |
    (!(s * f.ret15m > m.ret15m) ? DENY.RET_15M_WEAK : 0) |
    (f.volumeBarsAbove < m.volumeBars.min ? DENY.VOLUME_NOT_CONFIRMED : 0)
  );
}

function strength(value: number, threshold: number, saturation: number): number {
  if (threshold <= 0) return 1;
  return Math.min(1, Math.max(0, value / (saturation * threshold)));
}

/**
 * Confidence from price alone, in [0, 1]: the mean of how far ret_5m and ret_15m run past their
 * thresholds (full at confidenceSaturation × threshold) and how many volume bars confirm
 * (full at volumeBars.max, the top of the seed's 2–3).
 */
export function priceConfidence(f: PriceInputs, direction: Direction, cfg: SignalsConfig): number {
  const s = directionSign(direction);
  const m = cfg.momentum;
  const sat = cfg.confidenceSaturation;
  const volume = Math.min(1, f.volumeBarsAbove / m.volumeBars.max);
  return (strength(s * f.ret5m, m.ret5m, sat) + strength(s * f.ret15m, m.ret15m, sat) + volume) / 3;
}
