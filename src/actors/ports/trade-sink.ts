import type { TradeRecord } from '../../domain/values/trade.js';

/** Receives every round trip when its position goes flat. */
export interface TradeSink {
  record(trade: TradeRecord): void;
}
