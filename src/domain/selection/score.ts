import type { SelectionConfig } from '../config/schema.js';
import { clamp01, finite, nonNegative } from '../values/numbers.js';
import type { ScoreParts } from './types.js';

export interface ScoreInput {
  readonly spreadPct: number;
  readonly maxSpreadPct: number;
  readonly openInterest: number;
  readonly volume: number;
  /** Signed or absolute: only its magnitude counts. */
  readonly delta: number;
}

/** Centre of the target delta band (0.55 for 0.50–0.60): what the delta part rewards. */
export function deltaTarget(cfg: SelectionConfig): number {
  return (cfg.targetDelta.min + cfg.targetDelta.max) / 2;
}

/**
 * The seed's quality score: spread·0.4 + OI·0.3 + volume·0.2 + delta·0.1 where
 * spread = 1 − spread/maxSpread, OI = oi/1000, volume = vol/500, delta = 1 − | |Δ| − target | / 0.3,
 * each part clamped to [0, 1]; weights and normalisers from config. Throws on non-finite input.
 */
export function scoreContract(i: ScoreInput, cfg: SelectionConfig): { readonly score: number; readonly parts: ScoreParts } {
  finite(i.spreadPct, 'spreadPct');
  nonNegative(i.maxSpreadPct, 'maxSpreadPct');
  nonNegative(i.openInterest, 'openInterest');
  nonNegative(i.volume, 'volume');
  finite(i.delta, 'delta');
  const spread = i.maxSpreadPct > 0 ? clamp01(1 - i.spreadPct / i.maxSpreadPct) : i.spreadPct <= 0 ? 1 : 0;
  const parts: ScoreParts = {
    spread,
    openInterest: clamp01(i.openInterest / cfg.oiFullScore),
    volume: clamp01(i.volume / cfg.volumeFullScore),
    delta: clamp01(1 - Math.abs(Math.abs(i.delta) - deltaTarget(cfg)) / cfg.deltaTolerance),
  };
  const w = cfg.weights;
  const score = clamp01(w.spread * parts.spread + w.openInterest * parts.openInterest + w.volume * parts.volume + w.delta * parts.delta);
  return { score, parts };
}
