import { z } from 'zod';
import { wholeNumber } from './common.js';

export const indicatorsSchema = z
  .strictObject({
    /** SMA period for the trend line. Seed: SMA20. */
    smaPeriod: wholeNumber.min(2).default(20),
    /** SMA20 slope is measured against the SMA this many bars ago. Seed: 20 bars. */
    slopeLookback: wholeNumber.min(1).default(20),
    /** Bars back for ret_5m. Seed: "close_5m_ago" on one-minute bars = 5 bars. */
    ret5mBars: wholeNumber.min(1).default(5),
    /** Bars back for ret_15m. Seed: "close_15m_ago" on one-minute bars = 15 bars. */
    ret15mBars: wholeNumber.min(1).default(15),
    /** Bars of average volume the volume ratio divides by. */
    volumeLookback: wholeNumber.min(2).default(20),
    /** ATR period (Wilder). */
    atrPeriod: wholeNumber.min(2).default(14),
    /**
     * Realized volatility (compared with IV, seed "IV vs Realized Vol"): the sample standard deviation
     * of this many daily log returns (close to close, each New York session's last close; so this
     * many + 1 sessions), annualised by √252. Seed is silent on the window: 20 trading days (a month).
     */
    realizedVolDays: wholeNumber.min(2).default(20),
    /** IV rank/percentile lookback in daily observations. Seed Q5: 252 (one year) default; 63 allowed. */
    ivRankLookback: wholeNumber.min(2).default(252),
    /**
     * Daily IV observations needed before IV rank/percentile are reported. Seed is silent:
     * Thetis default of one trading month, so a short history is not read as a full year.
     */
    ivRankMinObservations: wholeNumber.min(2).default(20),
  })
  .refine((c) => c.ivRankMinObservations <= c.ivRankLookback, {
    message: 'ivRankMinObservations must be <= ivRankLookback',
  })
  .prefault({});
