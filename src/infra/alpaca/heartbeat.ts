/**
 * How a WebSocket to Alpaca notices it has gone silent (a half-open link: no close, no data, no
 * answer): a ping every `pingEveryMs`; no pong within `pongWaitMs` and the SDK drops the socket and
 * reconnects with its backoff, after which each stream catches up (bars backfilled from REST, open
 * orders looked up). The SDK's defaults: 10 s and 5 s. The wait must be shorter than the period:
 * the SDK forgets an unanswered ping when it sends the next.
 */
export interface Heartbeat {
  readonly pingEveryMs: number;
  readonly pongWaitMs: number;
}

export const DEFAULT_HEARTBEAT: Heartbeat = { pingEveryMs: 10_000, pongWaitMs: 5_000 };

/** The SDK stream options (AlpacaWebSocket's) for a heartbeat. */
export function heartbeatOptions(h: Heartbeat = DEFAULT_HEARTBEAT): { readonly pingIntervalMs: number; readonly pongWaitMs: number } {
  if (!(h.pongWaitMs > 0 && h.pongWaitMs < h.pingEveryMs)) throw new RangeError(`heartbeat: pongWaitMs (${h.pongWaitMs}) must be > 0 and shorter than pingEveryMs (${h.pingEveryMs})`);
  return { pingIntervalMs: h.pingEveryMs, pongWaitMs: h.pongWaitMs };
}
