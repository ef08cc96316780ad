import type { ExitsConfig } from '../config/schema.js';
import { THRESHOLD_TOLERANCE } from '../values/threshold.js';

/**
 * Contracts to sell at the first target: the smallest whole count at or above
 * `fraction.min` of the open quantity, at least 1, leaving at least 1 to trail.
 * A 1-lot (or less) returns its whole quantity: it exits in full.
 */
export function partialQty(qty: number, cfg: ExitsConfig['partial']): number {
  if (qty <= 1) return qty;
  const n = Math.ceil(qty * cfg.fraction.min - THRESHOLD_TOLERANCE);
  return Math.min(Math.max(n, 1), qty - 1);
}
