import { RingBuffer, type RingBufferState } from './ring-buffer.js';

export interface SmaCrossesState {
  readonly flags: RingBufferState;
  readonly count: number;
  /** Side of the SMA the close was last strictly on: 1 above, −1 below, 0 not yet known. */
  readonly lastSide: number;
}

/**
 * Counts closes crossing the SMA within the last `window` bars that had an SMA (the chop
 * filter's "price oscillating around SMA20"), O(1) per bar. A cross is a close strictly on the
 * other side from the last close that was strictly off the SMA: touching the SMA is not a cross.
 */
export class SmaCrosses {
  private constructor(
    readonly window: number,
    private readonly flags: RingBuffer,
    private count: number,
    private lastSide: number,
  ) {}

  static create(window: number): SmaCrosses {
    return new SmaCrosses(window, new RingBuffer(window), 0, 0);
  }

  /** Bars without an SMA yet are skipped (they neither count nor fill the window). */
  update(close: number, sma: number | undefined): number {
    if (sma === undefined) return this.count;
    const side = Math.sign(close - sma);
    const crossed = side !== 0 && this.lastSide !== 0 && side !== this.lastSide ? 1 : 0;
    if (side !== 0) this.lastSide = side;
    const evicted = this.flags.push(crossed) ?? 0;
    this.count += crossed - evicted;
    return this.count;
  }

  /** A full window of bars with an SMA has been seen. */
  get initialized(): boolean {
    return this.flags.full;
  }

  get value(): number {
    return this.count;
  }

  snapshot(): SmaCrossesState {
    return { flags: this.flags.snapshot(), count: this.count, lastSide: this.lastSide };
  }

  static restore(state: SmaCrossesState, window: number): SmaCrosses {
    return new SmaCrosses(window, RingBuffer.restore(state.flags, window, 'smaCrosses'), state.count, state.lastSide);
  }
}
