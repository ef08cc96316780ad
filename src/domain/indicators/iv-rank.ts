import { nonNegative } from '../values/numbers.js';
import { ring, ringOf, ringPush, ringState, ringValues, type Ring, type RingBufferState } from './ring-buffer.js';

/** IV rank and percentile, both 0–100. */
export interface IvStanding {
  /** (IV − min) / (max − min) × 100 over the lookback (the current observation included). */
  readonly rank: number;
  /** Percent of the other observations in the lookback strictly below the current IV. */
  readonly percentile: number;
}

/**
 * IV rank and IV percentile over the last `lookback` daily IV observations (seed Q5: 252 or 63).
 * Unlike the per-bar indicators this scans its window on each update: O(lookback), acceptable
 * because it is fed once a day. Reported once `minObservations` exist; when every observation is
 * equal (max = min) the rank is undefined (no range to rank in).
 */
export class IvRankTracker {
  private standingNow: IvStanding | undefined;

  private constructor(
    readonly lookback: number,
    readonly minObservations: number,
    private readonly window: Ring,
  ) {
    this.standingNow = this.compute();
  }

  static create(lookback: number, minObservations: number): IvRankTracker {
    return new IvRankTracker(lookback, minObservations, ring(lookback));
  }

  /** Adds the day's IV observation (an annualised fraction, e.g. 0.22). */
  add(iv: number): IvStanding | undefined {
    ringPush(this.window, nonNegative(iv, 'iv'));
    this.standingNow = this.compute();
    return this.standingNow;
  }

  get initialized(): boolean {
    return this.window.count >= this.minObservations;
  }

  get standing(): IvStanding | undefined {
    return this.standingNow;
  }

  private compute(): IvStanding | undefined {
    const values = ringValues(this.window);
    const current = values.at(-1);
    if (!this.initialized || current === undefined) return undefined;
    const min = Math.min(...values);
    const max = Math.max(...values);
    if (!(max > min)) return undefined;
    const below = values.filter((v) => v < current).length;
    return { rank: ((current - min) / (max - min)) * 100, percentile: (below / (values.length - 1)) * 100 };
  }

  snapshot(): RingBufferState {
    return ringState(this.window);
  }

  static restore(state: RingBufferState, lookback: number, minObservations: number): IvRankTracker {
    return new IvRankTracker(lookback, minObservations, ringOf(state, lookback, 'ivRank'));
  }
}
