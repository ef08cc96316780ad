/**
 * ATM implied vol for bars whose iv column is empty: realized vol of the last `window`
 * one-minute log returns (within a session), annualised, times the ticker's `ivPremium`.
 */
import { ring, ringPush, ringValues } from '../../domain/indicators/ring-buffer.js';
import type { UnderlyingParams } from './params.js';

/** Returns needed before realized vol is trusted; until then `fallbackIv` is used. */
const MIN_RETURNS = 10;
/** Realized vol window in bars (the indicators' default window). */
const WINDOW = 30;
/** One-minute bars per year: 390 × 252. */
const BARS_PER_YEAR = 390 * 252;
/** Floor on a derived IV so a flat tape never prices options at zero vol. */
const MIN_DERIVED_IV = 0.05;
/** Bars further apart than this (ms) are not consecutive: the overnight gap is not a return. */
const MAX_STEP_MS = 60_000;

export class IvDeriver {
  private readonly returns = ring(WINDOW);
  private lastTs = Number.NaN;
  private lastClose = Number.NaN;

  constructor(private readonly params: Pick<UnderlyingParams, 'ivPremium' | 'fallbackIv'>) {}

  /** The IV for this bar: the given `iv` when present, otherwise derived. Call once per bar, in order. */
  next(ts: number, close: number, iv: number | undefined): number {
    // NaN (no bar yet) fails the comparison.
    if (ts - this.lastTs <= MAX_STEP_MS) {
      ringPush(this.returns, Math.log(close / this.lastClose));
    }
    this.lastTs = ts;
    this.lastClose = close;
    if (iv !== undefined) return iv;
    if (this.returns.count < MIN_RETURNS) return this.params.fallbackIv;
    const returns = ringValues(this.returns);
    const n = returns.length;
    const mean = returns.reduce((a, b) => a + b, 0) / n;
    const variance = returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (n - 1);
    return Math.max(MIN_DERIVED_IV, this.params.ivPremium * Math.sqrt(variance * BARS_PER_YEAR));
  }
}
