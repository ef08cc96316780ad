import { z } from 'zod';
import { wireDecimal } from './decimal.js';

/**
 * GET /v2/account and GET /v2/clock. The account: the fields Thetis reads (the SDK's generated `trading/models/Account.ts` in
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

/** GET /v2/clock (the SDK's LegacyClock): the venue's time and whether the market is open. */
export const alpacaClockSchema = z.object({
  timestamp: z.string().min(1),
  is_open: z.boolean(),
  next_open: z.string().min(1),
  next_close: z.string().min(1),
});
export type AlpacaClock = z.output<typeof alpacaClockSchema>;

export function parseAlpacaClock(raw: unknown): AlpacaClock {
  const clock = alpacaClockSchema.parse(raw);
  if (Number.isNaN(Date.parse(clock.timestamp))) throw new z.ZodError([{ code: 'custom', path: ['timestamp'], message: `not a time: ${clock.timestamp.slice(0, 40)}`, input: clock.timestamp }]);
  return clock;
}
