import type { DecisionEvent, DecisionSink } from '../src/actors/ports/decision-sink.js';
import type { TradeSink } from '../src/actors/ports/trade-sink.js';

// The market and bars are the actor tests' own scripted market: one fixture, two users.
export { barAt, MINUTE, OPEN, ScriptedMarket } from '../test/actors/fixtures/market.js';

/** `n` distinct three-letter tickers: AAA, AAB, ... */
export function tickers(n: number): string[] {
  const letter = (k: number): string => String.fromCharCode(65 + (k % 26));
  return Array.from({ length: n }, (_, i) => letter(Math.floor(i / 676)) + letter(Math.floor(i / 26)) + letter(i));
}

/**
 * One ticker's closes and volumes, minute by minute. Warm-up: a steady climb (+0.05 %/bar at
 * volume 1000, no SMA crosses); a breakout ticker then surges (+0.15 %/bar at triple volume for
 * 5 bars) after `45 + phase` bars, so entries spread over several minutes. After the warm-up
 * every ticker drifts in a ±0.01 % zig-zag at volume 1000: no new signals, no exits on price.
 */
export function pricePath(start: number, breakout: boolean, phase: number, warmup: number, minutes: number): { closes: number[]; volumes: number[] } {
  const closes: number[] = [];
  const volumes: number[] = [];
  const surgeFrom = 45 + phase;
  let p = start;
  for (let i = 0; i < minutes; i++) {
    const surging = breakout && i >= surgeFrom && i < surgeFrom + 5;
    if (i >= warmup) p *= i % 2 === 0 ? 1.0001 : 0.9999;
    else p *= surging ? 1.0015 : 1.0005;
    closes.push(p);
    volumes.push(surging ? 3000 : 1000);
  }
  return { closes, volumes };
}

/** Counts decisions and trades and keeps nothing (a backtest's counters cost about as much). */
export class CountingSink implements DecisionSink, TradeSink {
  decisions = 0;
  denials = 0;
  trades = 0;
  record(x: DecisionEvent | { readonly positionId: string }): void {
    if ('kind' in x) {
      this.decisions++;
      if (!x.ok) this.denials++;
    } else this.trades++;
  }
}
