import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/load.js';
import type { Features } from '../../../src/domain/features.js';
import { evaluateSignal } from '../../../src/domain/signals/evaluate.js';
import { bearish, bullish } from './features-fixture.js';

const cfg = loadConfig({}).rules.signals;

function reasonsOf(f: Features, ctx = {}, c = cfg) {
  return evaluateSignal(f, ctx, c).reasons;
}

describe('evaluateSignal: direction and breakout', () => {
  it('approves a confirmed bullish breakout as a day-trade call signal, with its notes', () => {
    const d = evaluateSignal(bullish(), { ivRank: 50 }, cfg);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.value).toMatchObject({ symbol: 'SPY', ts: 3_600_000, direction: 'bullish', tradeType: 'day', premiumSide: 'both' });
    expect(d.reasons).toEqual(['BULLISH_TREND', 'BREAKOUT_CONFIRMED', 'IV_VS_RV_UNKNOWN']);
  });

  it('mirrors for puts', () => {
    const d = evaluateSignal(bearish(), {}, cfg);
    expect(d.ok && d.value.direction).toBe('bearish');
    expect(d.reasons).toContain('BEARISH_TREND');
  });

  it('takes the trade type from config', () => {
    const swing = loadConfig({ signals: { tradeType: 'swing' } }).rules.signals;
    const d = evaluateSignal(bullish(), {}, swing);
    expect(d.ok && d.value.tradeType).toBe('swing');
  });

  it('needs ret_5m more than 0.3 % and ret_15m more than 0.8 % (boundaries, up to rounding, fail)', () => {
    expect(reasonsOf(bullish({ ret5m: 0.003 }))).toEqual(['RET_5M_WEAK']);
    // 100.3 / 100 − 1 = 0.0030000000000001137 and 100.8 / 100 − 1 = 0.008000000000000007: 0.3 % and 0.8 %, rounded.
    expect(reasonsOf(bullish({ ret5m: 100.3 / 100 - 1 }))).toEqual(['RET_5M_WEAK']);
    expect(reasonsOf(bullish({ ret15m: 100.8 / 100 - 1 }))).toEqual(['RET_15M_WEAK']);
    expect(reasonsOf(bearish({ ret5m: 99.7 / 100 - 1 }))).toEqual(['RET_5M_WEAK']);
    expect(evaluateSignal(bullish({ ret5m: 0.0031 }), {}, cfg).ok).toBe(true);
    expect(reasonsOf(bullish({ ret15m: 0.008 }))).toEqual(['RET_15M_WEAK']);
    expect(evaluateSignal(bullish({ ret15m: 0.0081 }), {}, cfg).ok).toBe(true);
    expect(reasonsOf(bearish({ ret5m: -0.003 }))).toEqual(['RET_5M_WEAK']);
    expect(reasonsOf(bearish({ ret15m: -0.008 }))).toEqual(['RET_15M_WEAK']);
    expect(reasonsOf(bearish({ ret5m: 0.006 }))).toEqual(['RET_5M_WEAK']); // rising into a put: wrong way
  });

  it('needs volume ratio > 1.5 on volumeBars.min (2) consecutive bars; 3 when configured', () => {
    expect(reasonsOf(bullish({ volumeBarsAbove: 1 }))).toEqual(['VOLUME_NOT_CONFIRMED']);
    const three = loadConfig({ signals: { momentum: { volumeBars: { min: 3, max: 3 } } } }).rules.signals;
    expect(reasonsOf(bullish({ volumeBarsAbove: 2 }), {}, three)).toEqual(['VOLUME_NOT_CONFIRMED']);
    expect(evaluateSignal(bullish({ volumeBarsAbove: 3 }), {}, three).ok).toBe(true);
  });

  it('with a sloped SMA20, needs trend_state to agree with the side of SMA20', () => {
    // Close above a falling SMA (trend_state 'flat': close and slope disagree), and the mirror.
    expect(reasonsOf(bullish({ sma20Slope: -0.005, trend: 'flat' }))).toEqual(['TREND_NOT_ALIGNED']);
    expect(reasonsOf(bearish({ sma20Slope: 0.005, trend: 'flat' }))).toEqual(['TREND_NOT_ALIGNED']);
    expect(reasonsOf(bullish({ close: 100, trend: 'flat' }))).toEqual(['PRICE_AT_SMA']);
    expect(reasonsOf(bullish({ close: 100 + 1e-12, trend: 'flat' }))).toEqual(['PRICE_AT_SMA']); // on it, up to rounding
  });

  it('with a flat SMA20 and no oscillation, the side is the close\'s and the breakout rules decide', () => {
    // trend_state is 'flat' (|slope| 0.19 % < 0.2 %), 2 crosses < 3: not chop, not TREND_NOT_ALIGNED.
    const d = evaluateSignal(bullish({ sma20Slope: 0.0019, trend: 'flat', smaCrosses: 2 }), {}, cfg);
    expect(d.ok && d.value.direction).toBe('bullish');
    expect(d.reasons).toEqual(['BULLISH_TREND', 'BREAKOUT_CONFIRMED', 'FLAT_SMA_BREAKOUT', 'IV_RANK_UNKNOWN', 'IV_VS_RV_UNKNOWN']);
    expect(evaluateSignal(bearish({ sma20Slope: -0.001, trend: 'flat', smaCrosses: 0 }), {}, cfg).ok).toBe(true);
    // Without the breakout it is denied for the breakout, not for the trend.
    expect(reasonsOf(bullish({ sma20Slope: 0.0019, trend: 'flat', smaCrosses: 2, ret5m: 0.001 }))).toEqual(['RET_5M_WEAK']);
  });

  it('denies NOT_READY until the features are warmed up (IV reasons still reported)', () => {
    expect(reasonsOf(bullish({ ready: false }))).toEqual(['NOT_READY']);
    expect(reasonsOf(bullish({ ready: false }), { ivRank: 95 })).toEqual(['NOT_READY', 'IV_RANK_HIGH']);
    expect(reasonsOf(bullish({ ret15m: undefined }))).toEqual(['NOT_READY']);
  });
});

