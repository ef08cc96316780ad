import { RingBuffer, type RingBufferState } from './ring-buffer.js';

export interface RealizedVolState {
  readonly prevClose: number | null;
  readonly returns: RingBufferState;
  readonly sum: number;
  readonly sumSq: number;
}

/**
 * Annualised realized volatility: the sample standard deviation (n − 1) of the last `window`
 * log returns close-to-close, × sqrt(barsPerYear). Running sums over a ring buffer: O(1) per bar.
 * Rounding in the running sums can leave a tiny negative variance on a flat series: clamped to 0.
 */
export class RealizedVol {
  private constructor(
    readonly window: number,
    readonly barsPerYear: number,
    private prevClose: number | undefined,
    private readonly returns: RingBuffer,
    private sum: number,
    private sumSq: number,
  ) {}

  static create(window: number, barsPerYear: number): RealizedVol {
    return new RealizedVol(window, barsPerYear, undefined, new RingBuffer(window), 0, 0);
  }

  update(close: number): number | undefined {
    const prev = this.prevClose;
    this.prevClose = close;
    if (prev !== undefined) {
      const r = Math.log(close / prev);
      const evicted = this.returns.push(r) ?? 0;
      this.sum += r - evicted;
      this.sumSq += r * r - evicted * evicted;
    }
    return this.value;
  }

  get initialized(): boolean {
    return this.returns.full;
  }

  get value(): number | undefined {
    if (!this.returns.full) return undefined;
    const n = this.window;
    const variance = Math.max(0, (this.sumSq - (this.sum * this.sum) / n) / (n - 1));
    return Math.sqrt(variance * this.barsPerYear);
  }

  snapshot(): RealizedVolState {
    return { prevClose: this.prevClose ?? null, returns: this.returns.snapshot(), sum: this.sum, sumSq: this.sumSq };
  }

  static restore(state: RealizedVolState, window: number, barsPerYear: number): RealizedVol {
    const returns = RingBuffer.restore(state.returns, window, 'realizedVol');
    return new RealizedVol(window, barsPerYear, state.prevClose ?? undefined, returns, state.sum, state.sumSq);
  }
}
