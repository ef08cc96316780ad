/**
 * The slices of a backtest result the statistics read. Structural, so the infra's
 * BacktestResult (src/infra/report/result.ts) fits without the domain importing it.
 */
import { DomainError } from '../errors.js';
import { finite, nonNegative, positive } from '../values/numbers.js';

export interface StatsTrade {
  /** Dollars, net of fees. */
  readonly pnl: number;
  /** Dollars put at risk at entry (premium × qty × multiplier for a long option); > 0. */
  readonly capitalRisked: number;
}

export interface StatsEquityPoint {
  /** Epoch ms; points are in time order. */
  readonly ts: number;
  /** Account equity in dollars; > 0. */
  readonly equity: number;
  /** Dollars at risk in open positions. */
  readonly capitalAtRisk: number;
  readonly openPositions: number;
}

export interface StatsInput {
  readonly startingEquity: number;
  readonly endingEquity: number;
  readonly trades: readonly StatsTrade[];
  readonly equity: readonly StatsEquityPoint[];
}

export function validateTrade(t: StatsTrade, i: number): void {
  finite(t.pnl, `trades[${i}].pnl`);
  positive(t.capitalRisked, `trades[${i}].capitalRisked`);
}

/** Throws DomainError on NaN, non-positive equity, negative exposure or out-of-order points. */
export function validateStatsInput(input: StatsInput): void {
  positive(input.startingEquity, 'startingEquity');
  nonNegative(input.endingEquity, 'endingEquity');
  input.trades.forEach(validateTrade);
  let prevTs = -Infinity;
  input.equity.forEach((p, i) => {
    finite(p.ts, `equity[${i}].ts`);
    positive(p.equity, `equity[${i}].equity`);
    nonNegative(p.capitalAtRisk, `equity[${i}].capitalAtRisk`);
    nonNegative(p.openPositions, `equity[${i}].openPositions`);
    if (p.ts < prevTs) {
      throw new DomainError('OUT_OF_ORDER', `equity[${i}].ts ${p.ts} is before the previous point ${prevTs}`, `equity[${i}].ts`);
    }
    prevTs = p.ts;
  });
}
