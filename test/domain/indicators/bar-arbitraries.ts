import fc from 'fast-check';
import { makeBar, type Bar } from '../../../src/domain/values/bar.js';

/** The open of a real session (Monday 3 March 2025, 09:30 New York, EST): bar i opens i minutes later. */
export const T0 = Date.UTC(2025, 2, 3, 14, 30);

const step = fc.record({
  move: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
  up: fc.double({ min: 0, max: 0.02, noNaN: true }),
  down: fc.double({ min: 0, max: 0.02, noNaN: true }),
  volume: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10_000_000 })),
});

/** A realistic random walk of valid one-minute bars (open = previous close). */
export function barWalk(symbol: string, maxLength = 120): fc.Arbitrary<Bar[]> {
  return fc.tuple(fc.double({ min: 1, max: 5000, noNaN: true }), fc.array(step, { minLength: 1, maxLength })).map(([start, steps]) => {
    let prev = start;
    return steps.map((s, i) => {
      const close = prev * (1 + s.move);
      const high = Math.max(prev, close) * (1 + s.up);
      const low = Math.min(prev, close) * (1 - s.down);
      const bar = makeBar({ symbol, ts: T0 + 60_000 * i, open: prev, high, low, close, volume: s.volume });
      prev = close;
      return bar;
    });
  });
}

/** Valid but wild bars: each bar's prices independent anywhere in [0.001, 1e6]. */
export function wildBars(symbol: string, maxLength = 80): fc.Arbitrary<Bar[]> {
  const price = fc.double({ min: 0.001, max: 1e6, noNaN: true });
  const bar = fc.record({ a: price, b: price, c: price, d: price, volume: fc.double({ min: 0, max: 1e12, noNaN: true }) });
  return fc.array(bar, { minLength: 1, maxLength }).map((raw) =>
    raw.map((r, i) => {
      const [low, open, close, high] = [r.a, r.b, r.c, r.d].sort((x, y) => x - y) as [number, number, number, number];
      return makeBar({ symbol, ts: T0 + 60_000 * i, open, high, low, close, volume: r.volume });
    }),
  );
}

/** A deterministic bar with the given close and volume (open = close, 0.1 % wicks). */
export function flatBar(symbol: string, i: number, close: number, volume = 1000): Bar {
  return makeBar({ symbol, ts: T0 + 60_000 * i, open: close, high: close * 1.001, low: close * 0.999, close, volume });
}
