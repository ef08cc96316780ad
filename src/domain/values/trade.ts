import type { Direction, PositionSide, TradeType } from './position.js';

/** One leg of a multi-leg trade (a credit spread): its contract and whether it was bought or sold. */
export interface TradeLeg {
  /** OCC option symbol. */
  readonly symbol: string;
  readonly side: PositionSide;
}

/** A round trip, recorded when a position goes flat. Plain JSON-serialisable data. */
export interface TradeRecord {
  readonly positionId: string;
  readonly underlying: string;
  /** OCC option symbol, e.g. SPY251219C00500000. */
  readonly symbol: string;
  readonly direction: Direction;
  readonly tradeType: TradeType;
  readonly side: PositionSide;
  /** Contracts at entry. */
  readonly qty: number;
  readonly entryTs: number;
  readonly exitTs: number;
  /** Premium per share paid (or received) at entry. */
  readonly entryPrice: number;
  /** Quantity-weighted average of the exit fills, per share. */
  readonly exitPrice: number;
  /** Dollars, net of fees. */
  readonly pnl: number;
  readonly fees: number;
  /** entryPrice × qty × multiplier. */
  readonly capitalRisked: number;
  readonly entryReasons: readonly string[];
  readonly exitReasons: readonly string[];
  /**
   * Every leg of a multi-leg trade (a credit spread: `side` 'short' as it opened for a net
   * credit, `symbol` its short leg); absent for a single option.
   */
  readonly legs?: readonly TradeLeg[];
}
