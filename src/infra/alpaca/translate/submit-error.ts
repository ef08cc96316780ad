import { ALPACA_ERROR_CODES, BUYING_POWER, DUPLICATE_CLIENT_ORDER_ID, type AlpacaErrorBody } from '../wire/error.js';
import type { AlpacaReason } from './reasons.js';

/** What an error answer to POST /v2/orders means for the order. */
export type SubmitErrorClass =
  /** Not placed, for good: report a rejected Execution with this reason. */
  | { readonly kind: 'rejected'; readonly reason: AlpacaReason }
  /** The client order id is taken: adopt the order that has it. */
  | { readonly kind: 'duplicate' }
  /** Not placed yet: wait and send the same POST again. */
  | { readonly kind: 'rate_limited' }
  /** The order may or may not be placed: look it up, never post again blind. */
  | { readonly kind: 'ambiguous' };

/**
 * Classifies an HTTP error status and Alpaca error body on submit.
 * - 403: a message about buying power → INSUFFICIENT_BUYING_POWER (Alpaca sends that with code
 *   40310000 too); else code 40310000 → OPTIONS_LEVEL_NOT_PERMITTED; else BROKER_FORBIDDEN.
 * - 422: "client_order_id must be unique" → duplicate (the message decides: 40010001 is also
 *   every other validation failure's code); else INVALID_ORDER. 400 → INVALID_ORDER.
 * - 401 → BROKER_UNAUTHORIZED; 429 → rate limited; 408, 425 and 5xx → ambiguous.
 * - Any other 4xx → BROKER_REJECTED_REQUEST; anything else → ambiguous.
 */
export function classifySubmitError(status: number, body: AlpacaErrorBody): SubmitErrorClass {
  if (status === 429) return { kind: 'rate_limited' };
  if (status === 408 || status === 425 || status >= 500) return { kind: 'ambiguous' };
  if (status === 403) {
    if (BUYING_POWER.test(body.message)) return { kind: 'rejected', reason: 'INSUFFICIENT_BUYING_POWER' };
    if (body.code === ALPACA_ERROR_CODES.FORBIDDEN) return { kind: 'rejected', reason: 'OPTIONS_LEVEL_NOT_PERMITTED' };
    return { kind: 'rejected', reason: 'BROKER_FORBIDDEN' };
  }
  if (status === 422) {
    return DUPLICATE_CLIENT_ORDER_ID.test(body.message) ? { kind: 'duplicate' } : { kind: 'rejected', reason: 'INVALID_ORDER' };
  }
  if (status === 400) return { kind: 'rejected', reason: 'INVALID_ORDER' };
  if (status === 401) return { kind: 'rejected', reason: 'BROKER_UNAUTHORIZED' };
  if (status >= 400 && status < 500) return { kind: 'rejected', reason: 'BROKER_REJECTED_REQUEST' };
  return { kind: 'ambiguous' };
}
