import { DomainError } from '../errors.js';

/** A ring's plain, JSON-serialisable state: its capacity and its values, oldest first. */
export interface RingBufferState {
  readonly capacity: number;
  readonly values: readonly number[];
}

/**
 * A fixed-capacity window of numbers, the oldest overwritten: `pos` is the slot the next value
 * goes to, `count` how many are held. Plain data in a Float64Array, worked on in place (the
 * feature engine indexes its rings directly on every bar, with no call and no boxed number).
 */
export interface Ring {
  readonly data: Float64Array;
  pos: number;
  count: number;
}

export function ring(capacity: number): Ring {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new DomainError('BAD_CAPACITY', `ring buffer capacity must be a whole number >= 1, got ${capacity}`, 'capacity');
  }
  return { data: new Float64Array(capacity), pos: 0, count: 0 };
}

/** The value the next push evicts: the oldest when full, else 0 (what leaves a running sum). */
export function ringLeaving(r: Ring): number {
  return r.count === r.data.length ? (r.data[r.pos] as number) : 0;
}

/** Appends `value`, evicting the oldest when full. */
export function ringPush(r: Ring, value: number): void {
  r.data[r.pos] = value;
  r.pos = r.pos + 1 === r.data.length ? 0 : r.pos + 1;
  if (r.count < r.data.length) r.count += 1;
}

/** The values held, oldest first: O(capacity), for snapshots and daily windows only. */
export function ringValues(r: Ring): number[] {
  const n = r.data.length;
  return Array.from({ length: r.count }, (_, i) => r.data[(r.pos - r.count + i + n) % n] as number);
}

export function ringState(r: Ring): RingBufferState {
  return { capacity: r.data.length, values: ringValues(r) };
}

/** Rebuilds a ring; `capacity` (the configured one) guards against restoring state under a changed config. */
export function ringOf(state: RingBufferState, capacity: number, name: string): Ring {
  if (state.capacity !== capacity || state.values.length > capacity) {
    throw new DomainError(
      'STATE_CONFIG_MISMATCH',
      `${name}: saved window of ${state.capacity} (${state.values.length} values) does not fit configured ${capacity}`,
      name,
    );
  }
  const r = ring(capacity);
  r.data.set(state.values);
  r.count = state.values.length;
  r.pos = r.count % capacity;
  return r;
}
