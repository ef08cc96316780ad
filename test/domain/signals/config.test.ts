import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/load.js';

describe('signals and indicators config keys', () => {
  it('defaults follow the seed', () => {
    const { signals, indicators } = loadConfig({}).rules;
    expect(signals).toMatchObject({
      tradeType: 'day',
      momentum: { ret5m: 0.003, ret15m: 0.008, volumeRatio: 1.5, volumeBars: { min: 2, max: 3 } },
      chop: { maxFlatSlope: 0.002, minCrosses: 3, oscillationWindow: 20 },
      ivRegime: { high: 80, low: 20, richRatio: 1.25, cheapRatio: 0.8 },
      confidenceSaturation: 2,
    });
    expect(indicators).toMatchObject({ smaPeriod: 20, slopeLookback: 20, ret5mBars: 5, ret15mBars: 15, realizedVolDays: 20, ivRankLookback: 252, ivRankMinObservations: 20 });
    expect(signals.ivRegime).not.toHaveProperty('denyLongWhenRich');
    expect(indicators).not.toHaveProperty('realizedVolWindow');
    expect(indicators).not.toHaveProperty('barsPerYear');
  });

  it('takes a per-ticker trade type and the 63-day IV lookback', () => {
    const cfg = loadConfig({ tickers: { TSLA: { signals: { tradeType: 'swing' }, indicators: { ivRankLookback: 63 } } } });
    expect(cfg.tickers.TSLA?.signals.tradeType).toBe('swing');
    expect(cfg.tickers.TSLA?.indicators.ivRankLookback).toBe(63);
    expect(cfg.rules.signals.tradeType).toBe('day');
  });

  it('rejects bad values', () => {
    expect(() => loadConfig({ signals: { tradeType: 'scalp' } })).toThrow(/signals.tradeType/);
    expect(() => loadConfig({ indicators: { ivRankLookback: 10 } })).toThrow(/ivRankMinObservations must be <= ivRankLookback/);
    expect(() => loadConfig({ signals: { ivRegime: { cheapRatio: 2 } } })).toThrow(/cheapRatio must be < ivRegime.richRatio/);
    expect(() => loadConfig({ signals: { ivRegime: { cheapRatio: 1.25 } } })).toThrow(/cheapRatio must be < ivRegime.richRatio/);
    expect(() => loadConfig({ signals: { ivRegime: { denyLongWhenRich: true } } })).toThrow(/denyLongWhenRich/);
    expect(() => loadConfig({ indicators: { realizedVolWindow: 30 } })).toThrow(/realizedVolWindow/);
    expect(() => loadConfig({ indicators: { realizedVolDays: 1 } })).toThrow(/realizedVolDays/);
    expect(() => loadConfig({ signals: { confidenceSaturation: 0.5 } })).toThrow(/confidenceSaturation/);
  });
});
