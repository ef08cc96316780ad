/** One ticker's minute bars for one day, from a day plan: price, U-shaped volume with bursts, ATM IV. */
import { SESSION_MINUTES, sessionMinutes } from '../../domain/calendar/index.js';
import type { CsvBar } from './csv.js';
import { volumeWeight } from './intraday-profile.js';
import { FOLLOW_THROUGH_MINUTES, type DayPlan } from './regimes.js';
import type { Rng } from './random.js';

/** One-minute bars per year (390 × 252): annualises per-minute variance. */
const BARS_PER_YEAR = SESSION_MINUTES * 252;
/** Realized-vol EWMA weight per minute (about two hours' memory). */
const RV_DECAY = 1 - 1 / 120;
/** IV target = ivMult × premium × (BASE_WEIGHT × base vol × √volMult + (1 − BASE_WEIGHT) × realized vol capped at RV_CAP × base vol). */
const BASE_WEIGHT = 0.7;
const RV_CAP = 2.5;
/** IV mean reversion per minute toward its target (half-life ≈ 70 min), and its own noise per minute. */
const IV_PULL = 0.01;
const IV_NOISE = 0.004;
const IV_MIN = 0.05;
const IV_MAX = 3;
/** Lognormal noise on per-minute volume. */
const VOLUME_NOISE = 0.35;
/** Post-breakout volume stays elevated by this factor through the follow-through. */
const FOLLOW_VOLUME = 1.5;

export interface SimTicker {
  readonly startPrice: number;
  readonly drift: number;
  readonly vol: number;
  readonly barVolume: number;
  readonly ivPremium: number;
}

/** What carries over from one day to the next. */
export interface SimState {
  readonly price: number;
  readonly iv: number;
  /** EWMA of squared one-minute log returns. */
  readonly rvEwma: number;
}

export function initialState(t: SimTicker): SimState {
  return { price: t.startPrice, iv: t.vol * t.ivPremium, rvEwma: (t.vol * t.vol) / BARS_PER_YEAR };
}

function round2(x: number): number {
  return Math.max(0.01, Math.round(x * 100) / 100);
}

/** The breakout thrust or follow-through active at minute i: extra drift and volume multiplier. */
function eventAt(plan: DayPlan, i: number): { drift: number; burst: number } {
  for (const b of plan.breakouts) {
    if (i >= b.start && i < b.start + b.length) return { drift: b.move / b.length, burst: b.burst };
    const after = i - b.start - b.length;
    if (after >= 0 && after < FOLLOW_THROUGH_MINUTES) return { drift: b.followThrough / FOLLOW_THROUGH_MINUTES, burst: after < 10 ? FOLLOW_VOLUME : 1 };
  }
  return { drift: 0, burst: 1 };
}

export function simulateDay(rng: Rng, t: SimTicker, state: SimState, date: string, plan: DayPlan): { bars: CsvBar[]; state: SimState } {
  const minutes = sessionMinutes(date);
  let logP = Math.log(state.price) + plan.gap;
  const anchor = logP;
  let { iv, rvEwma } = state;
  const sigmaBase = (t.vol * plan.volMult) / Math.sqrt(BARS_PER_YEAR);
  const baseDrift = t.drift / BARS_PER_YEAR + plan.driftPerMin;
  const bars = minutes.map((ts, i): CsvBar => {
    const w = volumeWeight(i);
    const sig = sigmaBase * Math.sqrt(0.5 + 0.5 * w);
    const ev = eventAt(plan, i);
    const r = baseDrift + ev.drift - plan.reversion * (logP - anchor) + sig * rng.normal();
    const open = Math.exp(logP);
    logP += r;
    const close = Math.exp(logP);
    const high = Math.max(open, close) * Math.exp(Math.abs(rng.normal()) * sig * 0.5);
    const low = Math.min(open, close) * Math.exp(-Math.abs(rng.normal()) * sig * 0.5);
    const noise = Math.exp(VOLUME_NOISE * rng.normal() - (VOLUME_NOISE * VOLUME_NOISE) / 2);
    const volume = Math.round(t.barVolume * w * noise * ev.burst * Math.sqrt(plan.volMult));
    rvEwma = RV_DECAY * rvEwma + (1 - RV_DECAY) * r * r;
    const rv = Math.min(RV_CAP * t.vol, Math.sqrt(rvEwma * BARS_PER_YEAR));
    const target = (plan.ivMult ?? 1) * t.ivPremium * (BASE_WEIGHT * t.vol * Math.sqrt(plan.volMult) + (1 - BASE_WEIGHT) * rv);
    iv += IV_PULL * (target - iv) + IV_NOISE * iv * rng.normal();
    if (plan.ivShock?.minute === i) iv *= plan.ivShock.factor;
    iv = Math.min(IV_MAX, Math.max(IV_MIN, iv));
    return { ts, open: round2(open), high: round2(high), low: round2(low), close: round2(close), volume, iv: Math.round(iv * 1e4) / 1e4 };
  });
  return { bars, state: { price: Math.exp(logP), iv, rvEwma } };
}
