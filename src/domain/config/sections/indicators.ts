import { z } from 'zod';
import { wholeNumber } from './common.js';

export const indicatorsSchema = z
  .strictObject({
    /** SMA period for the trend line. Seed: SMA20. */
    smaPeriod: wholeNumber.min(2).default(20),
    /** SMA20 slope is measured against the SMA this many bars ago. Seed: 20 bars. */
    slopeLookback: wholeNumber.min(1).default(20),
    /** Bars of average volume the volume ratio divides by. */
    volumeLookback: wholeNumber.min(2).default(20),
    /** ATR period (Wilder). */
    atrPeriod: wholeNumber.min(2).default(14),
    /** Window (bars) of log returns for realized volatility. */
    realizedVolWindow: wholeNumber.min(2).default(30),
    /** Bars per year to annualise realized vol (390 one-minute bars × 252 days). */
    barsPerYear: wholeNumber.min(1).default(390 * 252),
    /** IV rank/percentile lookback in daily observations. Seed Q5: 252 (one year) default; 63 allowed. */
    ivRankLookback: wholeNumber.min(2).default(252),
  })
  .prefault({});