describe('evaluateSignal: chop and IV filters', () => {
  it('denies CHOP, and only CHOP, when |SMA20 slope| < 0.2 % and price crossed SMA20 ≥ minCrosses times', () => {
    // The states the engine produces: a flat slope gives trend_state 'flat'.
    expect(reasonsOf(bullish({ sma20Slope: 0.0019, trend: 'flat', smaCrosses: 3 }))).toEqual(['CHOP']);
    expect(reasonsOf(bearish({ sma20Slope: -0.0019, trend: 'flat', smaCrosses: 5 }))).toEqual(['CHOP']);
    expect(evaluateSignal(bullish({ sma20Slope: 0.0019, trend: 'flat', smaCrosses: 2 }), {}, cfg).ok).toBe(true);
    // A slope of 0.2 % is not flat: oscillation alone is not chop.
    expect(evaluateSignal(bullish({ sma20Slope: 0.002, smaCrosses: 9 }), {}, cfg).ok).toBe(true);
  });

  it('the IV regime picks the side: short denies long premium with its reasons, long and both approve', () => {
    // realizedVol 0.2 in the fixture: iv 0.3 → IV/RV 1.5 ≥ 1.25 (rich); iv 0.15 → 0.75 ≤ 0.8 (cheap).
    expect(reasonsOf(bullish(), { ivRank: 81 })).toEqual(['IV_RANK_HIGH']);
    expect(reasonsOf(bullish(), { ivRank: 50, iv: 0.3 })).toEqual(['OPTIONS_RICH']);
    expect(reasonsOf(bullish(), { ivRank: 90, iv: 0.3 })).toEqual(['IV_RANK_HIGH', 'OPTIONS_RICH']);
    expect(reasonsOf(bearish(), { ivRank: 81 })).toEqual(['IV_RANK_HIGH']);
    const at80 = evaluateSignal(bullish(), { ivRank: 80 }, cfg);
    expect(at80.ok && at80.value.premiumSide).toBe('both');
    const low = evaluateSignal(bullish(), { ivRank: 10, iv: 0.15 }, cfg);
    expect(low.ok && low.value.premiumSide).toBe('long');
    expect(low.reasons).toEqual(['BULLISH_TREND', 'BREAKOUT_CONFIRMED', 'IV_RANK_LOW', 'OPTIONS_CHEAP']);
    // IV rank high but options cheap: they disagree, the side is both (the tie rule), approved with notes.
    const mixed = evaluateSignal(bullish(), { ivRank: 90, iv: 0.15 }, cfg);
    expect(mixed.ok && mixed.value.premiumSide).toBe('both');
    expect(mixed.reasons).toEqual(['BULLISH_TREND', 'BREAKOUT_CONFIRMED', 'IV_RANK_HIGH', 'OPTIONS_CHEAP', 'IV_REGIME_MIXED']);
    // Without realized vol the IV/RV half is skipped, with its reason.
    const noRv = evaluateSignal(bullish({ realizedVol: undefined }), { ivRank: 10, iv: 0.3 }, cfg);
    expect(noRv.ok && noRv.value.premiumSide).toBe('long');
    expect(noRv.reasons).toEqual(['BULLISH_TREND', 'BREAKOUT_CONFIRMED', 'IV_RANK_LOW', 'IV_VS_RV_UNKNOWN']);
  });

  it('gives a denial as a shared frozen value: the same failed rules, the same denial', () => {
    const a = evaluateSignal(bullish({ ret5m: 0.001 }), {}, cfg);
    const b = evaluateSignal(bullish({ ret5m: 0.002, close: 101 }), {}, cfg);
    expect(a).toBe(b);
    expect(Object.isFrozen(a) && Object.isFrozen(a.reasons)).toBe(true);
    expect(evaluateSignal(bullish({ ret15m: 0.001 }), {}, cfg)).not.toBe(a);
  });

  it('reports every failed condition, not just the first', () => {
    const weak = { ret5m: 0.001, ret15m: 0.002, volumeBarsAbove: 0 };
    const chop = bullish({ sma20Slope: 0.001, smaCrosses: 4, trend: 'flat', ...weak });
    expect(reasonsOf(chop, { ivRank: 90, iv: 0.3 })).toEqual(['CHOP', 'RET_5M_WEAK', 'RET_15M_WEAK', 'VOLUME_NOT_CONFIRMED', 'IV_RANK_HIGH', 'OPTIONS_RICH']);
    const against = bullish({ sma20Slope: -0.004, trend: 'flat', ...weak });
    expect(reasonsOf(against, { ivRank: 90 })).toEqual(['TREND_NOT_ALIGNED', 'RET_5M_WEAK', 'RET_15M_WEAK', 'VOLUME_NOT_CONFIRMED', 'IV_RANK_HIGH']);
  });
});

