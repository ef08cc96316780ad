import { RingBuffer, type RingBufferState } from './ring-buffer.js';

/**
 * Relative change of a series over `lookback` updates: (x_now − x_then) / x_then, O(1) per update.
 * Used for ret_5m / ret_15m (closes 5 / 15 bars back) and for the SMA20 slope (SMA values k bars back).
 * Undefined until `lookback + 1` values are held, or when the old value is not positive.
 */
export class RelativeChange {
  private constructor(
    readonly lookback: number,
    private readonly window: RingBuffer,
  ) {}

  static create(lookback: number): RelativeChange {
    return new RelativeChange(lookback, new RingBuffer(lookback + 1));
  }

  update(value: number): number | undefined {
    this.window.push(value);
    return this.value;
  }

  get initialized(): boolean {
    return this.window.full;
  }

  get value(): number | undefined {
    const then = this.window.oldest();
    const now = this.window.fromNewest(0);
    if (!this.window.full || then === undefined || now === undefined || !(then > 0)) return undefined;
    return (now - then) / then;
  }

  snapshot(): RingBufferState {
    return this.window.snapshot();
  }

  static restore(state: RingBufferState, lookback: number, name: string): RelativeChange {
    return new RelativeChange(lookback, RingBuffer.restore(state, lookback + 1, name));
  }
}
