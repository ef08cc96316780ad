import type { TrendState } from '../features.js';
import { lessThan, moreThan } from '../values/threshold.js';

/** |SMA20 slope| less than `maxFlatSlope` (seed P6's "flat SMA"); a missing slope (NaN) is not flat. */
export function isFlatSlope(slope: number, maxFlatSlope: number): boolean {
  return lessThan(Math.abs(slope), maxFlatSlope);
}

/**
 * trend_state from the close against SMA20 and the SMA20 slope: 'up' when the close is above the
 * SMA and the slope is rising by at least `maxFlatSlope`; 'down' mirrored; otherwise 'flat' —
 * including |slope| < maxFlatSlope (a flat SMA: whether that is chop is the signal's chop filter's
 * call), a close on the SMA, a close and a slope that disagree, and missing inputs (NaN: not ready).
 * Comparisons go through values/threshold.ts (a slope of 0.2 % up to rounding is not flat).
 */
export function trendState(close: number, sma: number, slope: number, maxFlatSlope: number): TrendState {
  if (Number.isNaN(slope) || isFlatSlope(slope, maxFlatSlope)) return 'flat';
  if (moreThan(close, sma) && slope > 0) return 'up';
  if (lessThan(close, sma) && slope < 0) return 'down';
  return 'flat';
}
