import { z } from 'zod';
import { byTradeType, fraction, nonNegativeNumber, positiveNumber, wholeNumber } from './common.js';

/** Seed Q3: the same thresholds for every ticker by default, overridable per ticker. */
export const liquiditySchema = z
  .strictObject({
    /** (ask − bid) / mid ceiling: 8 % day, 10 % swing. */
    maxSpreadPct: byTradeType(fraction, { day: 0.08, swing: 0.1 }),
    minOpenInterest: wholeNumber.default(500),
    minVolume: wholeNumber.default(200),
    /** Mid-price floor in dollars per share ($0.30): no lottery tickets. */
    minPremium: nonNegativeNumber.default(0.3),
    /** A quote older than this (ms) is stale. */
    maxQuoteAgeMs: positiveNumber.default(120_000),
  })
  .prefault({});
