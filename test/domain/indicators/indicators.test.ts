import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/load.js';
import type { Features } from '../../../src/domain/features.js';
import { FeatureEngine } from '../../../src/domain/indicators/feature-engine.js';
import { makeBar, type Bar } from '../../../src/domain/values/bar.js';
import { barWalk } from './bar-arbitraries.js';

/** An engine with small windows, so each indicator's warm-up and arithmetic can be followed by hand. */
function engine(indicators: Record<string, number>, chop: Record<string, number> = {}) {
  const { rules } = loadConfig({ indicators, signals: { chop } });
  return new FeatureEngine('SPY', rules.indicators, rules.signals);
}

/** Bar `i` (one minute apart) with the given range and close; open = close. */
function bar(i: number, high: number, low: number, close: number, volume = 1000): Bar {
  return makeBar({ symbol: 'SPY', ts: 60_000 * (i + 1), open: close, high, low, close, volume });
}

const closeBar = (i: number, close: number, volume = 1000): Bar => bar(i, close, close, close, volume);

describe('ATR (Wilder), through the engine', () => {
  it('matches a hand-computed series with period 3', () => {
    const e = engine({ atrPeriod: 3 });
    // TR1 = H − L = 1 (no previous close)
    expect(e.update(bar(0, 10, 9, 9.5)).atr).toBeUndefined();
    // TR2 = max(0.7, |10.5 − 9.5|, |9.8 − 9.5|) = 1.0
    expect(e.update(bar(1, 10.5, 9.8, 10.2)).atr).toBeUndefined();
    // TR3 = max(0.4, 0.2, 0.2) = 0.4; first ATR = (1 + 1 + 0.4) / 3 = 0.8
    expect(e.update(bar(2, 10.4, 10.0, 10.1)).atr).toBeCloseTo(0.8, 12);
    // TR4 = max(1.0, 0.1, |9.0 − 10.1| = 1.1) = 1.1; ATR = (0.8 × 2 + 1.1) / 3 = 0.9
    expect(e.update(bar(3, 10.0, 9.0, 9.2)).atr).toBeCloseTo(0.9, 12);
    // gap up: TR5 = max(0.2, |11 − 9.2| = 1.8, 1.6) = 1.8; ATR = (0.9 × 2 + 1.8) / 3 = 1.2
    expect(e.update(bar(4, 11, 10.8, 10.9)).atr).toBeCloseTo(1.2, 12);
  });
});

describe('realized volatility, through the engine', () => {
  it('is the sample stdev of log returns × sqrt(barsPerYear)', () => {
    const e = engine({ realizedVolWindow: 2, barsPerYear: 4 });
    expect(e.update(closeBar(0, 100)).realizedVol).toBeUndefined();
    expect(e.update(closeBar(1, 110)).realizedVol).toBeUndefined();
    const a = Math.log(110 / 100);
    const b = Math.log(99 / 110);
    // sample stdev of two values = |a − b| / sqrt(2); × sqrt(4)
    expect(e.update(closeBar(2, 99)).realizedVol).toBeCloseTo((Math.abs(a - b) / Math.SQRT2) * 2, 12);
    expect(e.update(closeBar(3, 99)).realizedVol).toBeCloseTo((Math.abs(b - 0) / Math.SQRT2) * 2, 12);
  });

  it('is 0 (never NaN) on a flat series', () => {
    const e = engine({ realizedVolWindow: 5 });
    let f: Features | undefined;
    for (let i = 0; i < 50; i += 1) f = e.update(closeBar(i, 123.45));
    expect(f?.realizedVol).toBe(0);
  });
});

