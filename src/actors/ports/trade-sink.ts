import type { TraceContext } from '../messages.js';
import type { TradeRecord } from '../../domain/values/trade.js';

/** Receives every round trip when its position goes flat. */
export interface TradeSink {
  /** `trace`: the span in force when it went flat (a log line about it carries its ids), if traced. */
  record(trade: TradeRecord, trace?: TraceContext): void;
}
