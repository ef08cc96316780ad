/**
 * How long to wait before retry `attempt` (0-based) after a 429: what Alpaca said (Retry-After,
 * or X-RateLimit-Reset, as the SDK reads them into `retryAfterMs`) when it is longer, else
 * `baseMs` doubling per attempt (a Retry-After of 0, or a reset already past, must not make a
 * tight loop); never past `capMs`.
 */
export function rateLimitDelayMs(attempt: number, retryAfterMs: number | undefined, baseMs: number, capMs: number): number {
  const wanted = Math.max(retryAfterMs ?? 0, baseMs * 2 ** attempt);
  return Math.min(wanted, capMs);
}
