import { z } from 'zod';
import { fraction, nonNegativeNumber, wholeNumber } from './common.js';

/**
 * Portfolio caps, enforced by the portfolio-greeks gate on opening orders only
 * (an exit is never blocked). The 3-5-7 rule: 3 % per trade, 5 % total at risk, 7 % profit target.
 */
export const riskSchema = z
  .strictObject({
    /** Seed 3-5-7 rule: at most 3 % of equity at risk in one trade (also the sizer's absolute ceiling). */
    maxRiskPerTradePct: fraction.default(0.03),
    /** Seed 3-5-7 rule: at most 5 % of equity at risk in all positions and pending orders together. */
    maxTotalRiskPct: fraction.default(0.05),
    /** Seed 3-5-7 rule: a winner should make 7 % of equity (≈ 2.3× the 3 % risk); read by the exit and report layers. */
    profitTargetPct: fraction.default(0.07),
    /**
     * |net delta| cap in share equivalents. Seed: "net delta ≤ equivalent of X stock shares",
     * X not given: 1000 shares ≈ ten 1.00-delta contracts, twice the 5-contract cap at 1.00 delta.
     */
    maxNetDeltaShares: nonNegativeNumber.default(1000),
    /** |net vega| cap in dollars per vol point. Seed silent: 2500 ≈ 1.4 % of the seed's $182K account per vol point. */
    maxNetVega: nonNegativeNumber.default(2500),
    /** Open positions (distinct option symbols, pending orders included). Seed silent: 10, so 5 % total / 0.5 % each fits. */
    maxOpenPositions: wholeNumber.min(1).default(10),
  })
  .prefault({});
