import { z } from 'zod';
import { fraction, wholeNumber } from './common.js';

export const rollingSchema = z
  .strictObject({
    /** Shorts are rolled (or closed) at 21 DTE. */
    shortRollDte: wholeNumber.default(21),
    /** Seed Q7: only roll when at risk (short strike within this fraction of the underlying or ITM). */
    onlyIfAtRisk: z.boolean().default(true),
    atRiskDistancePct: fraction.default(0.02),
    /** Roll a long up to a higher strike to bank profits once it is up this much. */
    longRollProfitPct: z.number().finite().min(0).default(0.5),
  })
  .prefault({});
