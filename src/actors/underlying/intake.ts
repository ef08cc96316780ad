import { nyDate, nyDayEndMs } from '../../domain/calendar/session.js';
import type { FeatureFrame } from '../../domain/features.js';
import type { FeatureEngine } from '../../domain/indicators/feature-engine.js';
import type { IvRankTracker } from '../../domain/indicators/iv-rank.js';
import { barSequenceProblem, type Bar, type BarOrderReason } from '../../domain/values/bar.js';
import { nonNegative } from '../../domain/values/numbers.js';

/**
 * What an underlying has taken in from its bars: features, the daily ATM IV observations for IV
 * rank (the first of each New York day), and the last bar's time. Updated in place, O(1) per bar
 * and without a copy; a restart after a crash resumes with it as it was (it can be rebuilt from bars).
 */
export class BarIntake {
  /** The last bar's open time (−∞ before the first). */
  private last = Number.NEGATIVE_INFINITY;
  /** When the New York day of the last IV observation ends: bars only move forward, so a bar before it is that day's. */
  private ivDayEnd = Number.NEGATIVE_INFINITY;

  constructor(
    readonly features: FeatureEngine,
    readonly ivRank: IvRankTracker,
  ) {}

  /** The features after the last bar taken (overwritten by the next). */
  get frame(): FeatureFrame {
    return this.features.frame;
  }

  /**
   * Takes a bar of this ticker in, with the ATM IV at it: the frame of its features (overwritten by
   * the next bar). A duplicate or out-of-order bar changes nothing. Everything is checked before
   * anything changes: an IV that is not a finite number ≥ 0 throws with the intake untouched (a
   * restart never counts the bar twice).
   */
  take(bar: Bar, iv: number | undefined): FeatureFrame | BarOrderReason {
    const problem = barSequenceProblem(this.last, bar);
    if (problem !== undefined) return problem;
    if (iv !== undefined) nonNegative(iv, 'iv');
    const frame = this.features.advance(bar);
    if (iv !== undefined && bar.ts >= this.ivDayEnd) {
      this.ivRank.add(iv);
      this.ivDayEnd = nyDayEndMs(nyDate(bar.ts));
    }
    this.last = bar.ts;
    return frame;
  }
}
