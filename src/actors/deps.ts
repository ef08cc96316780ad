import type { SessionCalendar } from '../domain/calendar/session-calendar.js';
import type { Config } from '../domain/config/load.js';
import type { KellyStats } from '../domain/values/stats.js';
import type { DecisionSink } from './ports/decision-sink.js';
import type { IvHistoryPort } from './ports/iv-history.js';
import type { MarketDataPort } from './ports/market-data.js';
import type { OrderGatewayPort } from './ports/order-gateway.js';
import type { PositionJournal } from './ports/position-journal.js';
import type { TradeSink } from './ports/trade-sink.js';
import type { TracingPort } from './ports/tracing.js';

/** Everything the actor tree needs from outside, injected once. */
export interface EngineDeps {
  readonly config: Config;
  readonly market: MarketDataPort;
  readonly gateway: OrderGatewayPort;
  readonly decisions: DecisionSink;
  readonly trades: TradeSink;
  /** Backtested trade statistics for the half-Kelly sizer, when available. */
  readonly kelly?: KellyStats;
  /** Where position actors journal their state (live); none in backtests. */
  readonly journal?: PositionJournal;
  /** Where each day's ATM IV is kept for IV rank, and what a restart starts from (live); none in backtests. */
  readonly ivHistory?: IvHistoryPort;
  /** The exchange's sessions (early closes, closures): the venue's live; default the rules (RULE_CALENDAR). */
  readonly calendar?: SessionCalendar;
  /** Where the decision chains' spans go (OpenTelemetry live); none (no-op) in backtests unless `--trace`. */
  readonly tracing?: TracingPort;
  /** How long an actor waits for the portfolio's answer (ms on the engine's clock). */
  readonly askTimeoutMs?: number;
}

export const DEFAULT_ASK_TIMEOUT_MS = 5_000;
