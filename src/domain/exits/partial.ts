import type { ExitsConfig } from '../config/schema.js';
import { clamp01, finite } from '../values/numbers.js';
import { THRESHOLD_TOLERANCE } from '../values/threshold.js';

/**
 * The share of the open quantity a partial sells, within the seed's 50–75 % band:
 * f = fraction.min + progress × (fraction.max − fraction.min), where `progress` (0…1) is how far
 * past its first target toward its full target the trade had run when the partial fired (the most
 * advanced of the first targets that fired: UNDERLYING_TARGET 0.8 → 1.2 %, EXPECTED_MOVE_TARGET
 * 0.5 → 0.75 of the expected move, OPTION_TARGET its band target → +100 %). A trade that reached
 * its first target in one slow step banks half; one that ran far past it in one bar (a gap, a
 * fast move) banks more, since what is left has more to give back.
 */
export function partialFraction(progress: number, cfg: ExitsConfig['partial']): number {
  const { min, max } = cfg.fraction;
  return min + clamp01(finite(progress, 'progress')) * (max - min);
}

/**
 * Contracts to sell at the first target: the largest whole count not above `partialFraction` of
 * the open quantity, but never below the smallest whole count at or above `fraction.min` of it;
 * at least 1, leaving at least 1 to trail. A 1-lot (or less) returns its whole quantity: it exits
 * in full. So a 2-lot always sells 1; a 4-lot sells 2 at the first target and 3 from f = 0.75.
 */
export function partialQty(qty: number, cfg: ExitsConfig['partial'], progress = 0): number {
  if (qty <= 1) return qty;
  const atLeastMin = Math.ceil(qty * cfg.fraction.min - THRESHOLD_TOLERANCE);
  const withinBand = Math.floor(qty * partialFraction(progress, cfg) + THRESHOLD_TOLERANCE);
  return Math.min(Math.max(atLeastMin, withinBand, 1), qty - 1);
}
