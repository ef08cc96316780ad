import type { TrendState } from '../features.js';

/**
 * trend_state from the close against SMA20 and the SMA20 slope: 'up' when the close is above the
 * SMA and the slope is rising by at least `maxFlatSlope`; 'down' mirrored; otherwise 'flat' —
 * including |slope| < maxFlatSlope (the chop filter's flat SMA), a close on the SMA, a close and a
 * slope that disagree, and missing inputs (NaN: not ready).
 */
export function trendState(close: number, sma: number, slope: number, maxFlatSlope: number): TrendState {
  if (!(Math.abs(slope) >= maxFlatSlope)) return 'flat';
  if (close > sma && slope > 0) return 'up';
  if (close < sma && slope < 0) return 'down';
  return 'flat';
}
