import { nyDate, nyDayEndMs } from '../calendar/session.js';
import type { IndicatorsConfig, SignalsConfig } from '../config/schema.js';
import { DomainError } from '../errors.js';
import { featuresOf, type FeatureFrame, type Features } from '../features.js';
import { TRADING_DAYS_PER_YEAR } from '../stats/returns.js';
import type { Bar } from '../values/bar.js';
import type { Mutable } from '../values/numbers.js';
import { lessThan, moreThan } from '../values/threshold.js';
import { MINUTE_MS } from '../values/time.js';
import { ring, ringLeaving, ringOf, ringPush, ringState, type Ring, type RingBufferState } from './ring-buffer.js';
import { trendState } from './trend.js';

/** The windows a state was saved under: restoring it under others would mix two configs. */
type Windows = Pick<IndicatorsConfig, 'smaPeriod' | 'slopeLookback' | 'ret5mBars' | 'ret15mBars' | 'volumeLookback' | 'atrPeriod' | 'realizedVolDays'> & {
  readonly oscillationWindow: number;
};

/** A FeatureEngine's plain, JSON-serialisable state (journaled by the Underlying actor). */
export interface FeatureEngineState {
  readonly version: 3;
  readonly symbol: string;
  readonly windows: Windows;
  /** The latest bars' open times and closes (the SMA's and the returns' windows). */
  readonly times: RingBufferState;
  readonly closes: RingBufferState;
  readonly smaSum: number;
  /** The latest SMA values (the slope's window). */
  readonly smas: RingBufferState;
  /** The previous bars' volumes (the volume ratio's base). */
  readonly volumes: RingBufferState;
  readonly volumeSum: number;
  readonly volumeRatio: number | null;
  readonly volumeBarsAbove: number;
  readonly atrWarmupSum: number;
  readonly atrWarmupCount: number;
  readonly atr: number | null;
  /** When the New York day of the last bar ends (epoch ms); null before the first bar. */
  readonly dayEnd: number | null;
  /** The last completed session's close; null before one has completed. */
  readonly dayClose: number | null;
  /** Daily log returns, close to close (realized volatility's window), their sum and sum of squares. */
  readonly dailyReturns: RingBufferState;
  readonly dailySum: number;
  readonly dailySumSq: number;
  /** 1 where a close crossed the SMA, per bar with an SMA (the chop filter's window). */
  readonly crossFlags: RingBufferState;
  readonly crosses: number;
  /** Side of the SMA the close was last strictly on: 1 above, −1 below, 0 not yet known. */
  readonly lastSide: number;
}

function windowsOf(indicators: IndicatorsConfig, signals: SignalsConfig): Windows {
  const { smaPeriod, slopeLookback, ret5mBars, ret15mBars, volumeLookback, atrPeriod, realizedVolDays } = indicators;
  return { smaPeriod, slopeLookback, ret5mBars, ret15mBars, volumeLookback, atrPeriod, realizedVolDays, oscillationWindow: signals.chop.oscillationWindow };
}

/** A number that is finite, else NaN (not ready): no Infinity ever reaches a feature. */
function finiteOrNaN(x: number): number {
  return Number.isFinite(x) ? x : Number.NaN;
}

/** The slot `k` places before slot `at` in a ring of `capacity` (k < capacity). */
function slotBack(at: number, k: number, capacity: number): number {
  return at >= k ? at - k : at - k + capacity;
}

