import { z } from 'zod';
import { fraction, positiveNumber, range } from './common.js';

/**
 * Premium selling with defined risk (seed "Income: 0.70+ delta for selling", "Short premium: enter
 * 30–60 DTE, exit at 21 DTE"). The entry DTE window is `rolling.shortTargetDte` and the exit DTE
 * `rolling.shortRollDte` (one source of truth with the short roll); these are the rest.
 */
export const premiumSchema = z
  .strictObject({
    /**
     * Sell premium when the IV regime picks the short side (IV rank > 80 or IV ≫ RV): the signal is
     * then approved for a defined-risk structure instead of denied for long premium. Off by default
     * until a paper account has confirmed the live path (the wing's live quotes; shares left by an
     * assignment are only reported).
     */
    enabled: z.boolean().default(false),
    /**
     * |delta| band of the short leg. The seed's "0.70+ delta for selling (70 % OTM probability)" is
     * read as a 70 % chance of expiring out of the money, i.e. |delta| ≈ 1 − 0.70 = 0.30 (delta as
     * the probability of finishing in the money); a 0.70-delta short would be deep in the money,
     * which no income seller writes. Band 0.25–0.35; its centre (0.30) is what the score rewards.
     */
    shortDelta: range(fraction, { min: 0.25, max: 0.35 }),
    /**
     * The long (protective) leg sits this fraction of spot further out of the money than the short:
     * the listed strike nearest to short ∓ spreadWidthPct × spot. A fraction of spot means one
     * default across tickers of any price (2 % is $10 on a $500 ETF, $1 on a $50 stock), where a
     * dollar width or a count of strikes depends on each ticker's price and strike spacing.
     */
    spreadWidthPct: positiveNumber.max(1).default(0.02),
    /**
     * A credit spread must collect at least this share of its width (net limit ≥ 0.20 × width). The
     * credit over the width is about the market's odds of the maximum loss; with a 0.30-delta short
     * and a wing further out it is typically 0.2–0.3, so 0.20 refuses only thin credits (reward 1 : 4
     * risk or worse). Not applied to a cash-secured put (its "width" is the strike): the liquidity
     * premium floor applies to it instead.
     */
    minCreditPctOfWidth: fraction.default(0.2),
    /**
     * Bullish short premium: a cash-secured put when its assignment cost ((strike − credit) × 100)
     * fits the per-trade risk amount (sizing), else a bull put spread. Off: always the spread.
     */
    cashSecuredPut: z.boolean().default(true),
    /** Take profit once the cost to close is at most (1 − this) × the credit: 50 % of the credit kept (common practice). */
    takeProfitShare: fraction.default(0.5),
    /** Stop once the loss (cost to close − credit) reaches this multiple of the credit (2×: close at 3× the credit). */
    stopMultipleOfCredit: positiveNumber.default(2),
  })
  .prefault({});
