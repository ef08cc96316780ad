import type { ExitsConfig } from '../config/schema.js';
import { directionSign, freezePosition, optionPnlPct, type Position } from '../values/position.js';
import { atLeast } from '../values/threshold.js';

export interface TrailUpdate {
  readonly position: Position;
  /** The +100 % → +50 % lock was armed by this update. */
  readonly armed: boolean;
}

/**
 * Carries the trailing state forward: the most favourable underlying close (highest for
 * bullish, lowest for bearish; closes, not wicks), the best option mark (highest for a
 * long, lowest for a short), and the option-P/L floor, which moves up to `lockPct` once
 * the best mark has reached `activatePct` profit. The floor never moves down.
 */
export function updateTrail(p: Position, close: number, mark: number | undefined, cfg: ExitsConfig['trailing']): TrailUpdate {
  const dir = directionSign(p.direction);
  const peakUnderlying = dir * close > dir * p.peakUnderlying ? close : p.peakUnderlying;
  const better = mark !== undefined && (p.side === 'long' ? mark > p.peakOptionPrice : mark < p.peakOptionPrice);
  const peakOptionPrice = better ? mark : p.peakOptionPrice;
  const reached = atLeast(optionPnlPct(p, peakOptionPrice), cfg.activatePct);
  const armed = reached && (p.trailFloorPct === undefined || p.trailFloorPct < cfg.lockPct);
  const trailFloorPct = armed ? cfg.lockPct : p.trailFloorPct;
  return { position: freezePosition({ ...p, peakUnderlying, peakOptionPrice, trailFloorPct }), armed };
}
