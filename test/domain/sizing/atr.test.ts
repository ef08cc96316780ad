import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { DomainError } from '../../../src/domain/errors.js';
import { atrBound } from '../../../src/domain/sizing/atr.js';

const { sizing } = loadConfig({}).rules;
/** A 16-bar day horizon: √16 = 4, so a $0.30 bar ATR is a $1.20 horizon ATR. */
const sixteen = loadConfig({ sizing: { atr: { horizonBars: { day: 16 } } } }).rules.sizing.atr;

describe('atrBound: RiskAmount / (|Δ| × ATR × Factor × multiplier)', () => {
  it('defaults: Factor 2, horizons 60 bars (day) and 390 (swing)', () => {
    expect(sizing.atr).toEqual({ enabled: true, factor: 2, horizonBars: { day: 60, swing: 390 } });
  });

  it('$500 at risk, ATR $1.20, |Δ| 0.55, Factor 2 → 3 contracts', () => {
    // Horizon ATR = 0.30 × √16 = 1.20; risk per contract = 0.55 × 1.20 × 2 × 100 = $132; 500 / 132 = 3.79 → 3.
    const b = atrBound(500, { atr: 0.3, delta: 0.55, multiplier: 100, tradeType: 'day' }, sixteen);
    expect(b).toEqual({ applies: true, riskPerContract: expect.closeTo(132, 9), contracts: 3 });
  });

  it('a put’s negative delta counts by its size', () => {
    expect(atrBound(500, { atr: 0.3, delta: -0.55, multiplier: 100, tradeType: 'day' }, sixteen)).toMatchObject({ applies: true, contracts: 3 });
  });

  it('day default: a $0.20 one-minute ATR over 60 bars', () => {
    // √60 = 7.745967; horizon ATR = 1.549193; 0.5 × 1.549193 × 2 × 100 = $154.92; $910 / 154.92 = 5.87 → 5.
    const b = atrBound(910, { atr: 0.2, delta: 0.5, multiplier: 100, tradeType: 'day' }, sizing.atr);
    expect(b).toEqual({ applies: true, riskPerContract: expect.closeTo(154.9193, 3), contracts: 5 });
  });

  it('swing default: a $0.25 one-minute ATR over 390 bars (about a daily ATR)', () => {
    // √390 = 19.748418; horizon ATR = 4.937104; 0.55 × 4.937104 × 2 × 100 = $543.08; $1,820 / 543.08 = 3.35 → 3.
    const b = atrBound(1820, { atr: 0.25, delta: 0.55, multiplier: 100, tradeType: 'swing' }, sizing.atr);
    expect(b).toEqual({ applies: true, riskPerContract: expect.closeTo(543.0815, 3), contracts: 3 });
  });

  it('a higher ATR buys fewer contracts: twice the ATR, half the count', () => {
    // 0.60 × 4 = 2.40; 0.55 × 2.40 × 2 × 100 = $264; 500 / 264 = 1.89 → 1.
    expect(atrBound(500, { atr: 0.6, delta: 0.55, multiplier: 100, tradeType: 'day' }, sixteen)).toMatchObject({ contracts: 1 });
  });

  it('is skipped with a reason when the ATR or the delta is unknown, silently when off or zero', () => {
    expect(atrBound(500, { delta: 0.55, multiplier: 100, tradeType: 'day' }, sizing.atr)).toEqual({ applies: false, reason: 'ATR_UNKNOWN' });
    expect(atrBound(500, { atr: 0.3, multiplier: 100, tradeType: 'day' }, sizing.atr)).toEqual({ applies: false, reason: 'DELTA_UNKNOWN' });
    expect(atrBound(500, { multiplier: 100, tradeType: 'day' }, { ...sizing.atr, enabled: false })).toEqual({ applies: false });
    expect(atrBound(500, { atr: 0, delta: 0.55, multiplier: 100, tradeType: 'day' }, sizing.atr)).toEqual({ applies: false });
    expect(atrBound(500, { atr: 0.3, delta: 0, multiplier: 100, tradeType: 'day' }, sizing.atr)).toEqual({ applies: false });
  });

  it.each([
    ['NaN ATR', { atr: Number.NaN, delta: 0.5 }],
    ['negative ATR', { atr: -0.1, delta: 0.5 }],
    ['delta above 1', { atr: 0.3, delta: 1.5 }],
    ['infinite delta', { atr: 0.3, delta: Number.POSITIVE_INFINITY }],
  ])('%s throws DomainError', (_name, patch) => {
    expect(() => atrBound(500, { ...patch, multiplier: 100, tradeType: 'day' }, sizing.atr)).toThrow(DomainError);
  });

  it('the config refuses a zero factor or horizon', () => {
    expect(() => loadConfig({ sizing: { atr: { factor: 0 } } })).toThrow(/factor/);
    expect(() => loadConfig({ sizing: { atr: { horizonBars: { swing: 0 } } } })).toThrow(/horizonBars/);
  });
});
