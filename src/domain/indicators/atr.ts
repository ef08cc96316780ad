export interface AtrState {
  readonly prevClose: number | null;
  /** True ranges summed during warm-up (the first ATR is their mean). */
  readonly warmupSum: number;
  readonly warmupCount: number;
  readonly atr: number | null;
}

/**
 * Average true range with Wilder smoothing, O(1) per bar. True range = max(high − low,
 * |high − previous close|, |low − previous close|); the first bar, with no previous close,
 * uses high − low (Wilder's convention). The first ATR is the mean of the first `period` true
 * ranges; after that ATR = (ATR_prev × (period − 1) + TR) / period.
 */
export class Atr {
  private constructor(
    readonly period: number,
    private prevClose: number | undefined,
    private warmupSum: number,
    private warmupCount: number,
    private atr: number | undefined,
  ) {}

  static create(period: number): Atr {
    return new Atr(period, undefined, 0, 0, undefined);
  }

  update(high: number, low: number, close: number): number | undefined {
    const prev = this.prevClose;
    const tr = prev === undefined ? high - low : Math.max(high - low, Math.abs(high - prev), Math.abs(low - prev));
    this.prevClose = close;
    if (this.atr !== undefined) {
      this.atr = (this.atr * (this.period - 1) + tr) / this.period;
    } else {
      this.warmupSum += tr;
      this.warmupCount += 1;
      if (this.warmupCount === this.period) this.atr = this.warmupSum / this.period;
    }
    return this.atr;
  }

  get initialized(): boolean {
    return this.atr !== undefined;
  }

  get value(): number | undefined {
    return this.atr;
  }

  snapshot(): AtrState {
    return { prevClose: this.prevClose ?? null, warmupSum: this.warmupSum, warmupCount: this.warmupCount, atr: this.atr ?? null };
  }

  static restore(state: AtrState, period: number): Atr {
    return new Atr(period, state.prevClose ?? undefined, state.warmupSum, state.warmupCount, state.atr ?? undefined);
  }
}