/**
 * Turns an underlying's bars into Features, O(1) per bar and without an object per bar (a
 * backtest takes millions): every indicator is a running sum or a recurrence over a window of
 * numbers. Bar order is the caller's job (the Underlying actor rejects duplicate and out-of-order
 * bars before they get here). A feature is not ready (NaN in the frame, undefined in Features)
 * until its window is full.
 *
 * - SMA20: the mean of the last `smaPeriod` closes; its slope: (SMA now − SMA `slopeLookback` bars
 *   ago) / SMA then.
 * - ret_5m and ret_15m: returns over 5 and 15 minutes: across an overnight gap or a missing bar
 *   the close N bars back is not N minutes back, so the return is not ready.
 * - Volume ratio: this bar's volume / the mean of the previous `volumeLookback` bars' (not ready
 *   when they traded nothing); bars above: the run of consecutive bars, ending with this one,
 *   whose ratio was strictly above the momentum threshold.
 * - ATR (Wilder): true range = max(high − low, |high − previous close|, |low − previous close|),
 *   high − low on the first bar; the first ATR is the mean of the first `atrPeriod` true ranges,
 *   then ATR = (ATR_prev × (period − 1) + TR) / period.
 * - Realized vol, from DAILY closes: a bar's day is its New York date (calendar/session.ts) and the
 *   last close of a day is that day's close, known when the first bar of a later day arrives (today's
 *   partial day never counts). The sample standard deviation (n − 1) of the last `realizedVolDays`
 *   daily log returns × √252, from running sums (a rounding negative variance is 0): constant
 *   through a day, not ready until `realizedVolDays` + 1 sessions have closed. Not part of `ready`
 *   (the price rules do not read it; the IV regime skips it, with a reason, while it is missing).
 * - SMA crosses: closes on the other side of the SMA (beyond rounding: values/threshold.ts) from
 *   the last close off it, within the last `oscillationWindow` bars that had an SMA (touching is
 *   not a cross).
 */
export class FeatureEngine {
  /** The latest bars' open times and closes, in step: the SMA's window (and the close leaving it) and both returns'. */
  private times: Ring;
  private closes: Ring;
  /** The latest SMA values: the slope's window. */
  private smas: Ring;
  /** The previous bars' volumes: the volume ratio's base. */
  private volumes: Ring;
  /** Daily log returns close to close: realized volatility's window. */
  private dailyReturns: Ring;
  /** 1 where a close crossed the SMA, per bar with an SMA: the chop filter's window. */
  private crossFlags: Ring;
  private smaSum = 0;
  private volumeSum = 0;
  private volumeRatio = Number.NaN;
  private volumeBarsAbove = 0;
  private atrWarmupSum = 0;
  private atrWarmupCount = 0;
  private atr = Number.NaN;
  private dayEnd = Number.NEGATIVE_INFINITY;
  private dayClose = Number.NaN;
  private dailySum = 0;
  private dailySumSq = 0;
  private crosses = 0;
  private lastSide = 0;
  /** The features after the latest bar, overwritten by the next (see `advance`). */
  readonly frame: Mutable<FeatureFrame> = {
    ts: Number.NaN,
    close: Number.NaN,
    sma20: Number.NaN,
    sma20Slope: Number.NaN,
    ret5m: Number.NaN,
    ret15m: Number.NaN,
    volumeRatio: Number.NaN,
    volumeBarsAbove: 0,
    atr: Number.NaN,
    realizedVol: Number.NaN,
    smaCrosses: 0,
    trend: 'flat',
    ready: false,
  };

  constructor(
    readonly symbol: string,
    private readonly indicators: IndicatorsConfig,
    private readonly signals: SignalsConfig,
  ) {
    const w = windowsOf(indicators, signals);
    const recent = recentCapacity(w);
    this.times = ring(recent);
    this.closes = ring(recent);
    this.smas = ring(w.slopeLookback + 1);
    this.volumes = ring(w.volumeLookback);
    this.dailyReturns = ring(w.realizedVolDays);
    this.crossFlags = ring(w.oscillationWindow);
  }

  /** Takes the next bar in: its features, to keep. */
  update(bar: Bar): Features {
    return featuresOf(this.symbol, this.advance(bar));
  }