describe('volume ratio, through the engine', () => {
  it('divides by the mean of the previous bars, excluding the current one', () => {
    const e = engine({ volumeLookback: 2 });
    expect(e.update(closeBar(0, 10, 100)).volumeRatio).toBeUndefined();
    expect(e.update(closeBar(1, 10, 300)).volumeRatio).toBeUndefined();
    expect(e.update(closeBar(2, 10, 400)).volumeRatio).toBeCloseTo(2, 12); // 400 / mean(100, 300)
    expect(e.update(closeBar(3, 10, 175)).volumeRatio).toBeCloseTo(0.5, 12); // 175 / mean(300, 400)
  });

  it('counts consecutive bars strictly above the threshold (1.5) and resets below it', () => {
    const e = engine({ volumeLookback: 2 });
    const above = [100, 100, 151, 250, 301.5, 413.25, 100, 100, 150].map((v, i) => e.update(closeBar(i, 10, v)).volumeBarsAbove);
    // 1.51, ≈ 1.99, ≈ 1.504, then ≈ 1.4986: not above; 150 / 100 is exactly 1.5: not above
    expect(above).toEqual([0, 0, 1, 2, 3, 0, 0, 0, 0]);
  });

  it('has no ratio (not Infinity) when the previous bars traded nothing', () => {
    const e = engine({ volumeLookback: 2 });
    [0, 0].forEach((v, i) => e.update(closeBar(i, 10, v)));
    const f = e.update(closeBar(2, 10, 500));
    expect(f.volumeRatio).toBeUndefined();
    expect(f.volumeBarsAbove).toBe(0);
  });
});

describe('SMA, slope, returns and crosses, through the engine', () => {
  it('SMA is undefined until `period` closes, then the mean of the last `period`', () => {
    const e = engine({ smaPeriod: 3 });
    const smas = [1, 2, 3, 10, 4].map((c, i) => e.update(closeBar(i, c)).sma20);
    expect(smas.slice(0, 2)).toEqual([undefined, undefined]);
    expect(smas[2]).toBeCloseTo(2, 12);
    expect(smas[3]).toBeCloseTo(5, 12); // (2 + 3 + 10) / 3
    expect(smas[4]).toBeCloseTo(17 / 3, 12);
  });

  it('ret_5m = (close − close 5 bars ago) / close 5 bars ago; negative for a fall', () => {
    const e = engine({});
    const rets = [100, 101, 102, 103, 104, 100.5, 99.99].map((c, i) => e.update(closeBar(i, c)).ret5m);
    expect(rets.slice(0, 5)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(rets[5]).toBeCloseTo(0.005, 12); // vs 100
    expect(rets[6]).toBeCloseTo((99.99 - 101) / 101, 12);
  });

  it('counts side changes around the SMA within the window; touching it is not a cross', () => {
    // SMA of 2 closes: with closes alternating around 10 the SMA sits at 10.
    const e = engine({ smaPeriod: 2 }, { oscillationWindow: 4 });
    const crosses = [11, 9, 10, 9, 9, 11, 9, 11].map((c, i) => e.update(closeBar(i, c)).smaCrosses);
    // SMAs: –, 10, 9.5, 9.5, 9, 10, 10, 10; sides: –, below, above, below, on it, above, below, above.
    // The touch at bar 4 is no cross, and bar 1's side is the first known: no cross either.
    expect(crosses).toEqual([0, 0, 1, 2, 2, 3, 3, 3]);
  });
});

/**
 * The features of the last bar of `bars`, from their definitions (O(n²), no running sums). Crosses
 * are counted against `engineSmas`, the engine's own SMA per bar: a close equal to a fresh mean can
 * sit a rounding off a running one, and which side it is on is then the engine's call.
 */
function reference(bars: readonly Bar[], engineSmas: readonly (number | undefined)[], w: ReturnType<typeof loadConfig>['rules']): Omit<Features, 'symbol' | 'trend' | 'ready'> {
  const ind = w.indicators;
  const n = bars.length;
  const c = bars.map((b) => b.close);
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const smaAt = (i: number) => (i + 1 >= ind.smaPeriod ? mean(c.slice(i + 1 - ind.smaPeriod, i + 1)) : undefined);
  const smas = c.map((_, i) => smaAt(i));
  const withSma = smas.flatMap((s, i) => (s === undefined ? [] : [{ i, s }]));
  const i = n - 1;
  const sma20 = smas[i];
  const slopeThen = withSma.at(-1 - ind.slopeLookback)?.s;
  const sma20Slope = sma20 !== undefined && slopeThen !== undefined && slopeThen > 0 ? (sma20 - slopeThen) / slopeThen : undefined;
  const ret = (k: number) => {
    const then = bars[i - k];
    return then !== undefined && then.ts === (bars[i] as Bar).ts - k * 60_000 && then.close > 0 ? ((c[i] as number) - then.close) / then.close : undefined;
  };
  const ratioAt = (j: number) => {
    if (j < ind.volumeLookback) return undefined;
    const m = mean(bars.slice(j - ind.volumeLookback, j).map((b) => b.volume));
    return m > 0 ? (bars[j] as Bar).volume / m : undefined;
  };
  let volumeBarsAbove = 0;
  for (let j = 0; j < n; j += 1) volumeBarsAbove = (ratioAt(j) ?? 0) > w.signals.momentum.volumeRatio ? volumeBarsAbove + 1 : 0;
  let atr: number | undefined;
  const trs: number[] = [];
  bars.forEach((b, j) => {
    const prev = c[j - 1];
    const tr = prev === undefined ? b.high - b.low : Math.max(b.high - b.low, Math.abs(b.high - prev), Math.abs(b.low - prev));
    trs.push(tr);
    if (atr !== undefined) atr = (atr * (ind.atrPeriod - 1) + tr) / ind.atrPeriod;
    else if (trs.length === ind.atrPeriod) atr = mean(trs);
  });
  const returns = c.slice(1).map((x, j) => Math.log(x / (c[j] as number)));
  const last = returns.slice(-ind.realizedVolWindow);
  const rm = mean(last);
  const realizedVol =
    returns.length >= ind.realizedVolWindow ? Math.sqrt((last.reduce((a, r) => a + (r - rm) ** 2, 0) / (last.length - 1)) * ind.barsPerYear) : undefined;
  let side = 0;
  const flags: number[] = [];
  for (const [j, s] of engineSmas.entries()) {
    if (s === undefined) continue;
    const now = Math.sign((c[j] as number) - s);
    flags.push(now !== 0 && side !== 0 && now !== side ? 1 : 0);
    if (now !== 0) side = now;
  }
  const smaCrosses = flags.slice(-w.signals.chop.oscillationWindow).reduce((a, b) => a + b, 0);
  return { ts: (bars[i] as Bar).ts, close: c[i] as number, sma20, sma20Slope, ret5m: ret(ind.ret5mBars), ret15m: ret(ind.ret15mBars), volumeRatio: ratioAt(i), volumeBarsAbove, atr, realizedVol, smaCrosses };
}

/**
 * Equal within rounding: running sums drift from a fresh sum in the last digits. Realized vol is
 * the square root of a difference of running sums, so a near-zero variance keeps only about 1e-5.
 */
function near(key: string, actual: number | undefined, expected: number | undefined): boolean {
  if (actual === undefined || expected === undefined) return actual === expected;
  const tolerance = key === 'realizedVol' ? 1e-5 : 1e-9;
  return Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));
}

