import { z } from 'zod';
import { fraction } from './common.js';

/**
 * Portfolio-wide hedging (not per ticker: the net delta it answers is the whole book's). Seed
 * silent beyond the net-delta cap (`risk.maxNetDeltaShares`); issue 13 asks for an optional delta
 * hedge with the underlying's shares when net delta passes that cap.
 */
export const hedgingSchema = z
  .strictObject({
    delta: z
      .strictObject({
        /** Trade the underlying's shares when |net delta| passes `risk.maxNetDeltaShares`. Off by default: options only, as the seed trades. */
        enabled: z.boolean().default(false),
        /**
         * Where a hedge brings net delta back to, as a share of the cap: sign × 0.5 × 1000 = ±500
         * share equivalents at the defaults. Half the cap leaves room for the options' gamma before
         * the cap is passed again (hedging back to the cap itself would trade on every wiggle).
         */
        targetShareOfCap: fraction.default(0.5),
        /**
         * A hedge order is a limit this share of the last price through it (buy: above, sell: below,
         * to the cent): marketable on a liquid underlying, never a market order. 0.5 % ≈ $2.50 on a $500 ETF.
         */
        limitCollarPct: fraction.default(0.005),
      })
      .prefault({}),
  })
  .prefault({});
