import { describe, expect, it } from 'vitest';
import type { BarRun } from '../../../src/actors/messages.js';
import { makeBar, type Bar } from '../../../src/domain/values/bar.js';
import { windowBarsOf } from '../../helpers/bar-runs.js';
import { deliverMinute, type Tape, type TapeEngine } from '../../../src/infra/backtest/tapes.js';

const T0 = Date.UTC(2025, 5, 2, 13, 30);
const MIN = 60_000;

function tape(symbol: string, minutes: number): Tape {
  const bars: Bar[] = Array.from({ length: minutes }, (_, m) => makeBar({ symbol, ts: T0 + m * MIN, open: 10, high: 10, low: 10, close: 10, volume: 1 }));
  return { symbol, bars: windowBarsOf(bars), i: 0 };
}

/** Logs what the tapes ask of it; `stops` says where each scanned ticker stops (absent: takes all). */
function fakeEngine(holding: readonly string[], stops: Record<string, number> = {}): TapeEngine & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    holdingTickers: () => new Set(holding),
    onBar: (bar: Bar) => void log.push(`bar ${bar.symbol}@${(bar.ts - T0) / MIN}`),
    scan: (series: readonly { symbol: string; bars: BarRun }[]) => {
      log.push(`scan ${series.map((s) => `${s.symbol}×${s.bars.length}`).join(' ')}`);
      return Promise.resolve(new Map(series.flatMap((s) => (s.symbol in stops ? [[s.symbol, stops[s.symbol] as number] as const] : []))));
    },
    whenIdle: () => {
      log.push('idle');
      return Promise.resolve();
    },
  };
}

describe('deliverMinute', () => {
  it('delivers the bars of tickers holding a position first, then scans the others and delivers those that stopped', async () => {
    const tapes = [tape('AAA', 3), tape('BBB', 3), tape('CCC', 3)];
    const stops: Record<string, number> = { AAA: T0 };
    const engine = fakeEngine(['BBB'], stops);
    await deliverMinute(engine, T0, tapes, true);
    expect(engine.log).toEqual(['bar BBB@0', 'idle', 'scan AAA×3 CCC×3', 'bar AAA@0', 'idle']);
    // CCC took its whole window in the scan; AAA and BBB go on one bar at a time.
    expect(tapes.map((t) => t.i)).toEqual([1, 1, 3]);
    delete stops['AAA']; // AAA's entry was refused: quiet again, it takes the rest in one scan
    const left = await deliverMinute(engine, T0 + MIN, tapes, true);
    expect(engine.log.slice(5)).toEqual(['bar BBB@1', 'idle', 'scan AAA×2', 'idle']);
    expect(tapes.map((t) => t.i)).toEqual([3, 2, 3]);
    // Only BBB has bars left: the next minutes look at it alone.
    expect(left.map((t) => t.symbol)).toEqual(['BBB']);
  });

  it('sends every due bar without a scan when batching is off, holders first', async () => {
    const tapes = [tape('AAA', 2), tape('BBB', 2)];
    const engine = fakeEngine(['BBB']);
    await deliverMinute(engine, T0, tapes, false);
    expect(engine.log).toEqual(['bar BBB@0', 'idle', 'bar AAA@0', 'idle']);
  });

  it('leaves alone a tape with no bar at this minute', async () => {
    const late = tape('AAA', 3);
    late.i = 2;
    const engine = fakeEngine([]);
    await deliverMinute(engine, T0 + MIN, [late], true);
    expect(engine.log).toEqual([]);
    expect(late.i).toBe(2);
  });

  it('refuses a scan that stopped at a bar it was not offered, rather than skip bars', async () => {
    const engine = fakeEngine([], { AAA: T0 + 99 * MIN });
    await expect(deliverMinute(engine, T0, [tape('AAA', 3)], true)).rejects.toThrow(/AAA: the engine stopped a scan at/);
  });
});
