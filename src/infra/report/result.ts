/**
 * What a backtest produces; the backtest runner fills it, the summary and HTML report read it.
 * Plain JSON-serialisable data. Money is dollars; timestamps are epoch ms.
 */
import type { TradeRecord } from '../../domain/values/trade.js';

export type { TradeRecord };

export interface EquityPoint {
  readonly ts: number;
  readonly equity: number;
  readonly cash: number;
  readonly capitalAtRisk: number;
  readonly netDeltaShares: number;
  readonly netVega: number;
  readonly netGamma: number;
  readonly netTheta: number;
  readonly openPositions: number;
}

export interface BacktestMeta {
  readonly seed: number;
  /** Name of the market the run replayed (e.g. 'sample'). */
  readonly market: string;
  readonly tickers: readonly string[];
  /** ISO dates 'YYYY-MM-DD'. */
  readonly start: string;
  readonly end: string;
  /** Bars replayed (all tickers). */
  readonly bars: number;
  /** Wall-clock duration of the run. */
  readonly elapsedMs: number;
  /** Digest of the effective config, to tell runs apart. */
  readonly configDigest: string;
}

/** Decision counters; signals, entries and exits always, others as the runner counts them. */
export interface DecisionCounts {
  readonly signals: number;
  readonly entries: number;
  readonly exits: number;
  readonly [counter: string]: number;
}

export interface BacktestResult {
  readonly meta: BacktestMeta;
  readonly startingEquity: number;
  readonly endingEquity: number;
  readonly trades: readonly TradeRecord[];
  /** Sampled, e.g. every 15 minutes plus each day's close; in time order. */
  readonly equity: readonly EquityPoint[];
  /** Reason code → count, across signals, contracts, sizing, risk and orders. */
  readonly rejectCounts: Readonly<Record<string, number>>;
  readonly decisions: DecisionCounts;
}
