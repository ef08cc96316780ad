import type { TrendState } from '../features.js';

/**
 * trend_state from the close against SMA20 and the SMA20 slope: 'up' when the close is above the
 * SMA and the slope is rising by at least `maxFlatSlope`; 'down' mirrored; otherwise 'flat' —
 * including |slope| < maxFlatSlope (the chop filter's flat SMA), a close on the SMA, a close and a
 * slope that disagree, and missing inputs.
 */
export function trendState(
  close: number,
  sma: number | undefined,
  slope: number | undefined,
  maxFlatSlope: number,
): TrendState {
  if (sma === undefined || slope === undefined || Math.abs(slope) < maxFlatSlope) return 'flat';
  if (close > sma && slope > 0) return 'up';
  if (close < sma && slope < 0) return 'down';
  return 'flat';
}
