/**
 * How long to wait before retry `attempt` (0-based) after a 429: what Alpaca said (Retry-After,
 * or X-RateLimit-Reset, as the SDK reads them into `retryAfterMs`) when it said something,
 * else `baseMs` doubling per attempt; never negative, never past `capMs`.
 */
export function rateLimitDelayMs(attempt: number, retryAfterMs: number | undefined, baseMs: number, capMs: number): number {
  const wanted = retryAfterMs ?? baseMs * 2 ** attempt;
  return Math.min(Math.max(0, wanted), capMs);
}