describe('FeatureEngine against the definitions', () => {
  it('gives every feature of every bar as computed from scratch, gaps in time included', () => {
    const rules = loadConfig({ indicators: { smaPeriod: 4, slopeLookback: 3, ret5mBars: 2, ret15mBars: 5, volumeLookback: 3, atrPeriod: 3, realizedVolWindow: 4 }, signals: { chop: { oscillationWindow: 5 } } }).rules;
    const gappy = fc.tuple(barWalk('SPY', 60), fc.array(fc.boolean(), { minLength: 60, maxLength: 60 })).map(([bars, gaps]) => {
      let ts = 0;
      return bars.map((b, i) => makeBar({ ...b, ts: (ts += gaps[i] ? 120_000 : 60_000) }));
    });
    fc.assert(
      fc.property(gappy, (bars) => {
        const e = new FeatureEngine('SPY', rules.indicators, rules.signals);
        const smas: (number | undefined)[] = [];
        bars.forEach((b, k) => {
          const got = e.update(b);
          smas.push(got.sma20);
          const want = reference(bars.slice(0, k + 1), smas, rules);
          for (const [key, value] of Object.entries(want)) {
            if (!near(key, got[key as keyof typeof want] as number | undefined, value)) expect(`${key} at bar ${k}: ${String(got[key as keyof typeof want])}`).toBe(`${key} at bar ${k}: ${String(value)}`);
          }
        });
      }),
      { numRuns: 100 },
    );
  });
});
