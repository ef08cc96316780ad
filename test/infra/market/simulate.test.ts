import { describe, expect, it } from 'vitest';
import { tradingDaysFrom } from '../../../src/domain/calendar/index.js';
import { makeBar } from '../../../src/domain/values/bar.js';
import type { CsvBar } from '../../../src/infra/market/csv.js';
import { mulberry32 } from '../../../src/infra/market/random.js';
import { planDay, REGIMES, type DayPlan, type Regime } from '../../../src/infra/market/regimes.js';
import { initialState, simulateDay } from '../../../src/infra/market/simulate.js';
import { drawTicker, tickerName } from '../../../src/infra/market/tickers.js';

function simulate(seed: number, index: number, days: readonly string[]): { bars: CsvBar[]; regimes: Regime[] } {
  const t = drawTicker(seed, index);
  const sim = { ...t.sim, ivPremium: t.ivPremium };
  const rng = mulberry32(seed * 31 + index);
  let state = initialState(sim);
  const bars: CsvBar[] = [];
  const regimes: Regime[] = [];
  for (const date of days) {
    const plan = planDay(rng);
    regimes.push(plan.regime);
    const day = simulateDay(rng, sim, state, date, plan);
    state = day.state;
    bars.push(...day.bars);
  }
  return { bars, regimes };
}

/** Seed rule 5, inline: ret_5m > 0.3 %, ret_15m > 0.8 % (or both below the negatives), volume ratio > 1.5 on 2 bars. */
function breakouts(bars: readonly CsvBar[]): number {
  let count = 0;
  let last = -100;
  const ratio = (k: number): number => (bars[k]?.volume ?? 0) / (bars.slice(k - 20, k).reduce((a, b) => a + b.volume, 0) / 20);
  for (let n = 21; n < bars.length; n += 1) {
    const c = (k: number): number => bars[k]?.close ?? Number.NaN;
    const r5 = c(n) / c(n - 5) - 1;
    const r15 = c(n) / c(n - 15) - 1;
    const momentum = (r5 > 0.003 && r15 > 0.008) || (r5 < -0.003 && r15 < -0.008);
    if (momentum && ratio(n) > 1.5 && ratio(n - 1) > 1.5) {
      if (n - last > 15) count += 1;
      last = n;
    }
  }
  return count;
}

/** Seed rule 6, inline: |SMA20 slope over 20 bars| < 0.2 % and ≥ 3 SMA crosses in 20 bars, counted per half hour. */
function chopHalfHours(bars: readonly CsvBar[]): number {
  const sma = (k: number): number => bars.slice(k - 19, k + 1).reduce((a, b) => a + b.close, 0) / 20;
  const side = (k: number): number => Math.sign((bars[k]?.close ?? 0) - sma(k));
  const seen = new Set<number>();
  for (let n = 45; n < bars.length; n += 1) {
    const slope = (sma(n) - sma(n - 20)) / sma(n - 20);
    let crosses = 0;
    for (let k = n - 19; k <= n; k += 1) if (side(k) !== side(k - 1)) crosses += 1;
    if (Math.abs(slope) < 0.002 && crosses >= 3) seen.add(Math.floor(n / 30));
  }
  return seen.size;
}

describe('simulated days', () => {
  const days = tradingDaysFrom('2025-06-02', 10);

  it('produce valid bars on every session minute', () => {
    const { bars } = simulate(3, 0, days.slice(0, 2));
    expect(bars).toHaveLength(780);
    for (const b of bars) {
      expect(() => makeBar({ symbol: 'ALFA', ...b })).not.toThrow();
      expect(b.iv).toBeGreaterThan(0);
    }
    expect(bars.every((b, i) => i === 0 || b.ts > (bars[i - 1]?.ts ?? 0))).toBe(true);
  });

  it('produce both momentum breakouts and chop several times a week for every ticker', () => {
    for (let i = 0; i < 4; i += 1) {
      const { bars } = simulate(11, i, days);
      expect(breakouts(bars) / 2, `${tickerName(i)} breakouts per week`).toBeGreaterThanOrEqual(3);
      expect(chopHalfHours(bars) / 2, `${tickerName(i)} chop half-hours per week`).toBeGreaterThanOrEqual(3);
    }
  });

  it('draw every regime over a few months', () => {
    const { regimes } = simulate(2, 0, tradingDaysFrom('2025-01-02', 60));
    expect(new Set(regimes)).toEqual(new Set(REGIMES));
  });

  it('lift implied vol on vol-spike days', () => {
    const t = drawTicker(4, 0);
    const sim = { ...t.sim, ivPremium: t.ivPremium };
    const calm: DayPlan = { regime: 'chop', gap: 0, volMult: 0.75, driftPerMin: 0, reversion: 0.05, breakouts: [] };
    const spike: DayPlan = { ...calm, regime: 'vol-spike', volMult: 2.2, reversion: 0, ivShock: { minute: 60, factor: 1.3 } };
    const lastIv = (plan: DayPlan): number => simulateDay(mulberry32(9), sim, initialState(sim), '2025-06-02', plan).bars[389]?.iv ?? 0;
    expect(lastIv(spike)).toBeGreaterThan(1.2 * lastIv(calm));
  });

  it('names tickers past the alphabet', () => {
    expect([0, 1, 25, 26, 27].map(tickerName)).toEqual(['ALFA', 'BRVO', 'ZULX', 'ALFA2', 'BRVO2']);
  });
});
