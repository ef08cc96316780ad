import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/load.js';
import type { Features } from '../../../src/domain/features.js';
import { FeatureEngine } from '../../../src/domain/indicators/feature-engine.js';
import { evaluateSignal } from '../../../src/domain/signals/evaluate.js';
import { flatBar } from '../indicators/bar-arbitraries.js';

const { indicators, signals } = loadConfig({}).rules;

/** Runs closes/volumes through a fresh engine; returns each bar's features. */
function run(path: readonly (readonly [number, number])[]): Features[] {
  const engine = new FeatureEngine('SPY', indicators, signals);
  return path.map(([close, volume], i) => engine.update(flatBar('SPY', i, close, volume)));
}

describe('bars → features → signal', () => {
  const drift = Array.from({ length: 40 }, (_, i) => [100 * 1.0003 ** i, 1000] as const);
  const last = drift[39]?.[0] ?? 0;
  const breakout = [1, 2, 3].map((k) => [last * 1.0035 ** k, 3000] as const);

  it('a steady uptrend without a volume surge is not a breakout', () => {
    const f = run(drift).at(-1) as Features;
    expect(f.ready).toBe(true);
    expect(evaluateSignal(f, {}, signals).reasons).toEqual(['RET_5M_WEAK', 'RET_15M_WEAK', 'VOLUME_NOT_CONFIRMED']);
  });

  it('a momentum burst on rising volume is confirmed on its second bar', () => {
    const out = run([...drift, ...breakout]);
    expect(evaluateSignal(out[40] as Features, {}, signals).reasons).toEqual(['RET_15M_WEAK', 'VOLUME_NOT_CONFIRMED']);
    const d = evaluateSignal(out[41] as Features, { sentiment: -0.5 }, signals);
    expect(d.ok && d.value.direction).toBe('bullish');
    expect(d.reasons).toContain('SENTIMENT_OPPOSED');
  });

  it('an oscillation around a flat SMA is denied as chop, and only as chop, even with a breakout', () => {
    // 57 bars alternating 100.5, 100.5, 99.5, 99.5, … then 100.9 and 101.0 on triple volume.
    // Last bar (index 58): SMA20 = 100.095, 20 bars earlier 100 → slope 0.095 % (flat, < 0.2 %);
    // 9 crosses in the last 20 bars (≥ 3); ret_5m = 101 / 100.5 − 1 = 0.50 % (> 0.3 %), ret_15m =
    // 101 / 99.5 − 1 = 1.51 % (> 0.8 %), volume 3000 / 1000 and 3000 / 1100 on the last 2 bars (> 1.5):
    // every other rule passes (worked out in Python, outside the code).
    const osc = Array.from({ length: 57 }, (_, i) => [i % 4 < 2 ? 100.5 : 99.5, 1000] as const);
    const f = run([...osc, [100.9, 3000], [101.0, 3000]]).at(-1) as Features;
    expect(f).toMatchObject({ trend: 'flat', smaCrosses: 9, volumeBarsAbove: 2, ready: true });
    expect(evaluateSignal(f, {}, signals).reasons).toEqual(['CHOP']);
  });

  it('a breakout from a flat SMA that price never crossed is not chop: approved on the close\'s side', () => {
    // 45 bars at 100, then 100.2, 100.4, 100.6, 100.9, 101.2 (the last two on triple volume).
    // SMA20 = (15 × 100 + 503.3) / 20 = 100.165, 20 bars earlier 100: slope 0.165 % (flat);
    // closes on the SMA are touches, then above it: 0 crosses; ret_5m = ret_15m = 1.2 %.
    const flat = Array.from({ length: 45 }, () => [100, 1000] as const);
    const f = run([...flat, [100.2, 1000], [100.4, 1000], [100.6, 1000], [100.9, 3000], [101.2, 3000]]).at(-1) as Features;
    expect(f).toMatchObject({ trend: 'flat', smaCrosses: 0 });
    expect(f.sma20Slope).toBeCloseTo(0.00165, 12);
    const d = evaluateSignal(f, {}, signals);
    expect(d.ok && d.value.direction).toBe('bullish');
    expect(d.reasons).toEqual(['BULLISH_TREND', 'BREAKOUT_CONFIRMED', 'FLAT_SMA_BREAKOUT', 'IV_RANK_UNKNOWN', 'IV_VS_RV_UNKNOWN']);
  });

  it('a 5-minute return of exactly 0.3 %, computed by the engine, does not pass "ret_5m > 0.3 %"', () => {
    // A drift from 330, then 340, 343, 346, 348, 350 (index 49), 350.2 … 350.8, and 351.05 at index 54:
    // ret_5m = (351.05 − 350) / 350, exactly 0.3 %, in doubles 0.0030000000000000326 (above 0.003 by
    // rounding); ret_15m ≈ 5.1 %, slope ≈ 2.6 %, 2 volume bars: only ret_5m is in question.
    const drift = Array.from({ length: 45 }, (_, i) => [330 * 1.0003 ** i, 1000] as const);
    const climb = [340, 343, 346, 348, 350, 350.2, 350.4, 350.6].map((c) => [c, 1000] as const);
    const path = (last: number) => run([...drift, ...climb, [350.8, 3000], [last, 3000]]).at(-1) as Features;
    const exact = path(351.05);
    expect(exact.ret5m).toBeGreaterThan(0.003);
    expect(evaluateSignal(exact, {}, signals).reasons).toEqual(['RET_5M_WEAK']);
    // A cent more: (351.06 − 350) / 350 = 0.30286 %: passes.
    expect(evaluateSignal(path(351.06), {}, signals).ok).toBe(true);
  });
});
