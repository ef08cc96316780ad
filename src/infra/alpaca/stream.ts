import { streaming, trading } from '@alpacahq/alpaca-trade-api';
import { heartbeatOptions, type Heartbeat } from './heartbeat.js';

/** What the trading stream reports, already split by kind. */
export interface TradeStreamHandlers {
  /** A trade_updates event, as Alpaca's `data` object (not yet checked). */
  update(data: Record<string, unknown>): void;
  /** A frame the SDK could not decode or process (bad JSON, a trade update without an order, …). */
  malformed(detail: string): void;
  /** The server confirmed a `listen`: these streams now flow. */
  subscribed(streams: readonly string[]): void;
  /** The SDK is about to reconnect after a drop (1-based attempt). */
  reconnecting(attempt: number): void;
  /** A reconnect re-authenticated and re-sent `listen`. */
  reconnected(): void;
  /** Anything else the stream reported as an error. `fatal`: the SDK will not reconnect (authorization refused). */
  error(message: string, fatal: boolean): void;
  /** The socket closed (the SDK reconnects unless it was closed on purpose or refused). */
  disconnected(): void;
}

export interface TradeStreamOptions {
  readonly keyId: string;
  readonly secret: string;
  readonly paper: boolean;
  /** ws(s) URL of the trading stream; default Alpaca's paper or live endpoint. */
  readonly url?: string;
  readonly reconnectInitialMs: number;
  readonly reconnectMaxMs: number;
  /** How a silent connection is noticed and replaced (default DEFAULT_HEARTBEAT); open orders are then looked up. */
  readonly heartbeat?: Heartbeat;
}

/** The SDK's way of saying a frame was unreadable (websocket.ts, handleRawMessage). */
const MALFORMED = /^failed to (decode|process) message/;
/** The SDK's message when the server refuses the keys (tradingStream.ts, handleMessage). */
const AUTH_FAILED = 'auth failed';

/**
 * Alpaca's `data` object again, from the SDK's TradeUpdate: the SDK keeps every wire field
 * (the order's snake_case keys included) but turns `timestamp` into a Date and adds camelCase
 * copies, which the wire parser ignores.
 */
function wireData(update: streaming.TradeUpdate): Record<string, unknown> {
  const { timestamp, executionId: _executionId, positionQty: _positionQty, ...rest } = update;
  const when = timestamp instanceof Date && Number.isFinite(timestamp.getTime()) ? { timestamp: timestamp.toISOString() } : {};
  return { ...rest, ...when, order: wireOrder(update.order) };
}

/**
 * The order with its `legs` (an mleg parent's) back in wire form: the SDK's OrderFromJSON replaces
 * the raw legs with camelCase OrderLeg objects (and OrderLeg has no `ratio_qty`, so each leg's
 * ratio is worked out from its qty); the SDK's own OrderLegToJSON writes them back.
 */
function wireOrder(order: streaming.TradeUpdate['order']): Record<string, unknown> {
  const legs: unknown = order.legs;
  if (!Array.isArray(legs)) return order;
  return { ...order, legs: legs.map((leg: trading.OrderLeg) => trading.OrderLegToJSON(leg) as unknown) };
}

/**
 * Alpaca's trading stream (`trade_updates`) through the SDK's TradingStream: JSON frames,
 * `authenticate` then `listen`, keepalive pings, and reconnects with exponential backoff
 * (jittered, from `reconnectInitialMs` up to `reconnectMaxMs`), forever: a trading engine
 * must not give up its fills stream after the SDK's default of 10 attempts.
 */
export class TradeStream {
  readonly #stream: streaming.TradingStream;

  constructor(options: TradeStreamOptions, handlers: TradeStreamHandlers) {
    this.#stream = new streaming.TradingStream({
      credentials: { keyId: options.keyId, secret: options.secret },
      paper: options.paper,
      ...(options.url === undefined ? {} : { url: options.url }),
      maxReconnectAttempts: streaming.UNLIMITED_RECONNECT_ATTEMPTS,
      initialReconnectMs: options.reconnectInitialMs,
      maxReconnectMs: options.reconnectMaxMs,
      ...heartbeatOptions(options.heartbeat),
    });
    this.#stream.onTradeUpdate((update) => handlers.update(wireData(update)));
    this.#stream.on(streaming.EVENT.SUBSCRIPTION, (streams: unknown) => {
      handlers.subscribed(Array.isArray(streams) ? streams.filter((s): s is string => typeof s === 'string') : []);
    });
    this.#stream.onReconnecting((attempt) => handlers.reconnecting(attempt));
    this.#stream.onReconnected(() => handlers.reconnected());
    this.#stream.onDisconnect(() => handlers.disconnected());
    this.#stream.onError((message) => {
      const text = String(message);
      if (MALFORMED.test(text)) handlers.malformed(text);
      else handlers.error(text, text === AUTH_FAILED);
    });
  }

  /** Connects, authenticates and listens to trade_updates (again after every reconnect). */
  open(): void {
    this.#stream.subscribeTradeUpdates();
    this.#stream.connect();
  }

  /** Closes the socket; no reconnect follows. */
  close(): void {
    this.#stream.disconnect();
  }
}
