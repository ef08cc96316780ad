import { z } from 'zod';
import { fraction } from './common.js';

/** How orders are priced. Options are day orders, whole contracts, no extended hours. */
export const executionSchema = z
  .strictObject({
    orderType: z.enum(['limit', 'market']).default('limit'),
    /**
     * Entry limit = mid moved this fraction of the half-spread toward the far side (0 = mid,
     * 1 = the far side). Default 1: a marketable limit. Breakout entries chase a moving quote, so a
     * resting mid limit rarely fills; the limit still caps slippage past the quote seen. Exits
     * always use the far side.
     */
    limitOffsetOfHalfSpread: fraction.default(1),
    /**
     * An exit order still unfilled after this long (ms) is cancelled and sent again at the current
     * price (a market order without a fresh quote): a stop never rests below a falling market.
     */
    exitRepriceMs: z.number().int().positive().default(60_000),
    /**
     * An entry signal on a bar whose minute closed longer ago than this (ms) is not acted on
     * (BAR_STALE): bars replayed at a start (the indicators' warm-up from history, a backlog after a
     * restart) update the indicators but never open a position on old prices.
     */
    maxBarAgeMs: z.number().int().positive().default(120_000),
  })
  .prefault({});
