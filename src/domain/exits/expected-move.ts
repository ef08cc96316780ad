import type { ExitsConfig } from '../config/schema.js';
import { pricingYears } from '../selection/fill-greeks.js';
import type { Position } from '../values/position.js';
import { atLeast, moreThan } from '../values/threshold.js';
import { bandPosition } from './option-stops.js';
import { exitOn, targetOn, type Fired } from './types.js';
import type { ExitView } from './view.js';

/**
 * The expected move of a position's underlying, in dollars: S × IV × √T with S the underlying at
 * entry, IV the option's implied vol at entry and T the years to expiry at entry, by the pricing
 * convention (`pricingYears`: whole calendar days / 365, half a day on expiry day) — the one-sigma
 * move the market priced over the option's life when it was bought. Undefined without an entry IV.
 */
export function expectedMove(p: Pick<Position, 'contract' | 'entryTs' | 'entryUnderlying' | 'entryIv'>): number | undefined {
  const years = pricingYears(p.contract.expiry, p.entryTs);
  if (p.entryIv === undefined || years === undefined) return undefined;
  return p.entryUnderlying * p.entryIv * Math.sqrt(years);
}

/**
 * Seed: "take profits at 50–75 % of the expected move". The underlying's favourable move since
 * entry, as a share m of the expected move: m ≥ `max` (0.75) → EXPECTED_MOVE_TARGET_MAX (full
 * exit); else m ≥ `min` (0.5) → EXPECTED_MOVE_TARGET, a first target (partial) before any partial.
 * Both are take-profits, so like the underlying targets they need the option's P/L above
 * `minOptionProfitPct` when a fresh quote gives it (an IV drop can leave the option losing on a
 * good move: then the stops decide, not a "target"). Skipped when disabled or without an entry IV.
 */
export function expectedMoveExits(v: ExitView, cfg: ExitsConfig['expectedMove'], minOptionProfitPct: number): Fired[] {
  if (!cfg.enabled || v.expectedMove === undefined || !(v.expectedMove > 0)) return [];
  if (v.pnl !== undefined && !moreThan(v.pnl, minOptionProfitPct)) return [];
  const share = (v.underlyingMove * v.position.entryUnderlying) / v.expectedMove;
  if (atLeast(share, cfg.max)) return [exitOn('EXPECTED_MOVE_TARGET_MAX')];
  if (v.position.partialStage === 0 && atLeast(share, cfg.min)) return [targetOn('EXPECTED_MOVE_TARGET', bandPosition(share, cfg))];
  return [];
}
