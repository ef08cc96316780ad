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
