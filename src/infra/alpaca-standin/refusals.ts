import { ALPACA_ERROR_BODIES, ALPACA_ERROR_CODES, type AlpacaErrorBody } from '../alpaca/wire/error.js';

export interface Refusal {
  readonly status: number;
  readonly body: AlpacaErrorBody;
}

/**
 * Alpaca's 403 for an order that would leave a short call uncovered (neither a long call of its
 * expiry nor the shares): no options level below 4 allows it, and Alpaca offers none above 3.
 * The generic 403 code; the wording is the stand-in's (Alpaca's exact text is not documented).
 */
export const UNCOVERED_CALL_BODY: AlpacaErrorBody = { code: ALPACA_ERROR_CODES.FORBIDDEN, message: 'account not eligible to trade uncovered option contracts' };

/** A 422 with Alpaca's generic validation code. */
export function unprocessable(message: string): Refusal {
  return { status: 422, body: { code: ALPACA_ERROR_CODES.UNPROCESSABLE, message } };
}

/** The sim broker's refusal as Alpaca answers it: buying power, quantity and an uncovered call 403, the rest 422. */
export function refusal(reason: string): Refusal {
  if (reason.includes('INSUFFICIENT_BUYING_POWER')) return { status: 403, body: ALPACA_ERROR_BODIES.insufficientBuyingPower };
  if (reason.includes('INSUFFICIENT_POSITION')) return { status: 403, body: ALPACA_ERROR_BODIES.insufficientQty };
  if (reason.includes('NAKED_CALL_NOT_ALLOWED')) return { status: 403, body: UNCOVERED_CALL_BODY };
  return unprocessable(`order rejected: ${reason}`);
}
