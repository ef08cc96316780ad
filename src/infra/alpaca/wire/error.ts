import { z } from 'zod';

/**
 * Alpaca's error body: `{ code, message }` (some answers add fields, e.g. `buying_power` and
 * `cost_basis` on an insufficient-buying-power 403; a 401 carries only `message`).
 */
export const alpacaErrorSchema = z.object({
  code: z.number().int().optional(),
  message: z.string(),
});
export type AlpacaErrorBody = z.output<typeof alpacaErrorSchema>;

/**
 * Codes seen in Alpaca's error bodies. Alpaca reuses them widely: 40310000 is the generic 403
 * (options level, but also "insufficient buying power"), 40010001 the generic 422 (a duplicate
 * client order id, but also "asset … is not active", "client_order_id must be no more than 128
 * characters"). The code alone never decides; the message does where it must.
 */
export const ALPACA_ERROR_CODES = {
  FORBIDDEN: 40310000,
  UNPROCESSABLE: 40010001,
} as const;

/** The message Alpaca gives for a client order id it has already seen (422). */
export const DUPLICATE_CLIENT_ORDER_ID = /client_order_id must be unique/i;

/** The wording of Alpaca's buying-power refusals (403). */
export const BUYING_POWER = /buying power/i;

/**
 * The error bodies Alpaca answers with, as a server sends them (the stand-in's answers): 401 for
 * missing or wrong key headers, 404 for an unknown order or path, 422 for a reused client order id
 * or an order that can no longer be canceled, 429 over the rate limit, 5xx when Alpaca is unwell.
 */
export const ALPACA_ERROR_BODIES = {
  unauthorized: { code: 40110000, message: 'request is not authorized' },
  orderNotFound: { code: 40410000, message: 'order not found' },
  positionNotFound: { code: 40410000, message: 'position does not exist' },
  endpointNotFound: { code: 40410000, message: 'endpoint not found' },
  duplicateClientOrderId: { code: ALPACA_ERROR_CODES.UNPROCESSABLE, message: 'client_order_id must be unique' },
  notCancelable: { code: 42210000, message: 'order is not cancelable' },
  insufficientBuyingPower: { code: ALPACA_ERROR_CODES.FORBIDDEN, message: 'insufficient options buying power' },
  insufficientQty: { code: ALPACA_ERROR_CODES.FORBIDDEN, message: 'insufficient qty available for order' },
  rateLimited: { code: 42910000, message: 'rate limit exceeded' },
  internal: { code: 50010000, message: 'internal server error' },
  unavailable: { code: 50310000, message: 'service unavailable' },
} as const satisfies Record<string, AlpacaErrorBody>;
