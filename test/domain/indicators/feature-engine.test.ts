import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/load.js';
import type { Features } from '../../../src/domain/features.js';
import { FeatureEngine, type FeatureEngineState } from '../../../src/domain/indicators/feature-engine.js';
import { makeBar } from '../../../src/domain/values/bar.js';
import { barWalk, flatBar, T0, wildBars } from './bar-arbitraries.js';

const { indicators, signals } = loadConfig({}).rules;

function numbersOf(f: Features): number[] {
  return Object.values(f).filter((v): v is number => typeof v === 'number');
}

describe('FeatureEngine', () => {
  it('computes the seed features on a steady uptrend, ready after SMA20 + 20 bars of slope', () => {
    const engine = new FeatureEngine('SPY', indicators, signals);
    const closes = Array.from({ length: 45 }, (_, i) => 100 * 1.001 ** i);
    const out = closes.map((c, i) => engine.update(flatBar('SPY', i, c, i === 44 ? 3000 : 1000)));
    expect(out[18]?.sma20).toBeUndefined();
    expect(out[19]?.sma20).toBeCloseTo(closes.slice(0, 20).reduce((a, b) => a + b) / 20, 9);
    expect(out[38]?.ready).toBe(false);
    expect(out[39]?.ready).toBe(true);
    const last = out[44] as Features;
    expect(last.ret5m).toBeCloseTo(1.001 ** 5 - 1, 12);
    expect(last.ret15m).toBeCloseTo(1.001 ** 15 - 1, 12);
    expect(last.sma20Slope).toBeCloseTo(1.001 ** 20 - 1, 9); // geometric series: SMA grows like the closes
    expect(last.volumeRatio).toBeCloseTo(3, 12);
    expect(last.volumeBarsAbove).toBe(1);
    expect(last.trend).toBe('up');
    expect(last.smaCrosses).toBe(0);
    expect(last.realizedVol).toBeUndefined(); // from daily closes: one session has not closed any
    expect(last.atr).toBeGreaterThan(0);
    expect(last).toMatchObject({ symbol: 'SPY', ts: T0 + 44 * 60_000, close: closes[44] });
  });

  it('counts SMA20 crosses when price oscillates around a flat SMA (chop)', () => {
    const engine = new FeatureEngine('SPY', indicators, signals);
    let f: Features | undefined;
    for (let i = 0; i < 60; i += 1) f = engine.update(flatBar('SPY', i, i % 4 < 2 ? 101 : 99));
    expect(f?.trend).toBe('flat');
    expect(Math.abs(f?.sma20Slope ?? 1)).toBeLessThan(signals.chop.maxFlatSlope);
    expect(f?.smaCrosses).toBe(10); // a cross every 2 bars over a 20-bar window
  });

  it('rejects a bar for another symbol', () => {
    const engine = new FeatureEngine('SPY', indicators, signals);
    expect(() => engine.update(flatBar('QQQ', 0, 100))).toThrow(/feature engine for SPY got a QQQ bar/);
  });

  it('never produces NaN or Infinity: every defined feature is finite (realistic walks)', () => {
    fc.assert(
      fc.property(barWalk('SPY'), (bars) => {
        const engine = new FeatureEngine('SPY', indicators, signals);
        for (const bar of bars) for (const x of numbersOf(engine.update(bar))) expect(Number.isFinite(x)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('never produces NaN or Infinity on wild but valid bars (short windows)', () => {
    const short = loadConfig({ indicators: { smaPeriod: 3, slopeLookback: 2, volumeLookback: 2, atrPeriod: 2, realizedVolDays: 2 } }).rules;
    fc.assert(
      fc.property(wildBars('SPY'), (bars) => {
        const engine = new FeatureEngine('SPY', short.indicators, short.signals);
        for (const bar of bars) {
          const f = engine.update(bar);
          for (const x of numbersOf(f)) expect(Number.isFinite(x)).toBe(true);
          if (f.ready) expect(f.sma20 !== undefined && f.sma20Slope !== undefined && f.atr !== undefined && f.volumeRatio !== undefined).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('restores from a JSON snapshot and gives identical subsequent output (daily realized vol included)', () => {
    // 15 bars a day over several days, so the daily closes and their returns are in the state.
    const daily = loadConfig({ indicators: { realizedVolDays: 2 } }).rules;
    const days = barWalk('SPY', 90).map((bars) => bars.map((b, i) => makeBar({ ...b, ts: T0 + i * 60_000 + Math.floor(i / 15) * 86_400_000 })));
    fc.assert(
      fc.property(days, fc.nat(), (bars, cut) => {
        const split = cut % (bars.length + 1);
        const engine = new FeatureEngine('SPY', daily.indicators, daily.signals);
        bars.slice(0, split).forEach((b) => engine.update(b));
        const restored = FeatureEngine.restore(JSON.parse(JSON.stringify(engine.snapshot())), daily.indicators, daily.signals);
        expect(restored.snapshot()).toEqual(engine.snapshot());
        for (const bar of bars.slice(split)) expect(restored.update(bar)).toEqual(engine.update(bar));
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a state of another version (version 2 kept one-minute returns for realized vol)', () => {
    const engine = new FeatureEngine('SPY', indicators, signals);
    engine.update(flatBar('SPY', 0, 100));
    const old = { ...engine.snapshot(), version: 2 } as unknown as FeatureEngineState;
    expect(() => FeatureEngine.restore(old, indicators, signals)).toThrow(/feature engine state version 2 is not 3/);
  });

  it('refuses a state whose bar times and closes are out of step', () => {
    const engine = new FeatureEngine('SPY', indicators, signals);
    engine.update(flatBar('SPY', 0, 100));
    const state = engine.snapshot();
    expect(() => FeatureEngine.restore({ ...state, times: { ...state.times, values: [] } }, indicators, signals)).toThrow(/saved bar times \(0\) and closes \(1\) differ/);
  });

  it('refuses to restore under a config with different windows', () => {
    const engine = new FeatureEngine('SPY', indicators, signals);
    engine.update(flatBar('SPY', 0, 100));
    const other = loadConfig({ indicators: { smaPeriod: 50 } }).rules;
    expect(() => FeatureEngine.restore(engine.snapshot(), other.indicators, other.signals)).toThrow(/smaPeriod: saved window of 20 does not fit configured 50/);
  });
});
