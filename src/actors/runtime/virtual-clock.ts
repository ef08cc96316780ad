import { assertTime, type Clock, type TimerId } from './clock.js';

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly id: TimerId;
  readonly fn: () => void;
}

/** Earlier deadline first; equal deadlines in scheduling order. */
function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/**
 * A clock that moves only when told to. Timers sit in a binary min-heap (O(log n) schedule
 * and fire); cancellation is lazy (O(1)), cancelled entries are dropped when they surface.
 */
export class VirtualClock implements Clock {
  private readonly heap: Timer[] = [];
  private readonly live = new Set<TimerId>();
  private current: number;
  private seq = 0;

  constructor(start: number) {
    assertTime(start);
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  schedule(at: number, fn: () => void): TimerId {
    assertTime(at);
    const id = ++this.seq as TimerId;
    this.live.add(id);
    this.push({ at, seq: this.seq, id, fn });
    return id;
  }

  cancel(id: TimerId): void {
    if (!this.live.delete(id)) return;
    // Keep the heap from filling with cancelled entries (e.g. ask timeouts cleared early):
    // a sorted array is a valid heap, and rebuilding at 2× amortises to O(log n) per cancel.
    if (this.heap.length > 64 && this.heap.length > 2 * this.live.size) {
      const kept = this.heap.filter((t) => this.live.has(t.id)).sort((a, b) => a.at - b.at || a.seq - b.seq);
      this.heap.length = 0;
      this.heap.push(...kept);
    }
  }

  pendingTimers(): number {
    return this.live.size;
  }

  /** Deadline of the next live timer (it may be in the past), or undefined when none. */
  nextTimerAt(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.at;
  }

  /**
   * Fires every timer due at or before `t` in time order (ties in scheduling order), with
   * now() set to each timer's deadline as it fires (never backwards), including timers
   * scheduled while firing; then sets now() to `t`. A throwing timer stops the advance there.
   */
  advanceTo(t: number): void {
    assertTime(t);
    if (t < this.current) throw new RangeError(`virtual time cannot go back from ${this.current} to ${t}`);
    for (let next = this.nextTimerAt(); next !== undefined && next <= t; next = this.nextTimerAt()) {
      const timer = this.pop();
      this.live.delete(timer.id);
      this.current = Math.max(this.current, timer.at);
      timer.fn();
    }
    this.current = t;
  }

  advanceBy(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`advanceBy needs ms >= 0, got ${ms}`);
    this.advanceTo(this.current + ms);
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && !this.live.has((this.heap[0] as Timer).id)) this.pop();
  }

  private push(timer: Timer): void {
    const heap = this.heap;
    let i = heap.push(timer) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as Timer;
      if (!before(timer, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = timer;
  }

  private pop(): Timer {
    const heap = this.heap;
    const top = heap[0] as Timer;
    const last = heap.pop() as Timer;
    if (heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) break;
      const r = l + 1;
      const child = r < heap.length && before(heap[r] as Timer, heap[l] as Timer) ? r : l;
      if (!before(heap[child] as Timer, last)) break;
      heap[i] = heap[child] as Timer;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
