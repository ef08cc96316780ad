import { z } from 'zod';
import { wireDecimal } from './decimal.js';

/**
 * The non-trade activities an option position changes by at the venue: exercise, assignment,
 * expiry (the SDK's `trading/models/ActivityType.ts`: OPEXC "Option exercise", OPASN "Option
 * assignment", OPEXP "Option expiration").
 */
export const OPTION_ACTIVITY_TYPES = ['OPEXC', 'OPASN', 'OPEXP'] as const;
export type OptionActivityType = (typeof OPTION_ACTIVITY_TYPES)[number];

/**
 * One non-trade activity as GET /v2/account/activities sends it. Alpaca's documented examples
 * ("Non-Trade Activities for Option Events", docs.alpaca.markets/docs/non-trade-activities-for-option-events):
 *
 *   { "id": "20190801011955195::5f596936-…", "activity_type": "OPEXC", "date": "2023-07-21",
 *     "net_amount": "0", "description": "Option Exercise", "symbol": "AAPL230721C00150000",
 *     "qty": "-2", "status": "executed" }
 *
 * and the same for OPASN (qty "2": two short contracts assigned) and OPEXP (qty "-2": two long
 * contracts expired out of the money). `qty` is the signed change of the option position.
 * The activity is dated by day only; the SDK's NonTradeActivities model adds an optional
 * `created_at` ("valid only for non-trading activity types"). `activity_type` stays a plain
 * string here: a type Thetis did not ask for is skipped by the adapter, never a parse failure.
 */
export const alpacaNonTradeActivitySchema = z.object({
  id: z.string().min(1),
  activity_type: z.string().min(1),
  /** "YYYY-MM-DD" in the docs' examples; a full timestamp is read by its date part. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'a date such as "2023-07-21"'),
  net_amount: wireDecimal.nullish(),
  description: z.string().nullish(),
  symbol: z.string().nullish(),
  qty: wireDecimal.nullish(),
  status: z.string().nullish(),
  created_at: z.string().nullish(),
});
export type AlpacaNonTradeActivity = z.output<typeof alpacaNonTradeActivitySchema>;

/** Parses a page of GET /v2/account/activities (a JSON array); throws a ZodError naming each bad field. */
export function parseAlpacaActivities(raw: unknown): AlpacaNonTradeActivity[] {
  return z.array(alpacaNonTradeActivitySchema).parse(raw);
}
