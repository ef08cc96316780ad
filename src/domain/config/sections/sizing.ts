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
         * Seed: "Position = RiskAmount / (ATR × Factor)". For an option the risk per contract is
         * its expected loss on an adverse move of `factor` horizon ATRs of the underlying,
         * |Δ| × ATR × √horizonBars × factor × multiplier; the contracts that RiskAmount buys at
         * that risk are one bound, beside the % rule and the hard cap (the smallest wins, ATR_LIMIT).
         */
        enabled: z.boolean().default(true),
        /**
         * The seed's Factor: how many (horizon) ATRs against the trade the size must survive. 2, the
         * classic volatility stop two ATRs away: one ATR is the ordinary noise of the horizon, and
         * a stop inside it is hit by noise alone.
         */
        factor: positiveNumber.default(2),
        /**
         * The ATR is on 1-minute bars; the bound reads it over the trade's horizon, ATR × √bars.
         * Day: 60 (the seed's day trade must follow through within 30–60 min); swing: 390 (one
         * regular session, so the scaled ATR is about the daily ATR classic ATR sizing uses).
         */
        horizonBars: z
          .strictObject({ day: wholeNumber.min(1).default(60), swing: wholeNumber.min(1).default(390) })
          .prefault({}),
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
        /**
         * Off by default: the seed lists scaling in as Phase 4 polish, and on, it halves every entry
         * until the trade confirms (the seed's examples, 3 and 5 contracts, open with 1 and 2).
         */
        enabled: z.boolean().default(false),
        /** First tranche as a fraction of the full size (seed: start 50 %, add 50 % on confirmation). */
        firstTranche: fraction.default(0.5),
        /**
         * "If the trade confirms" (seed silent on what confirms): scaleInDecision adds the second
         * tranche when, within the window, all of these hold on a bar.
         */
        confirm: z
          .strictObject({
            /** The underlying has moved at least this far in the trade's favour from entry: 0.4 %, half the first underlying target (0.8 %). */
            minUnderlyingMovePct: fraction.default(0.004),
            /** The option's P/L (fraction of its entry premium) is more than this: 0, the option itself is in profit (unknown P/L: not confirmed). */
            minOptionPnlPct: z.number().finite().min(0).default(0),
            /** The trend (SMA20 slope) still points the trade's way: 'up' for bullish, 'down' for bearish. */
            trendAligned: z.boolean().default(true),
            window: z
              .strictObject({
                /** Day trade: within 30 minutes of entry, when NO_FOLLOW_THROUGH first judges it; later adds chase a move already made. */
                dayMinutes: wholeNumber.min(1).default(30),
                /** Swing: by the close of the 2nd session counting the entry's; after that the move is old news. */
                swingSessions: wholeNumber.min(1).default(2),
              })
              .prefault({}),
          })
          .prefault({}),
      })
      .prefault({}),
  })
  .prefault({});
