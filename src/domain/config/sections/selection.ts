import { z } from 'zod';
import { fraction, positiveNumber, range, wholeNumber } from './common.js';

export const selectionSchema = z
  .strictObject({
    /** Only strikes within this fraction of the target strike (2 %). */
    strikeWindowPct: fraction.default(0.02),
    /** Directional delta target, seed Q6: 0.50–0.60. */
    targetDelta: range(fraction, { min: 0.5, max: 0.6 }),
    /** Score = spread·0.4 + OI·0.3 + volume·0.2 + delta·0.1 (seed Q4: kept). */
    weights: z
      .strictObject({
        spread: fraction.default(0.4),
        openInterest: fraction.default(0.3),
        volume: fraction.default(0.2),
        delta: fraction.default(0.1),
      })
      .refine((w) => Math.abs(w.spread + w.openInterest + w.volume + w.delta - 1) < 1e-9, { message: 'weights must sum to 1' })
      .prefault({}),
    /** OI at which the OI score saturates (1000), volume likewise (500), delta distance that scores 0 (0.3). */
    oiFullScore: positiveNumber.default(1000),
    volumeFullScore: positiveNumber.default(500),
    deltaTolerance: positiveNumber.default(0.3),
    /**
     * DTE windows in calendar days: day trades are scalps (< 7 DTE), swings are core outlooks (21–45 DTE).
     * Scalps start at 3 DTE because longs exit 2 sessions before expiry (exits.time.longDaysBeforeExpiry).
     */
    dte: z
      .strictObject({
        day: range(wholeNumber, { min: 3, max: 6 }),
        swing: range(wholeNumber, { min: 21, max: 45 }),
        /**
         * And at least this many sessions left to expiry (trading days after today up to the expiry's,
         * exits/expiry-sessions.ts): one more than `exits.time.longDaysBeforeExpiry` (2), so a long just
         * bought is never already due out (a Friday scalp into a Monday expiry has 3 DTE but 1 session).
         */
        minSessionsLeft: wholeNumber.default(3),
      })
      .prefault({}),
    /** Long premium held overnight avoids the final week (≤ this DTE). Day trades close the same day. */
    longPremiumMinDte: wholeNumber.default(7),
  })
  .prefault({});
