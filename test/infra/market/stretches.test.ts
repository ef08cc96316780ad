import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/infra/market/random.js';
import { inStretch, stretchOf, type DayPlan } from '../../../src/infra/market/regimes.js';
import { initialState, simulateDay } from '../../../src/infra/market/simulate.js';
import { drawTicker } from '../../../src/infra/market/tickers.js';

const calm: DayPlan = { regime: 'chop', gap: 0.004, volMult: 0.75, driftPerMin: 0, reversion: 0.05, breakouts: [] };

describe('market-wide stretches', () => {
  it('run warm-up 25 days, fear 6 (days 25–30), IV crush 10 (days 31–40), then normal, on a 60-day market', () => {
    // 25 + 6 = 31, 31 + 10 = 41.
    const names = [0, 24, 25, 30, 31, 40, 41, 59].map((i) => stretchOf(i, 60).name);
    expect(names).toEqual(['normal', 'normal', 'fear', 'fear', 'crush', 'crush', 'normal', 'normal']);
  });

  it('are absent from a market shorter than the three phases (25 + 6 + 10 = 41 days)', () => {
    expect(Array.from({ length: 40 }, (_, i) => stretchOf(i, 40).name).every((n) => n === 'normal')).toBe(true);
    expect(stretchOf(25, 41).name).toBe('fear');
  });

  it('scale the plan: fear widens the gap ×3 and the vol ×1.4 and lifts the IV target ×1.6; crush lowers it ×0.7', () => {
    expect(inStretch(calm, stretchOf(0, 60))).toBe(calm);
    const fear = inStretch(calm, stretchOf(25, 60));
    expect(fear.gap).toBeCloseTo(0.012, 12); // 0.004 × 3
    expect(fear.volMult).toBeCloseTo(1.05, 12); // 0.75 × 1.4
    expect(fear.ivMult).toBe(1.6);
    expect(inStretch(calm, stretchOf(31, 60)).ivMult).toBe(0.7);
  });

  it('move implied vol with the IV target: above the normal day in fear, below it in the crush', () => {
    const t = drawTicker(4, 0);
    const sim = { ...t.sim, ivPremium: t.ivPremium };
    const lastIv = (plan: DayPlan): number => simulateDay(mulberry32(9), sim, initialState(sim), '2025-06-02', plan).bars[389]?.iv ?? 0;
    const normal = lastIv(calm);
    // Same random draws, only the target differs: after a day of 1 %/minute pull the IV is most of the way to it.
    expect(lastIv({ ...calm, ivMult: 1.6 })).toBeGreaterThan(1.4 * normal);
    expect(lastIv({ ...calm, ivMult: 0.7 })).toBeLessThan(0.8 * normal);
  });
});
