import { RingBuffer, type RingBufferState } from './ring-buffer.js';

export interface VolumeRatioState {
  readonly previous: RingBufferState;
  readonly sum: number;
  readonly ratio: number | null;
  readonly barsAbove: number;
  readonly warm: boolean;
}

/**
 * This bar's volume / mean volume of the previous `lookback` bars (the current bar is not in
 * the mean), and the count of consecutive bars, ending with this one, whose ratio was strictly
 * above `threshold`. O(1) per bar. The ratio is undefined while warming up and when the previous
 * bars traded nothing (no basis to compare against); such a bar resets the count.
 */
export class VolumeRatio {
  private constructor(
    readonly lookback: number,
    readonly threshold: number,
    private readonly previous: RingBuffer,
    private sum: number,
    private ratio: number | undefined,
    private above: number,
    private warm: boolean,
  ) {}

  static create(lookback: number, threshold: number): VolumeRatio {
    return new VolumeRatio(lookback, threshold, new RingBuffer(lookback), 0, undefined, 0, false);
  }

  update(volume: number): number | undefined {
    const mean = this.previous.full ? this.sum / this.lookback : undefined;
    this.warm = mean !== undefined;
    this.ratio = mean !== undefined && mean > 0 ? volume / mean : undefined;
    this.above = this.ratio !== undefined && this.ratio > this.threshold ? this.above + 1 : 0;
    const evicted = this.previous.push(volume);
    this.sum += volume - (evicted ?? 0);
    return this.ratio;
  }

  /** Warmed up: a full window of previous volumes was there for the latest bar. */
  get initialized(): boolean {
    return this.warm;
  }

  get value(): number | undefined {
    return this.ratio;
  }

  get barsAbove(): number {
    return this.above;
  }

  snapshot(): VolumeRatioState {
    return { previous: this.previous.snapshot(), sum: this.sum, ratio: this.ratio ?? null, barsAbove: this.above, warm: this.warm };
  }

  static restore(state: VolumeRatioState, lookback: number, threshold: number): VolumeRatio {
    const previous = RingBuffer.restore(state.previous, lookback, 'volumeRatio');
    return new VolumeRatio(lookback, threshold, previous, state.sum, state.ratio ?? undefined, state.barsAbove, state.warm);
  }
}
