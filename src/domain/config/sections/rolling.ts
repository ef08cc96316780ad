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
    /**
     * The engine rolls longs (seed: "roll longs up to a higher strike to bank profits"): a long held
     * by the exit rules and up longRollProfitPct is closed, and a further-OTM contract of the same
     * expiry opened through the risk gate. Off: such a long is simply held until an exit rule fires.
     */
    longRolls: z.boolean().default(true),
    /**
     * The engine rolls sold structures (seed: "roll shorts at 21 DTE if still at risk"): at shortRollDte
     * one that evaluateShortRoll rolls is bought back, and the same strikes sold again in the nearest
     * expiry inside shortTargetDte, through the risk gate. Off: it is closed instead (SHORT_CLOSED_NOT_ROLLED).
     */
    shortRolls: z.boolean().default(true),
    /** Roll a long up to a higher strike to bank profits once it is up this much. */
    longRollProfitPct: z.number().finite().min(0).default(0.5),
  })
  .prefault({});
