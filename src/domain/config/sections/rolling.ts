import { z } from 'zod';
import { fraction, range, wholeNumber } from './common.js';

export const rollingSchema = z
  .strictObject({
    /** Shorts are rolled (or closed) at 21 DTE (seed: "exit at 21 DTE, before the gamma spike"). */
    shortRollDte: wholeNumber.default(21),
    /** Seed Q7: only roll when at risk (short strike within this fraction of the underlying or ITM). */
    onlyIfAtRisk: z.boolean().default(true),
    atRiskDistancePct: fraction.default(0.02),
    /** DTE window of the expiry a short is rolled into: the seed's short-premium entry window (30–60 DTE). */
    shortTargetDte: range(wholeNumber, { min: 30, max: 60 }),
    /** Roll a long up to a higher strike to bank profits once it is up this much. */
    longRollProfitPct: z.number().finite().min(0).default(0.5),
  })
  .prefault({});
