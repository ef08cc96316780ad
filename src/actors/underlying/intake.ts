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
  /** The last daily IV observation taken (from a bar or seeded), a new object for each. */
  lastIv: { readonly date: string; readonly iv: number } | undefined;

  constructor(
    readonly features: FeatureEngine,
    readonly ivRank: IvRankTracker,
  ) {}

  /**
   * Starts IV rank from the days kept before a restart (oldest first): a bar of the last kept day
   * adds no second observation for it. Throws, with the intake untouched, on an IV that is not ≥ 0.
   */
  seedIv(days: readonly { readonly date: string; readonly iv: number }[]): void {
    for (const d of days) nonNegative(d.iv, 'iv');
    for (const d of days) this.ivRank.add(d.iv);
    const last = days.at(-1);
    if (last === undefined) return;
    this.lastIv = { date: last.date, iv: last.iv };
    this.ivDayEnd = Math.max(this.ivDayEnd, nyDayEndMs(last.date));
  }

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
      const date = nyDate(bar.ts);
      this.ivDayEnd = nyDayEndMs(date);
      this.lastIv = { date, iv };
    }
    this.last = bar.ts;
    return frame;
  }
}
