/**
 * Alpaca's stock market-data stream (`wss://stream.data.alpaca.markets/v2/<feed>`) exactly as it is
 * on the wire: msgpack (or JSON) arrays of frames keyed by `T`. Imports nothing of Thetis: the
 * stand-in speaks these shapes, the bars client reads them (through the SDK).
 *
 * Read from @alpacahq/alpaca-trade-api 4.0.2: src/streaming/marketDataStream.ts (control frames,
 * channels, the actions it sends), src/streaming/types.ts (RawBar), src/streaming/websocket.ts
 * (CONN_ERROR codes, msgpack framing).
 */

/** A minute bar (`b`), an updated bar (`u`, replaces the bar of the same minute) or a daily bar (`d`). */
export interface WireBar {
  readonly T: 'b' | 'u' | 'd';
  /** Symbol. */
  readonly S: string;
  readonly o: number;
  readonly h: number;
  readonly l: number;
  readonly c: number;
  readonly v: number;
  /** The bar's open time: an RFC-3339 string (JSON, and the stand-in by default) or a msgpack timestamp. */
  readonly t: string | Date;
  /** Trade count. */
  readonly n?: number;
  /** Volume-weighted average price. */
  readonly vw?: number;
}

export interface WireSuccess {
  readonly T: 'success';
  readonly msg: 'connected' | 'authenticated';
}

export interface WireError {
  readonly T: 'error';
  readonly code: number;
  readonly msg: string;
}

/** The stock channels a subscription frame lists (the stream answers every subscribe with all of them). */
export const STOCK_CHANNELS = ['trades', 'quotes', 'bars', 'updatedBars', 'dailyBars', 'statuses', 'lulds', 'corrections', 'cancelErrors'] as const;
export type StockChannel = (typeof STOCK_CHANNELS)[number];

export type WireSubscription = { readonly T: 'subscription' } & { readonly [C in StockChannel]: readonly string[] };

/** What a client sends. */
export interface WireAction {
  readonly action: 'auth' | 'subscribe' | 'unsubscribe';
  readonly key?: string;
  readonly secret?: string;
  readonly [channel: string]: unknown;
}

/** Alpaca's market-data stream error codes (the SDK's CONN_ERROR, websocket.ts). */
export const STREAM_ERRORS = {
  invalidSyntax: { code: 400, msg: 'invalid syntax' },
  notAuthenticated: { code: 401, msg: 'not authenticated' },
  authFailed: { code: 402, msg: 'auth failed' },
  alreadyAuthenticated: { code: 403, msg: 'already authenticated' },
  authTimeout: { code: 404, msg: 'auth timeout' },
  symbolLimit: { code: 405, msg: 'symbol limit exceeded' },
  connectionLimit: { code: 406, msg: 'connection limit exceeded' },
  slowClient: { code: 407, msg: 'slow client' },
  internal: { code: 500, msg: 'internal error' },
} as const satisfies Record<string, { code: number; msg: string }>;

/** An RFC-3339 time as Alpaca writes it (`2025-03-11T13:30:00Z`, fractional seconds only when there are some). */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
