import type { ExitsConfig } from '../config/schema.js';
import { finite, positive } from '../values/numbers.js';
import type { Position } from '../values/position.js';

export interface OptionStops {
  /** Stop when option P/L ≤ −stopPct. */
  readonly stopPct: number;
  /** First target when option P/L ≥ targetPct. */
  readonly targetPct: number;
  /** Position in the bands, 0 (narrowest) … 1 (widest). */
  readonly t: number;
}

/** Where `x` sits in [min, max], 0 … 1 (clamped); for an empty band, 1 at or above it, else 0. */
export function bandPosition(x: number, r: { readonly min: number; readonly max: number }): number {
  if (r.max <= r.min) return x >= r.max ? 1 : 0;
  return Math.min(1, Math.max(0, (x - r.min) / (r.max - r.min)));
}

/**
 * The option stop and target for a position, from the seed's −25…−40 % / +35…+80 % bands.
 * More DTE and higher IV mean bigger option-price noise, so both widen:
 *   d = clamp01((dte − dteRange.min) / (dteRange.max − dteRange.min))
 *   v = clamp01((iv − ivRange.min) / (ivRange.max − ivRange.min))
 *   t = dteWeight·d + (1 − dteWeight)·v      (t = d when no IV is known)
 *   stop = stop.min + t·(stop.max − stop.min); target = target.min + t·(target.max − target.min)
 * `iv` is the current quote's IV; the position's entry IV stands in when it is undefined.
 */
export function optionStopsFor(position: Pick<Position, 'entryIv'>, dte: number, iv: number | undefined, cfg: ExitsConfig): OptionStops {
  finite(dte, 'dte');
  const vol = iv ?? position.entryIv;
  if (vol !== undefined) positive(vol, 'iv');
  const o = cfg.option;
  const d = bandPosition(dte, o.dteRange);
  const t = vol === undefined ? d : o.dteWeight * d + (1 - o.dteWeight) * bandPosition(vol, o.ivRange);
  return {
    stopPct: o.stopPct.min + t * (o.stopPct.max - o.stopPct.min),
    targetPct: o.targetPct.min + t * (o.targetPct.max - o.targetPct.min),
    t,
  };
}
