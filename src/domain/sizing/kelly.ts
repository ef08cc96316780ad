import type { SizingConfig } from '../config/schema.js';
import { DomainError } from '../errors.js';
import { nonNegative, wholeNonNegative } from '../values/numbers.js';
import type { KellyStats } from '../values/stats.js';

/**
 * Full Kelly as a fraction of equity to put at risk. Seed formula:
 * Kelly % = (W·AvgWin − L·AvgLoss) / AvgWin, with L = 1 − W and AvgWin, AvgLoss as
 * positive fractions of the capital risked per trade (see KellyStats).
 */
export function kellyPct(stats: KellyStats): number {
  // No winners (or winners that made nothing): no edge to size on; -1 reads as "do not trade".
  if (stats.avgWin === 0 || stats.winRate === 0) return -1;
  const lossRate = 1 - stats.winRate;
  return (stats.winRate * stats.avgWin - lossRate * stats.avgLoss) / stats.avgWin;
}

/** Kelly's verdict for one sizing: not applicable, or the full Kelly % and the (half-)Kelly ceiling on the risk fraction. */
export type KellyLimit =
  | { readonly applies: false; readonly tooFewTrades: boolean }
  | { readonly applies: true; readonly kellyPct: number; readonly cap: number };

/** Applies only when enabled and the stats hold at least `minTrades` trades. */
export function kellyLimit(stats: KellyStats | undefined, cfg: SizingConfig['kelly']): KellyLimit {
  if (stats === undefined) return { applies: false, tooFewTrades: false };
  validateKellyStats(stats);
  if (!cfg.enabled) return { applies: false, tooFewTrades: false };
  if (stats.trades < cfg.minTrades) return { applies: false, tooFewTrades: true };
  const k = kellyPct(stats);
  return { applies: true, kellyPct: k, cap: k * cfg.fraction };
}

export function validateKellyStats(stats: KellyStats): void {
  wholeNonNegative(stats.trades, 'kelly.trades');
  nonNegative(stats.winRate, 'kelly.winRate');
  if (stats.winRate > 1) throw new DomainError('NOT_A_FRACTION', `kelly.winRate must be <= 1, got ${stats.winRate}`, 'kelly.winRate');
  nonNegative(stats.avgWin, 'kelly.avgWin');
  nonNegative(stats.avgLoss, 'kelly.avgLoss');
}
