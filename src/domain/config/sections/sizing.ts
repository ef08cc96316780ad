import { z } from 'zod';
import { fraction, positiveNumber, wholeNumber } from './common.js';

/** The seed's risk-per-trade bands (fractions of equity): day 0.25–0.75 %, swing 0.5–1.5 %. */
export const RISK_PCT_BANDS = { day: { min: 0.0025, max: 0.0075 }, swing: { min: 0.005, max: 0.015 } } as const;

/** A risk fraction held to the seed's band for its trade type. */
const riskPct = (min: number, max: number, dflt: number) =>
  z.number().finite().min(min, `must be >= ${min} (seed band ${min}–${max})`).max(max, `must be <= ${max} (seed band ${min}–${max})`).default(dflt);

export const sizingSchema = z
  .strictObject({
    /**
     * Risk per trade as a fraction of equity. Seed Q1: start at the middle of the band,
     * day 0.5 % (band 0.25–0.75 %), swing 1.0 % (band 0.5–1.5 %).
     */
    riskPct: z
      .strictObject({ day: riskPct(RISK_PCT_BANDS.day.min, RISK_PCT_BANDS.day.max, 0.005), swing: riskPct(RISK_PCT_BANDS.swing.min, RISK_PCT_BANDS.swing.max, 0.01) })
      .prefault({}),
    /** Hard cap on contracts per order (seed: 1–5 initially). */
    maxContracts: wholeNumber.min(1).max(5).default(5),
    atr: z
      .strictObject({
        /**
         * Seed: "Position = RiskAmount / (ATR × Factor)", as a reduction only: the risk budget is
         * multiplied by min(1, referenceAtrPct / (ATR% × factor)), so a high ATR sizes down, never up.
         */
        enabled: z.boolean().default(true),
        /** The seed's Factor (1: no extra damping). */
        factor: positiveNumber.default(1),
        /** ATR / price that counts as normal for the bars fed in (0.2 % on 1-minute bars): no reduction at or below it. */
        referenceAtrPct: fraction.default(0.002),
      })
      .prefault({}),
    kelly: z
      .strictObject({
        /** Half-Kelly caps the risk fraction once enough trades exist; never raises it above riskPct. */
        enabled: z.boolean().default(true),
        /** Seed: half-Kelly (50 %) of Kelly % = (W·AvgWin − L·AvgLoss) / AvgWin. */
        fraction: fraction.default(0.5),
        /** Seed: "requires backtested win rates"; 30 trades is our floor before Kelly is trusted. */
        minTrades: wholeNumber.min(1).default(30),
        /**
         * Where a backtest writes the trade statistics this sizer reads (`thetis backtest` writes
         * them; `--kelly` reads them). A relative path is under the command's `--out` directory
         * (default `out`, so out/kelly-stats.json); an absolute path stands as it is.
         */
        statsFile: z.string().min(1).default('kelly-stats.json'),
      })
      .prefault({}),
    scaleIn: z
      .strictObject({
        /** Off by default: the seed lists scaling in as an advanced practice. 'add' is denied while off. */
        enabled: z.boolean().default(false),
        /** First tranche as a fraction of the full size (seed: start 50 %, add 50 % on confirmation). */
        firstTranche: fraction.default(0.5),
      })
      .prefault({}),
  })
  .prefault({});
