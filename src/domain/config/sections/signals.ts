import { z } from 'zod';
import { fraction, nonNegativeNumber, positiveNumber, range, wholeNumber } from './common.js';

export const signalsSchema = z
  .strictObject({
    momentum: z
      .strictObject({
        /** ret_5m must exceed this (0.3 %). Puts mirror it below −0.3 %. */
        ret5m: fraction.default(0.003),
        /** ret_15m must exceed this (0.8 %). */
        ret15m: fraction.default(0.008),
        /** Volume ratio threshold (× average). */
        volumeRatio: positiveNumber.default(1.5),
        /** Consecutive bars above the volume threshold needed: seed says 2–3; 2 is the default. */
        volumeBars: range(wholeNumber.min(1), { min: 2, max: 3 }),
      })
      .prefault({}),
    /**
     * Chop filter (seed P6): a flat SMA20 AND price oscillating around it → no options (CHOP). A flat
     * SMA without oscillation is not chop: the side is then the close's side of SMA20 and the
     * breakout rules decide (signals/momentum.ts).
     */
    chop: z
      .strictObject({
        /** |SMA20 slope| less than this is flat (0.2 %). */
        maxFlatSlope: fraction.default(0.002),
        /** Price crossing the SMA at least this many times within `oscillationWindow` bars = oscillating. Seed gives no number: 3. */
        minCrosses: wholeNumber.min(1).default(3),
        /** Bars (with an SMA) the crosses are counted over: 20, the SMA's own length. */
        oscillationWindow: wholeNumber.min(2).default(20),
      })
      .prefault({}),
    /** The trade type the engine takes for this ticker (sets spread caps, sizing and exits downstream). */
    tradeType: z.enum(['day', 'swing']).default('day'),
    /**
     * Confidence: each momentum input scores min(1, value / (confidenceSaturation × threshold)).
     * Seed is silent: at 2× the threshold a component is at full strength (Thetis default).
     */
    confidenceSaturation: z.number().finite().min(1).default(2),
    /**
     * Sentiment in [-1, 1] scales confidence by (1 + weight × aligned sentiment), never direction;
     * the entry's risk fraction likewise, held to its trade type's seed band (sizePosition).
     */
    sentimentWeight: fraction.default(0.25),
    /** News sentiment scoring (src/domain/sentiment). The seed gives no numbers: these are Thetis defaults. */
    sentiment: z
      .strictObject({
        /** Off: every ticker's sentiment is neutral (0), sizes as without news. */
        enabled: z.boolean().default(true),
        /** Items published longer ago than this are ignored (a day: last evening's news still counts in the morning). */
        windowMinutes: positiveNumber.default(1440),
        /** An item's weight halves every this many minutes of age (6 h). */
        halfLifeMinutes: positiveNumber.default(360),
        /** At most this many of the newest items in the window count. */
        maxItems: wholeNumber.min(1).default(50),
        /** Items tagged with more tickers than this are market round-ups: ignored. */
        maxSymbols: wholeNumber.min(1).default(5),
        /** A lexicon hit in the headline counts this many times one in the summary. */
        headlineWeight: nonNegativeNumber.default(2),
        /** |score| below this is reported neutral and returned as 0: a faint tilt resizes nothing. */
        neutralBand: fraction.default(0.05),
      })
      .prefault({}),
    /**
     * The IV regime picks the premium side (seed "IV Regime Filters", "IV vs Realized Vol"): IV rank
     * > high or IV / realized vol ≥ richRatio → short premium; IV rank < low or IV / realized vol ≤
     * cheapRatio → long premium; otherwise, or when the two disagree, both (signals/iv-regime.ts).
     */
    ivRegime: z
      .strictObject({
        /** IV rank above this (percent, 0–100): favour short premium, avoid long. */
        high: nonNegativeNumber.max(100).default(80),
        /** IV rank below this: favour long premium, avoid short. */
        low: nonNegativeNumber.max(100).default(20),
        /** IV / realized vol at least this: IV ≫ RV, options rich (favour selling). Seed gives no number: 1.25. */
        richRatio: positiveNumber.default(1.25),
        /** IV / realized vol at most this: IV ≪ RV, options cheap (favour buying). Seed gives no number: 0.8. */
        cheapRatio: positiveNumber.default(0.8),
      })
      .refine((r) => r.low < r.high, { message: 'ivRegime.low must be < ivRegime.high' })
      .refine((r) => r.cheapRatio < r.richRatio, { message: 'ivRegime.cheapRatio must be < ivRegime.richRatio' })
      .prefault({}),
  })
  .prefault({});
