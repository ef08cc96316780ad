import type { ExitsConfig } from '../config/schema.js';
import { bandPosition } from './option-stops.js';
import { exitOn, targetOn, type Fired } from './types.js';
import { atLeast, atMost, moreThan } from '../values/threshold.js';
import type { ExitView } from './view.js';

/**
 * The seed's recommended exits, on the underlying (Priority 4, option A):
 * - SMA20_BREAK: a bullish trade's close below SMA20 (bearish: above);
 * - TREND_FLIP: trend_state turns against the trade ('flat' is not a flip);
 * - UNDERLYING_ADVERSE_MOVE: the underlying moved `adversePct` against the trade from entry;
 * - UNDERLYING_TARGET: moved `targetPct.min` in favour AND option P/L > `minOptionProfitPct`
 *   → first target (partial exit), only before any partial;
 * - UNDERLYING_TARGET_MAX: moved `targetPct.max` in favour AND the same profit check → full exit;
 * - UNDERLYING_TRAIL_HIT: once the peak is `trailPct` in favour (so the trail level is at or
 *   above entry), a give-back of `trailPct` from the peak exits.
 * Without a fresh quote the option-profit check is waived: the underlying stands in for it.
 */
export function underlyingExits(v: ExitView, cfg: ExitsConfig['underlying']): Fired[] {
  const out: Fired[] = [];
  if (cfg.smaBreak && v.sma20 !== undefined && v.dir * (v.close - v.sma20) < 0) out.push(exitOn('SMA20_BREAK'));
  if (cfg.trendFlip && v.trend === (v.dir === 1 ? 'down' : 'up')) out.push(exitOn('TREND_FLIP'));
  if (atMost(v.underlyingMove, -cfg.adversePct)) out.push(exitOn('UNDERLYING_ADVERSE_MOVE'));
  const profitConfirmed = v.pnl === undefined || moreThan(v.pnl, cfg.minOptionProfitPct);
  if (profitConfirmed && atLeast(v.underlyingMove, cfg.targetPct.max)) out.push(exitOn('UNDERLYING_TARGET_MAX'));
  else if (profitConfirmed && v.position.partialStage === 0 && atLeast(v.underlyingMove, cfg.targetPct.min)) {
    out.push(targetOn('UNDERLYING_TARGET', bandPosition(v.underlyingMove, cfg.targetPct)));
  }
  const peak = v.position.peakUnderlying;
  const giveBack = (v.dir * (peak - v.close)) / peak;
  if (atLeast(v.peakMove, cfg.trailPct) && atLeast(giveBack, cfg.trailPct)) out.push(exitOn('UNDERLYING_TRAIL_HIT'));
  return out;
}