  /**
   * Takes the next bar in and returns the engine's frame of its features: overwritten by the next
   * bar, so read it before then.
   */
  advance(bar: Bar): FeatureFrame {
    if (bar.symbol !== this.symbol) {
      throw new DomainError('WRONG_SYMBOL', `feature engine for ${this.symbol} got a ${bar.symbol} bar`, 'symbol');
    }
    const ind = this.indicators;
    const { ts, high, low, close, volume } = bar;

    // Times and closes, in step (one position and count for both): `at` is this bar's slot.
    const t = this.times.data;
    const c = this.closes.data;
    const cap = c.length;
    const had = this.closes.count;
    const at = this.closes.pos;
    const prevClose = had > 0 ? (c[slotBack(at, 1, cap)] as number) : Number.NaN;
    t[at] = ts;
    c[at] = close;
    this.times.pos = this.closes.pos = at + 1 === cap ? 0 : at + 1;
    const count = had < cap ? had + 1 : cap;
    this.times.count = this.closes.count = count;

    // SMA and its slope.
    const period = ind.smaPeriod;
    this.smaSum += close - (count > period ? (c[slotBack(at, period, cap)] as number) : 0);
    const sma20 = count >= period ? finiteOrNaN(this.smaSum / period) : Number.NaN;
    let sma20Slope = Number.NaN;
    if (!Number.isNaN(sma20)) {
      const s = this.smas;
      ringPush(s, sma20);
      const then = s.data[s.pos] as number; // the oldest, once full
      if (s.count === s.data.length && then > 0) sma20Slope = finiteOrNaN((sma20 - then) / then);
    }

    // Returns over 5 and 15 minutes: only when the bar that far back is that many minutes back.
    const r5 = ind.ret5mBars;
    const r15 = ind.ret15mBars;
    const at5 = slotBack(at, r5, cap);
    const at15 = slotBack(at, r15, cap);
    const then5 = c[at5] as number;
    const then15 = c[at15] as number;
    const ret5m = count > r5 && t[at5] === ts - r5 * MINUTE_MS && then5 > 0 ? finiteOrNaN((close - then5) / then5) : Number.NaN;
    const ret15m = count > r15 && t[at15] === ts - r15 * MINUTE_MS && then15 > 0 ? finiteOrNaN((close - then15) / then15) : Number.NaN;

    // Volume: against the previous bars' mean, then this bar joins them.
    const v = this.volumes;
    const mean = this.volumeSum / v.data.length;
    this.volumeRatio = v.count === v.data.length && mean > 0 ? volume / mean : Number.NaN;
    this.volumeBarsAbove = moreThan(this.volumeRatio, this.signals.momentum.volumeRatio) ? this.volumeBarsAbove + 1 : 0;
    this.volumeSum += volume - ringLeaving(v);
    ringPush(v, volume);

    // ATR (Wilder).
    const tr = had === 0 ? high - low : Math.max(high - low, Math.abs(high - prevClose), Math.abs(low - prevClose));
    const atrPeriod = ind.atrPeriod;
    if (!Number.isNaN(this.atr)) this.atr = (this.atr * (atrPeriod - 1) + tr) / atrPeriod;
    else {
      this.atrWarmupSum += tr;
      this.atrWarmupCount += 1;
      if (this.atrWarmupCount === atrPeriod) this.atr = this.atrWarmupSum / atrPeriod;
    }

    // Realized vol from daily closes: a new New York day closes the previous one at its last close.
    if (ts >= this.dayEnd) {
      if (had > 0) this.closeDay(prevClose);
      this.dayEnd = nyDayEndMs(nyDate(ts));
    }
    const rv = this.dailyReturns;
    const n = rv.data.length;
    const realizedVol =
      rv.count === n
        ? finiteOrNaN(Math.sqrt(Math.max(0, (this.dailySumSq - (this.dailySum * this.dailySum) / n) / (n - 1)) * TRADING_DAYS_PER_YEAR))
        : Number.NaN;

    // Crosses of the SMA.
    const x = this.crossFlags;
    if (!Number.isNaN(sma20)) {
      const side = moreThan(close, sma20) ? 1 : lessThan(close, sma20) ? -1 : 0;
      const crossed = side !== 0 && this.lastSide !== 0 && side !== this.lastSide ? 1 : 0;
      if (side !== 0) this.lastSide = side;
      this.crosses += crossed - ringLeaving(x);
      ringPush(x, crossed);
    }

    const f = this.frame;
    f.ts = ts;
    f.close = close;
    f.sma20 = sma20;
    f.sma20Slope = sma20Slope;
    f.ret5m = ret5m;
    f.ret15m = ret15m;
    f.volumeRatio = finiteOrNaN(this.volumeRatio);
    f.volumeBarsAbove = this.volumeBarsAbove;
    f.atr = finiteOrNaN(this.atr);
    f.realizedVol = realizedVol;
    f.smaCrosses = this.crosses;
    f.trend = trendState(close, sma20, sma20Slope, this.signals.chop.maxFlatSlope);
    f.ready =
      !Number.isNaN(sma20Slope) &&
      !Number.isNaN(ret5m) &&
      !Number.isNaN(ret15m) &&
      !Number.isNaN(f.volumeRatio) &&
      !Number.isNaN(f.atr) &&
      x.count === x.data.length;
    return f;
  }

