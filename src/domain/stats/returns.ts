/**
 * Daily returns of an equity curve and the ratios built on them (risk-free rate 0).
 * A day is a UTC calendar date: US regular hours (13:30–21:00 UTC) fall on one UTC date.
 */
import { DAY_MS } from '../values/time.js';
import type { StatsEquityPoint } from './inputs.js';

/** Annualisation: Sharpe and Sortino scale daily ratios by √252. */
export const TRADING_DAYS_PER_YEAR = 252;

/** The last equity of each day, in time order (points must already be in time order). */
export function dailyCloses(points: readonly Pick<StatsEquityPoint, 'ts' | 'equity'>[]): number[] {
  const closes: number[] = [];
  let lastDay: number | undefined;
  for (const p of points) {
    const day = Math.floor(p.ts / DAY_MS);
    if (day === lastDay) closes[closes.length - 1] = p.equity;
    else closes.push(p.equity);
    lastDay = day;
  }
  return closes;
}

/** Day-over-day returns; the first day is measured from the starting equity. */
export function dailyReturns(startingEquity: number, points: readonly Pick<StatsEquityPoint, 'ts' | 'equity'>[]): number[] {
  let prev = startingEquity;
  return dailyCloses(points).map((close) => {
    const r = close / prev - 1;
    prev = close;
    return r;
  });
}

function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** mean / sample standard deviation × √252; null with < 2 returns or zero deviation. */
export function sharpeRatio(returns: readonly number[]): number | null {
  if (returns.length < 2) return null;
  const m = mean(returns);
  const variance = returns.reduce((s, r) => s + (r - m) ** 2, 0) / (returns.length - 1);
  return variance > 0 ? (m / Math.sqrt(variance)) * Math.sqrt(TRADING_DAYS_PER_YEAR) : null;
}

/**
 * mean / downside deviation × √252, where downside deviation = √(Σ min(r, 0)² / n) over all
 * n returns (target 0). Null with < 2 returns or no losing day (the ratio is unbounded).
 */
export function sortinoRatio(returns: readonly number[]): number | null {
  if (returns.length < 2) return null;
  const downside = Math.sqrt(returns.reduce((s, r) => s + Math.min(r, 0) ** 2, 0) / returns.length);
  return downside > 0 ? (mean(returns) / downside) * Math.sqrt(TRADING_DAYS_PER_YEAR) : null;
}
