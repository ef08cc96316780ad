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

  it('an oscillation around a flat SMA is denied as chop', () => {
    const chop = Array.from({ length: 60 }, (_, i) => [i % 4 < 2 ? 100.3 : 99.7, 1000] as const);
    const f = run(chop).at(-1) as Features;
    expect(evaluateSignal(f, {}, signals).reasons).toContain('CHOP');
  });
});
