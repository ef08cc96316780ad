import type { TimerId } from './clock.js';

/** A timer deadline must be a finite epoch ms. */
export function assertTime(at: number): void {
  if (!Number.isFinite(at)) throw new RangeError(`timer deadline must be a finite epoch ms, got ${at}`);
}

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
 * Timers by deadline, for the clocks: a binary min-heap (O(log n) schedule and take); cancellation
 * is lazy (O(1)), cancelled entries are dropped when they surface.
 */
export class TimerQueue {
  private readonly heap: Timer[] = [];
  private readonly live = new Set<TimerId>();
  private seq = 0;

  schedule(at: number, fn: () => void): TimerId {
    assertTime(at);
    const id = ++this.seq as TimerId;
    this.live.add(id);
    this.push({ at, seq: this.seq, id, fn });
    return id;
  }

  /** False when the timer had already fired or been cancelled. */
  cancel(id: TimerId): boolean {
    if (!this.live.delete(id)) return false;
    // Keep the heap from filling with cancelled entries (e.g. ask timeouts cleared early):
    // a sorted array is a valid heap, and rebuilding at 2× amortises to O(log n) per cancel.
    if (this.heap.length > 64 && this.heap.length > 2 * this.live.size) {
      const kept = this.heap.filter((t) => this.live.has(t.id)).sort((a, b) => a.at - b.at || a.seq - b.seq);
      this.heap.length = 0;
      this.heap.push(...kept);
    }
    return true;
  }

  /** Timers not yet taken or cancelled. */
  get size(): number {
    return this.live.size;
  }

  /** Deadline of the next live timer (it may be in the past), or undefined when none. */
  nextAt(): number | undefined {
    while (this.heap.length > 0 && !this.live.has((this.heap[0] as Timer).id)) this.pop();
    return this.heap[0]?.at;
  }

  /** Takes the earliest live timer if it is due at or before `t`: its deadline and callback. */
  takeDue(t: number): { readonly at: number; readonly fn: () => void } | undefined {
    const next = this.nextAt();
    if (next === undefined || next > t) return undefined;
    const timer = this.pop();
    this.live.delete(timer.id);
    return timer;
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
