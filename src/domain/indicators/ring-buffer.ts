import { DomainError } from '../errors.js';

/** A ring buffer's plain, JSON-serialisable state: its capacity and its values, oldest first. */
export interface RingBufferState {
  readonly capacity: number;
  readonly values: readonly number[];
}

/**
 * A fixed-capacity window of numbers: O(1) push (evicting the oldest) and O(1) indexed reads.
 * Held in a Float64Array: pushed on every bar, so its numbers are never boxed.
 */
export class RingBuffer {
  private readonly data: Float64Array;
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new DomainError('BAD_CAPACITY', `ring buffer capacity must be a whole number >= 1, got ${capacity}`, 'capacity');
    }
    this.data = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  /**
   * Appends `value`; returns the value evicted to make room, or 0 while the buffer was filling:
   * what leaves a running sum over the window.
   */
  push(value: number): number {
    if (this.count < this.capacity) {
      this.data[this.wrap(this.start + this.count)] = value;
      this.count += 1;
      return 0;
    }
    const evicted = this.data[this.start] as number;
    this.data[this.start] = value;
    this.start = this.wrap(this.start + 1);
    return evicted;
  }

  /** The value `back` pushes ago: 0 is the newest, length − 1 the oldest; undefined outside. */
  fromNewest(back: number): number | undefined {
    if (back < 0 || back >= this.count) return undefined;
    return this.data[this.wrap(this.start + this.count - 1 - back)];
  }

  /** An index in [0, 2 × capacity) brought into the buffer (cheaper than %, on every bar). */
  private wrap(i: number): number {
    return i >= this.capacity ? i - this.capacity : i;
  }

  /** The oldest value held. */
  oldest(): number | undefined {
    return this.count === 0 ? undefined : this.data[this.start];
  }

  /** Copies the values out, oldest first: O(capacity), for snapshots and daily windows only. */
  toArray(): number[] {
    const out: number[] = [];
    for (let i = this.count - 1; i >= 0; i -= 1) out.push(this.fromNewest(i) as number);
    return out;
  }

  snapshot(): RingBufferState {
    return { capacity: this.capacity, values: this.toArray() };
  }

  /** Rebuilds a buffer; `expectedCapacity` guards against restoring state under a changed config. */
  static restore(state: RingBufferState, expectedCapacity: number, name: string): RingBuffer {
    if (state.capacity !== expectedCapacity || state.values.length > state.capacity) {
      throw new DomainError(
        'STATE_CONFIG_MISMATCH',
        `${name}: saved window of ${state.capacity} (${state.values.length} values) does not fit configured ${expectedCapacity}`,
        name,
      );
    }
    const buffer = new RingBuffer(expectedCapacity);
    for (const v of state.values) buffer.push(v);
    return buffer;
  }
}