describe('evaluateSignal: confidence and sentiment', () => {
  it('scores confidence from momentum strength, scaled by aligned sentiment', () => {
    // ret5m 0.006 / (2 × 0.003) = 1; ret15m 0.012 / (2 × 0.008) = 0.75; volume 2 / 3 bars
    const base = (1 + 0.75 + 2 / 3) / 3;
    const plain = evaluateSignal(bullish(), {}, cfg);
    expect(plain.ok && plain.value.confidence).toBeCloseTo(base, 12);
    const up = evaluateSignal(bullish(), { sentiment: 0.4 }, cfg);
    expect(up.ok && up.value.confidence).toBeCloseTo(base * 1.1, 12);
    expect(up.reasons).toContain('SENTIMENT_ALIGNED');
    const down = evaluateSignal(bearish(), { sentiment: 0.4 }, cfg);
    expect(down.ok && down.value.confidence).toBeCloseTo(base * 0.9, 12);
    expect(down.reasons).toContain('SENTIMENT_OPPOSED');
  });

  it('rejects sentiment outside [-1, 1]', () => {
    expect(() => evaluateSignal(bullish(), { sentiment: 1.5 }, cfg)).toThrow(/sentiment must be a finite number in \[-1, 1\]/);
    expect(() => evaluateSignal(bullish(), { sentiment: Number.NaN }, cfg)).toThrow(/sentiment/);
  });

  const features = fc.record({
    close: fc.double({ min: 95, max: 105, noNaN: true }),
    sma20Slope: fc.double({ min: -0.01, max: 0.01, noNaN: true }),
    ret5m: fc.double({ min: -0.02, max: 0.02, noNaN: true }),
    ret15m: fc.double({ min: -0.03, max: 0.03, noNaN: true }),
    volumeBarsAbove: fc.integer({ min: 0, max: 6 }),
    smaCrosses: fc.integer({ min: 0, max: 8 }),
    trend: fc.constantFrom('up' as const, 'down' as const, 'flat' as const),
  });

  it('sentiment never changes direction or the verdict, and confidence stays in [0, 1]', () => {
    fc.assert(
      fc.property(features, fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (over, sentiment, weight) => {
        const c = { ...cfg, sentimentWeight: weight };
        const without = evaluateSignal(bullish(over), {}, c);
        const withS = evaluateSignal(bullish(over), { sentiment }, c);
        expect(withS.ok).toBe(without.ok);
        if (withS.ok && without.ok) {
          expect(withS.value.direction).toBe(without.value.direction);
          expect(withS.value.confidence).toBeGreaterThanOrEqual(0);
          expect(withS.value.confidence).toBeLessThanOrEqual(1);
        } else {
          expect(withS.reasons).toEqual(without.reasons);
        }
        const call = evaluateSignal(bullish(), { sentiment }, c);
        const put = evaluateSignal(bearish(), { sentiment }, c);
        expect([call.ok && call.value.direction, put.ok && put.value.direction]).toEqual(['bullish', 'bearish']);
      }),
      { numRuns: 500 },
    );
  });
});
