/** Drawdown from the running equity peak; the peak starts at the starting equity. */
import type { StatsEquityPoint } from './inputs.js';

export interface DrawdownPoint {
  readonly ts: number;
  /** Dollars below the running peak (>= 0). */
  readonly drawdown: number;
  /** Fraction below the running peak (0.05 = 5 %). */
  readonly drawdownPct: number;
}

export interface MaxDrawdown {
  /** Largest dollar drop from a peak. */
  readonly dollars: number;
  /** Largest fractional drop from a peak; may come from a different peak than `dollars`. */
  readonly pct: number;
}

export function drawdownSeries(startingEquity: number, points: readonly Pick<StatsEquityPoint, 'ts' | 'equity'>[]): DrawdownPoint[] {
  let peak = startingEquity;
  return points.map((p) => {
    peak = Math.max(peak, p.equity);
    const drawdown = peak - p.equity;
    return { ts: p.ts, drawdown, drawdownPct: drawdown / peak };
  });
}

export function maxDrawdown(startingEquity: number, points: readonly Pick<StatsEquityPoint, 'ts' | 'equity'>[]): MaxDrawdown {
  return drawdownSeries(startingEquity, points).reduce<MaxDrawdown>(
    (acc, d) => ({ dollars: Math.max(acc.dollars, d.drawdown), pct: Math.max(acc.pct, d.drawdownPct) }),
    { dollars: 0, pct: 0 },
  );
}
