import { z } from 'zod';
import { wireDecimal } from './decimal.js';

export const ALPACA_POSITION_SIDES = ['long', 'short'] as const;
export type AlpacaPositionSide = (typeof ALPACA_POSITION_SIDES)[number];

/**
 * One position as GET /v2/positions sends it (Alpaca's Position: the SDK's generated
 * `trading/models/Position.ts` in @alpacahq/alpaca-trade-api 4.0.2 lists asset_id, symbol,
 * exchange, asset_class, asset_marginable, qty, qty_available, avg_entry_price, side,
 * market_value, cost_basis, unrealized_pl…, current_price, lastday_price, change_today, all
 * decimals as strings). `qty` counts contracts for an option (shares for a stock); a short
 * position has side "short", and the sign is taken from `side` whatever the sign of `qty` on the
 * wire. Fields Thetis does not read pass unchecked (the market values may be null outside market
 * data hours), so they are not required.
 */
export const alpacaPositionSchema = z.object({
  asset_id: z.string().min(1).optional(),
  symbol: z.string().min(1),
  asset_class: z.string().min(1),
  qty: wireDecimal,
  qty_available: wireDecimal.nullish(),
  side: z.enum(ALPACA_POSITION_SIDES),
  avg_entry_price: wireDecimal,
});
export type AlpacaPosition = z.output<typeof alpacaPositionSchema>;

/** Parses GET /v2/positions (a JSON array); throws a ZodError naming each bad field. */
export function parseAlpacaPositions(raw: unknown): AlpacaPosition[] {
  return z.array(alpacaPositionSchema).parse(raw);
}
