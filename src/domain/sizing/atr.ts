import type { SizingConfig } from '../config/schema.js';
import { nonNegative } from '../values/numbers.js';

/**
 * The seed's "Position = RiskAmount / (ATR × Factor)" as a reduction only. With ATR taken as a
 * fraction of price, the risk budget is multiplied by
 *   scale = min(1, referenceAtrPct / (atrPct × factor)),
 * i.e. RiskAmount × referenceAtrPct / (ATR% × Factor): the % rule's size at or below the
 * reference ATR, proportionally smaller above it, never larger. 1 when disabled or ATR unknown.
 */
export function atrScale(atrPct: number | undefined, cfg: SizingConfig['atr']): number {
  if (atrPct === undefined) return 1;
  nonNegative(atrPct, 'atrPct');
  if (!cfg.enabled) return 1;
  const denominator = atrPct * cfg.factor;
  if (denominator <= cfg.referenceAtrPct) return 1;
  return cfg.referenceAtrPct / denominator;
}
