import { z } from 'zod';
import { fraction, nonNegativeNumber, wholeNumber } from './common.js';

/** Portfolio caps. The 3-5-7 rule: 3 % per trade, 5 % total at risk, 7 % profit target. */
export const riskSchema = z
  .strictObject({
    maxRiskPerTradePct: fraction.default(0.03),
    maxTotalRiskPct: fraction.default(0.05),
    profitTargetPct: fraction.default(0.07),
    /** |net delta| cap in share equivalents. */
    maxNetDeltaShares: nonNegativeNumber.default(1000),
    /** |net vega| cap in dollars per vol point. */
    maxNetVega: nonNegativeNumber.default(2500),
    maxOpenPositions: wholeNumber.min(1).default(10),
  })
  .prefault({});
