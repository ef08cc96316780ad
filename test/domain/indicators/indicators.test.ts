import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/load.js';
import type { Features } from '../../../src/domain/features.js';
import { FeatureEngine } from '../../../src/domain/indicators/feature-engine.js';
import { makeBar, type Bar } from '../../../src/domain/values/bar.js';
import { barWalk, T0 } from './bar-arbitraries.js';

/** An engine with small windows, so each indicator's warm-up and arithmetic can be followed by hand. */
function engine(indicators: Record<string, number>, chop: Record<string, number> = {}) {
  const { rules } = loadConfig({ indicators, signals: { chop } });
  return new FeatureEngine('SPY', rules.indicators, rules.signals);
}

/** Bar `i` (one minute apart from a session's open, T0) with the given range and close; open = close. */
function bar(i: number, high: number, low: number, close: number, volume = 1000): Bar {
  return makeBar({ symbol: 'SPY', ts: T0 + 60_000 * i, open: close, high, low, close, volume });
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

describe('realized volatility from daily closes, through the engine', () => {
  const at = (date: [number, number, number], hour: number, minute: number, close: number): Bar =>
    makeBar({ symbol: 'SPY', ts: Date.UTC(date[0], date[1] - 1, date[2], hour, minute), open: close, high: close, low: close, close, volume: 1000 });
  // Each session's bars (UTC times): only the last close of a New York day is its daily close.
  // Thu 6 and Fri 7 March 2025 are on EST (open 14:30 UTC), Mon 10 March on EDT (open 13:30 UTC).
  const sessions: Bar[][] = [
    [at([2025, 3, 6], 14, 30, 150), at([2025, 3, 6], 20, 59, 100)], // Thu: close 100
    [at([2025, 3, 7], 14, 30, 50), at([2025, 3, 7], 18, 0, 120), at([2025, 3, 7], 20, 59, 102)], // Fri: 102
    [at([2025, 3, 10], 13, 30, 101), at([2025, 3, 10], 19, 59, 99)], // Mon (after a weekend): 99
    [at([2025, 3, 11], 13, 30, 98), at([2025, 3, 11], 19, 59, 103)], // Tue: 103
  ];

  it('is the sample stdev of the last realizedVolDays daily log returns × √252, known once the day has closed', () => {
    const e = engine({ realizedVolDays: 3 });
    const seen = sessions.flat().map((b) => e.update(b).realizedVol);
    // Three returns need four closed sessions: Tuesday's close is only known on Wednesday.
    expect(seen.every((v) => v === undefined)).toBe(true);
    // Returns ln(102/100) = 0.0198026, ln(99/102) = −0.0298530, ln(103/99) = 0.0396091; mean 0.0098529;
    // squared deviations 9.8996e-5 + 1.57656e-3 + 8.85432e-4 = 2.560986e-3; / (3 − 1) = 1.280493e-3;
    // stdev 0.0357840 × √252 (15.874508) = 0.5680531 (Python statistics.stdev: 0.5680530606899201).
    const wed = e.update(at([2025, 3, 12], 13, 30, 200));
    expect(wed.realizedVol).toBeCloseTo(0.5680530606899201, 12);
    // Wednesday's own partial day is not counted: a wild close later in the day changes nothing.
    expect(e.update(at([2025, 3, 12], 17, 0, 20)).realizedVol).toBeCloseTo(0.5680530606899201, 12);
    // Thursday: Wednesday closed at 20; the window drops ln(102/100) and takes ln(20/103).
    // Python: statistics.stdev([ln(99/102), ln(103/99), ln(20/103)]) × √252 = 15.076445888626965.
    expect(e.update(at([2025, 3, 13], 13, 30, 21)).realizedVol).toBeCloseTo(15.076445888626965, 12);
  });

  it('a day ends at New York midnight, not UTC midnight: a bar at 23:59 New York is still that day', () => {
    const e = engine({ realizedVolDays: 2 });
    // Thu 100, Fri 110, then Fri 23:59 New York (04:59 UTC Saturday) closes Friday at 121.
    [sessions[0] as Bar[], [at([2025, 3, 7], 14, 30, 110), at([2025, 3, 8], 4, 59, 121)]].flat().forEach((b) => e.update(b));
    // Saturday 00:00 New York (05:00 UTC) is a new day: returns ln(121/100), and nothing else yet.
    expect(e.update(at([2025, 3, 8], 5, 0, 121)).realizedVol).toBeUndefined();
    // Monday: Saturday closed at 121 → returns ln(1.21) = 0.1906204 and ln(1) = 0:
    // sample stdev = 0.1906204 / √2 = 0.1347889, × √252 = 2.1397082 (a UTC day would give other returns).
    expect(e.update(at([2025, 3, 10], 13, 30, 50)).realizedVol).toBeCloseTo((Math.log(1.21) / Math.SQRT2) * Math.sqrt(252), 12);
  });

  it('is 0 (never NaN) on flat daily closes', () => {
    const e = engine({ realizedVolDays: 2 });
    let f: Features | undefined;
    for (const day of [3, 4, 5, 6, 7]) f = e.update(at([2025, 3, day], 15, 0, 123.45));
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

  it('does not count a ratio of 1.5 up to rounding as above 1.5 (values/threshold.ts)', () => {
    const e = engine({ volumeLookback: 2 });
    [0.1, 0.6].forEach((v, i) => e.update(closeBar(i, 10, v)));
    // 0.525 / ((0.1 + 0.6) / 2) is exactly 1.5, in doubles 1.5000000000000002: not "> 1.5".
    const f = e.update(closeBar(2, 10, 0.525));
    expect(f.volumeRatio).toBeGreaterThan(1.5);
    expect(f.volumeBarsAbove).toBe(0);
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
  // Daily closes: these bars sit between 14:30 and 17:00 UTC, where New York's date is the UTC date;
  // the last close of each UTC day before the last bar's is that day's close (the last day is partial).
  const dayOf = (b: Bar) => Math.floor(b.ts / 86_400_000);
  const today = dayOf(bars[i] as Bar);
  const dailyCloses = bars.filter((b, j) => dayOf(b) < today && (j + 1 === n || dayOf(bars[j + 1] as Bar) !== dayOf(b))).map((b) => b.close);
  const returns = dailyCloses.slice(1).map((x, j) => Math.log(x / (dailyCloses[j] as number)));
  const last = returns.slice(-ind.realizedVolDays);
  const rm = mean(last);
  const realizedVol =
    returns.length >= ind.realizedVolDays ? Math.sqrt((last.reduce((a, r) => a + (r - rm) ** 2, 0) / (last.length - 1)) * 252) : undefined;
  let side = 0;
  const flags: number[] = [];
  for (const [j, s] of engineSmas.entries()) {
    if (s === undefined) continue;
    // A close within 1e-9 × max(1, SMA) of the SMA is on it (values/threshold.ts's tolerance).
    const off = (c[j] as number) - s;
    const now = Math.abs(off) <= 1e-9 * Math.max(1, Math.abs(s)) ? 0 : Math.sign(off);
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
  it('gives every feature of every bar as computed from scratch, gaps in time and days included', () => {
    const rules = loadConfig({ indicators: { smaPeriod: 4, slopeLookback: 3, ret5mBars: 2, ret15mBars: 5, volumeLookback: 3, atrPeriod: 3, realizedVolDays: 2 }, signals: { chop: { oscillationWindow: 5 } } }).rules;
    // Steps of one minute, two minutes (a missing bar) or a day (the next day, same time: a new daily close).
    const step = fc.constantFrom(60_000, 60_000, 60_000, 120_000, 86_400_000);
    const gappy = fc.tuple(barWalk('SPY', 60), fc.array(step, { minLength: 60, maxLength: 60 })).map(([bars, steps]) => {
      let ts = T0 - 60_000;
      return bars.map((b, i) => makeBar({ ...b, ts: (ts += steps[i] as number) }));
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
