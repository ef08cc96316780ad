import type { IndicatorsConfig, SignalsConfig } from '../config/schema.js';
import { DomainError } from '../errors.js';
import type { Features } from '../features.js';
import type { Bar } from '../values/bar.js';
import { MINUTE_MS } from '../values/time.js';
import { Atr, type AtrState } from './atr.js';
import { RealizedVol, type RealizedVolState } from './realized-vol.js';
import { RelativeChange } from './relative-change.js';
import { RingBuffer, type RingBufferState } from './ring-buffer.js';
import { Sma, type SmaState } from './sma.js';
import { SmaCrosses, type SmaCrossesState } from './sma-crosses.js';
import { trendState } from './trend.js';
import { VolumeRatio, type VolumeRatioState } from './volume-ratio.js';

/** A FeatureEngine's plain, JSON-serialisable state (journaled by the Underlying actor). */
export interface FeatureEngineState {
  readonly version: 1;
  readonly symbol: string;
  readonly sma: SmaState;
  readonly slope: RingBufferState;
  readonly ret5m: RingBufferState;
  readonly ret15m: RingBufferState;
  readonly volume: VolumeRatioState;
  readonly atr: AtrState;
  readonly realizedVol: RealizedVolState;
  readonly crosses: SmaCrossesState;
  /** Open times of the latest bars, to tell a 5- or 15-minute return from one across a gap. */
  readonly times: RingBufferState;
}

interface Parts {
  readonly sma: Sma;
  readonly slope: RelativeChange;
  readonly ret5m: RelativeChange;
  readonly ret15m: RelativeChange;
  readonly volume: VolumeRatio;
  readonly atr: Atr;
  readonly realizedVol: RealizedVol;
  readonly crosses: SmaCrosses;
  readonly times: RingBuffer;
}

/** Feeds the return's window (it still needs the close) but reports no return. */
function skip(change: RelativeChange, close: number): undefined {
  change.update(close);
  return undefined;
}

/** A number that is finite, else undefined: no NaN or Infinity ever reaches a feature. */
function finiteOrUndefined(x: number | undefined): number | undefined {
  return x !== undefined && Number.isFinite(x) ? x : undefined;
}

/**
 * Turns an underlying's bars into Features, O(1) per bar. Bar order is the caller's job
 * (the Underlying actor rejects duplicate and out-of-order bars before they get here).
 */
export class FeatureEngine {
  private readonly parts: Parts;

  constructor(
    readonly symbol: string,
    private readonly indicators: IndicatorsConfig,
    private readonly signals: SignalsConfig,
    /** Internal: restored indicator state (see `restore`). */
    parts?: Parts,
  ) {
    this.parts = parts ?? {
      sma: Sma.create(indicators.smaPeriod),
      slope: RelativeChange.create(indicators.slopeLookback),
      ret5m: RelativeChange.create(indicators.ret5mBars),
      ret15m: RelativeChange.create(indicators.ret15mBars),
      volume: VolumeRatio.create(indicators.volumeLookback, signals.momentum.volumeRatio),
      atr: Atr.create(indicators.atrPeriod),
      realizedVol: RealizedVol.create(indicators.realizedVolWindow, indicators.barsPerYear),
      crosses: SmaCrosses.create(signals.chop.oscillationWindow),
      times: new RingBuffer(Math.max(indicators.ret5mBars, indicators.ret15mBars) + 1),
    };
  }

  update(bar: Bar): Features {
    if (bar.symbol !== this.symbol) {
      throw new DomainError('WRONG_SYMBOL', `feature engine for ${this.symbol} got a ${bar.symbol} bar`, 'symbol');
    }
    const p = this.parts;
    const sma20 = finiteOrUndefined(p.sma.update(bar.close));
    const sma20Slope = finiteOrUndefined(sma20 === undefined ? undefined : p.slope.update(sma20));
    p.times.push(bar.ts);
    // ret_5m and ret_15m are returns over 5 and 15 minutes: across an overnight gap or a missing
    // bar the close N bars back is not N minutes back, so the return is undefined (not ready).
    const ret5m = this.spansMinutes(this.indicators.ret5mBars, bar.ts) ? finiteOrUndefined(p.ret5m.update(bar.close)) : skip(p.ret5m, bar.close);
    const ret15m = this.spansMinutes(this.indicators.ret15mBars, bar.ts) ? finiteOrUndefined(p.ret15m.update(bar.close)) : skip(p.ret15m, bar.close);
    const volumeRatio = finiteOrUndefined(p.volume.update(bar.volume));
    const atr = finiteOrUndefined(p.atr.update(bar.high, bar.low, bar.close));
    const realizedVol = finiteOrUndefined(p.realizedVol.update(bar.close));
    const smaCrosses = p.crosses.update(bar.close, sma20);
    const allDefined =
      sma20Slope !== undefined && ret5m !== undefined && ret15m !== undefined && volumeRatio !== undefined && atr !== undefined;
    return {
      symbol: this.symbol,
      ts: bar.ts,
      close: bar.close,
      sma20,
      sma20Slope,
      ret5m,
      ret15m,
      volumeRatio,
      volumeBarsAbove: p.volume.barsAbove,
      atr,
      realizedVol,
      smaCrosses,
      trend: trendState(bar.close, sma20, sma20Slope, this.signals.chop.maxFlatSlope),
      ready: allDefined && realizedVol !== undefined && p.crosses.initialized,
    };
  }

  /** The bar `bars` back opened exactly `bars` minutes before `ts`. */
  private spansMinutes(bars: number, ts: number): boolean {
    return this.parts.times.fromNewest(bars) === ts - bars * MINUTE_MS;
  }

  snapshot(): FeatureEngineState {
    const p = this.parts;
    return {
      version: 1,
      symbol: this.symbol,
      sma: p.sma.snapshot(),
      slope: p.slope.snapshot(),
      ret5m: p.ret5m.snapshot(),
      ret15m: p.ret15m.snapshot(),
      volume: p.volume.snapshot(),
      atr: p.atr.snapshot(),
      realizedVol: p.realizedVol.snapshot(),
      crosses: p.crosses.snapshot(),
      times: p.times.snapshot(),
    };
  }

  /** Rebuilds an engine from a snapshot; throws STATE_CONFIG_MISMATCH if a window size changed. */
  static restore(state: FeatureEngineState, indicators: IndicatorsConfig, signals: SignalsConfig): FeatureEngine {
    return new FeatureEngine(state.symbol, indicators, signals, {
      sma: Sma.restore(state.sma, indicators.smaPeriod),
      slope: RelativeChange.restore(state.slope, indicators.slopeLookback, 'sma20Slope'),
      ret5m: RelativeChange.restore(state.ret5m, indicators.ret5mBars, 'ret5m'),
      ret15m: RelativeChange.restore(state.ret15m, indicators.ret15mBars, 'ret15m'),
      volume: VolumeRatio.restore(state.volume, indicators.volumeLookback, signals.momentum.volumeRatio),
      atr: Atr.restore(state.atr, indicators.atrPeriod),
      realizedVol: RealizedVol.restore(state.realizedVol, indicators.realizedVolWindow, indicators.barsPerYear),
      crosses: SmaCrosses.restore(state.crosses, signals.chop.oscillationWindow),
      times: RingBuffer.restore(state.times, Math.max(indicators.ret5mBars, indicators.ret15mBars) + 1, 'times'),
    });
  }
}