  /** A session has closed at `close`: its log return from the previous session's close joins the window. */
  private closeDay(close: number): void {
    if (!Number.isNaN(this.dayClose)) {
      const r = Math.log(close / this.dayClose);
      const rv = this.dailyReturns;
      const out = ringLeaving(rv);
      ringPush(rv, r);
      this.dailySum += r - out;
      this.dailySumSq += r * r - out * out;
    }
    this.dayClose = close;
  }

  snapshot(): FeatureEngineState {
    return {
      version: 3,
      symbol: this.symbol,
      windows: windowsOf(this.indicators, this.signals),
      times: ringState(this.times),
      closes: ringState(this.closes),
      smaSum: this.smaSum,
      smas: ringState(this.smas),
      volumes: ringState(this.volumes),
      volumeSum: this.volumeSum,
      volumeRatio: nullIfNaN(this.volumeRatio),
      volumeBarsAbove: this.volumeBarsAbove,
      atrWarmupSum: this.atrWarmupSum,
      atrWarmupCount: this.atrWarmupCount,
      atr: nullIfNaN(this.atr),
      dayEnd: Number.isFinite(this.dayEnd) ? this.dayEnd : null,
      dayClose: nullIfNaN(this.dayClose),
      dailyReturns: ringState(this.dailyReturns),
      dailySum: this.dailySum,
      dailySumSq: this.dailySumSq,
      crossFlags: ringState(this.crossFlags),
      crosses: this.crosses,
      lastSide: this.lastSide,
    };
  }

  /** Rebuilds an engine from a snapshot; throws STATE_CONFIG_MISMATCH if a window size changed. */
  static restore(state: FeatureEngineState, indicators: IndicatorsConfig, signals: SignalsConfig): FeatureEngine {
    if (state.version !== 3) throw new DomainError('BAD_STATE', `feature engine state version ${String(state.version)} is not 3: rebuild it from bars`, 'version');
    const w = windowsOf(indicators, signals);
    for (const [name, size] of Object.entries(w)) {
      const saved = state.windows[name as keyof Windows];
      if (saved !== size) {
        throw new DomainError('STATE_CONFIG_MISMATCH', `${name}: saved window of ${saved} does not fit configured ${size}`, name);
      }
    }
    if (state.times.values.length !== state.closes.values.length) {
      throw new DomainError('BAD_STATE', `saved bar times (${state.times.values.length}) and closes (${state.closes.values.length}) differ`, 'times');
    }
    const e = new FeatureEngine(state.symbol, indicators, signals);
    e.times = ringOf(state.times, recentCapacity(w), 'times');
    e.closes = ringOf(state.closes, recentCapacity(w), 'closes');
    e.smas = ringOf(state.smas, w.slopeLookback + 1, 'smas');
    e.volumes = ringOf(state.volumes, w.volumeLookback, 'volumes');
    e.dailyReturns = ringOf(state.dailyReturns, w.realizedVolDays, 'dailyReturns');
    e.crossFlags = ringOf(state.crossFlags, w.oscillationWindow, 'crossFlags');
    e.smaSum = state.smaSum;
    e.volumeSum = state.volumeSum;
    e.volumeRatio = state.volumeRatio ?? Number.NaN;
    e.volumeBarsAbove = state.volumeBarsAbove;
    e.atrWarmupSum = state.atrWarmupSum;
    e.atrWarmupCount = state.atrWarmupCount;
    e.atr = state.atr ?? Number.NaN;
    e.dayEnd = state.dayEnd ?? Number.NEGATIVE_INFINITY;
    e.dayClose = state.dayClose ?? Number.NaN;
    e.dailySum = state.dailySum;
    e.dailySumSq = state.dailySumSq;
    e.crosses = state.crosses;
    e.lastSide = state.lastSide;
    return e;
  }
}

/** One window of times and closes serves the SMA (which also reads the close leaving it) and both returns. */
function recentCapacity(w: Windows): number {
  return Math.max(w.smaPeriod + 1, w.ret5mBars + 1, w.ret15mBars + 1);
}

function nullIfNaN(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}
