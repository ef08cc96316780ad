import { z } from 'zod';
import { wireDecimal } from './decimal.js';

/**
 * GET /v2/account, the fields Thetis reads (the SDK's generated `trading/models/Account.ts` in
 * @alpacahq/alpaca-trade-api 4.0.2: decimals as strings): which account, whether it may trade, and
 * its equity for sizing.
 */
export const alpacaAccountSchema = z.object({
  id: z.string().min(1),
  account_number: z.string().min(1),
  status: z.string().min(1),
  currency: z.string().min(1),
  equity: wireDecimal,
  cash: wireDecimal,
  trading_blocked: z.boolean().optional(),
  account_blocked: z.boolean().optional(),
});
export type AlpacaAccount = z.output<typeof alpacaAccountSchema>;

export function parseAlpacaAccount(raw: unknown): AlpacaAccount {
  return alpacaAccountSchema.parse(raw);
}
