import type { SignalsConfig } from '../config/schema.js';
import type { TrendState } from '../features.js';
import { isFlatSlope } from '../indicators/trend.js';
import { directionSign, type Direction } from '../values/position.js';
import { atLeast, lessThan, moreThan } from '../values/threshold.js';
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

/** The side of SMA20 the close is on; undefined when on it (up to rounding: values/threshold.ts). */
export function candidateDirection(close: number, sma20: number): Direction | undefined {
  if (moreThan(close, sma20)) return 'bullish';
  return lessThan(close, sma20) ? 'bearish' : undefined;
}

/**
 * Chop filter (seed P6), literal: a flat SMA20 (|slope| < chop.maxFlatSlope) AND price oscillating
 * around it (the close crossed SMA20 at least chop.minCrosses times in chop.oscillationWindow bars).
 */
export function isChop(f: PriceInputs, cfg: SignalsConfig): boolean {
  return isFlatSlope(f.sma20Slope, cfg.chop.maxFlatSlope) && atLeast(f.smaCrosses, cfg.chop.minCrosses);
}

/**
 * Every failed price rule for `direction`, as denial bits (0: confirmed).
 *
 * Trend: with a sloped SMA20 (|slope| ≥ chop.maxFlatSlope) trend_state must agree with the close's
 * side ('up' for calls, 'down' for puts), else TREND_NOT_ALIGNED. With a flat SMA20 trend_state is
 * 'flat' by definition and the trend rule does not deny: the chop filter decides — oscillating is
 * CHOP (isChop), not oscillating is a range the close has left on one side, so the side is the
 * close's side of SMA20 and the breakout rules below must confirm it (seed P5: catch the move early).
 *
 * Breakout (seed P5): ret_5m more than 0.3 % and ret_15m more than 0.8 % (mirrored below for puts),
 * and volume ratio more than 1.5 on at least volumeBars.min consecutive bars, compared through
 * values/threshold.ts (a return of exactly 0.3 % does not pass).
 */
export function momentumFailures(f: PriceInputs, direction: Direction, cfg: SignalsConfig): number {
  const s = directionSign(direction);
  const m = cfg.momentum;
  const sloped = !isFlatSlope(f.sma20Slope, cfg.chop.maxFlatSlope);
  return (
    (sloped && f.trend !== (direction === 'bullish' ? 'up' : 'down') ? DENY.TREND_NOT_ALIGNED : 0) |
    (!moreThan(s * f.ret5m, m.ret5m) ? DENY.RET_5M_WEAK : 0) |
    (!moreThan(s * f.ret15m, m.ret15m) ? DENY.RET_15M_WEAK : 0) |
    (!atLeast(f.volumeBarsAbove, m.volumeBars.min) ? DENY.VOLUME_NOT_CONFIRMED : 0)
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
