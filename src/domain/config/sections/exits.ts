import { z } from 'zod';
import { fraction, positiveNumber, range, wholeNumber } from './common.js';

/**
 * Seed Q2: both, in one evaluator. Underlying-based exits are primary (the seed's
 * recommendation); option-based stops and targets stay on as a backstop.
 */
export const exitsSchema = z
  .strictObject({
    underlying: z
      .strictObject({
        /** Underlying move against the position that stops it out (0.6 %). */
        adversePct: fraction.default(0.006),
        /** Favourable underlying move band for the take-profit (0.8–1.2 %). */
        targetPct: range(fraction, { min: 0.008, max: 0.012 }),
        /** ...AND the option must be up at least this much (20 %). */
        minOptionProfitPct: fraction.default(0.2),
        /** Exit when the underlying closes back across SMA20. */
        smaBreak: z.boolean().default(true),
        /** Exit when trend_state flips against the position. */
        trendFlip: z.boolean().default(true),
        /** Trail the underlying: exit when it gives back this fraction from its peak. */
        trailPct: fraction.default(0.005),
      })
      .prefault({}),
    option: z
      .strictObject({
        /** Option stop loss band (25–40 %): wider with more DTE or vol. */
        stopPct: range(fraction, { min: 0.25, max: 0.4 }),
        /** Option take-profit band (35–80 %). */
        targetPct: range(z.number().finite().min(0), { min: 0.35, max: 0.8 }),
        /**
         * DTE at which the bands sit at their min / max (seed silent on the mapping; the seed's
         * DTE practice: quick scalps < 7 DTE, core outlooks 21–45 DTE). Clamped outside.
         */
        dteRange: range(wholeNumber, { min: 7, max: 45 }),
        /** Implied vol at which the bands sit at their min / max (seed silent; a typical 15–60 % IV span). */
        ivRange: range(positiveNumber, { min: 0.15, max: 0.6 }),
        /** Weight of DTE vs IV in the band position: t = w·dte + (1 − w)·iv (seed silent: equal weight). */
        dteWeight: fraction.default(0.5),
      })
      .prefault({}),
    time: z
      .strictObject({
        /** Day trade: no follow-through within this window (30–60 min) → exit. */
        noFollowThroughMin: range(wholeNumber.min(1), { min: 30, max: 60 }),
        /** Swing: maximum hold (7–14 days); exit at the max, review at the min. */
        swingHoldDays: range(wholeNumber.min(1), { min: 7, max: 14 }),
        /**
         * Swing positions (long or short) close once at most this many sessions are left to expiry
         * (trading days, counting the expiry day's session: exits/expiry-sessions.ts), i.e. by the
         * session before the expiry's. A long swing meets `longDaysBeforeExpiry` first; this binds shorts.
         */
        swingDaysBeforeExpiry: wholeNumber.default(1),
        /**
         * Long premium closes once at most this many sessions are left to expiry, counting the expiry
         * day's session: on the Wednesday for a Friday expiry, the Thursday before a Monday expiry.
         * `selection.dte.minSessionsLeft` must exceed it, so a long just bought is not already due out.
         */
        longDaysBeforeExpiry: wholeNumber.default(2),
        /** Day trades are flat by the close: exit this many minutes before the session ends (seed silent). */
        dayFlatMinutesBeforeClose: wholeNumber.default(10),
      })
      .prefault({}),
    trailing: z
      .strictObject({
        /** After the option is up this much (+100 %)... */
        activatePct: z.number().finite().min(0).default(1.0),
        /** ...the stop moves to lock in this much (+50 %). */
        lockPct: z.number().finite().min(0).default(0.5),
      })
      .prefault({}),
    partial: z
      .strictObject({
        enabled: z.boolean().default(true),
        /**
         * Fraction sold at the first target (50–75 %): `min` when the partial fires right at its
         * first target, rising linearly to `max` the further past it the trade has run when it
         * fires, reaching `max` at that rule's full target (exits/partial.ts).
         */
        fraction: range(fraction, { min: 0.5, max: 0.75 }),
        /**
         * After a partial exit the rest is stopped if option P/L falls to this fraction of entry
         * (seed silent; 0 = break-even, so the trailed remainder never turns a winner into a loser).
         */
        floorAfterPct: z.number().finite().min(-1).default(0),
      })
      .prefault({}),
    expectedMove: z
      .strictObject({
        /** Seed: take profits at 50–75 % of the expected move S × IV × √T (entry spot, entry IV, years to expiry at entry). */
        enabled: z.boolean().default(true),
        /** Underlying moved this share of the expected move in favour: first target (partial). */
        min: fraction.default(0.5),
        /** ...this share: full exit. */
        max: fraction.default(0.75),
      })
      .refine((r) => r.min <= r.max, { message: 'min must be <= max' })
      .prefault({}),
    greeks: z
      .strictObject({
        /** Long option with |delta| above this behaves like stock: take profit. */
        deltaTakeProfit: fraction.default(0.85),
        /** Theta per day above this fraction of the option's value: exit. */
        maxThetaPctOfValue: fraction.default(0.05),
      })
      .prefault({}),
    /** IV up this fraction over entry IV against a short-vol position, or down against long: exit. */
    volSpikePct: positiveNumber.default(0.3),
    /** Option quotes older than this (ms) are not used: underlying-based exits only. */
    quoteMaxAgeMs: positiveNumber.default(120_000),
  })
  .prefault({});
