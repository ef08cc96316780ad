import { RingBuffer, type RingBufferState } from './ring-buffer.js';

export interface SmaState {
  readonly window: RingBufferState;
  readonly sum: number;
}

/** Simple moving average over `period` values: a running sum over a ring buffer, O(1) per update. */
export class Sma {
  private constructor(
    readonly period: number,
    private readonly window: RingBuffer,
    private sum: number,
  ) {}

  static create(period: number): Sma {
    return new Sma(period, new RingBuffer(period), 0);
  }

  /** Adds a value; returns the average once `period` values have been seen. */
  update(value: number): number | undefined {
    const evicted = this.window.push(value);
    this.sum += value - (evicted ?? 0);
    return this.value;
  }

  get initialized(): boolean {
    return this.window.full;
  }

  get value(): number | undefined {
    return this.window.full ? this.sum / this.period : undefined;
  }

  snapshot(): SmaState {
    return { window: this.window.snapshot(), sum: this.sum };
  }

  static restore(state: SmaState, period: number): Sma {
    return new Sma(period, RingBuffer.restore(state.window, period, 'sma'), state.sum);
  }
}
