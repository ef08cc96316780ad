import { z } from 'zod';

const dollars = z.number().finite().min(0);
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is HH:MM (24 h)');

/** 'HH:MM' → minutes after midnight. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * The simulated broker's costs, fill model and session. The seed is silent on all of these:
 * the defaults approximate Alpaca's published pricing and a conservative fill model.
 */
export const simBrokerConfigSchema = z
  .strictObject({
    /** Commission per contract, dollars. Alpaca charges no commission on options. */
    commissionPerContract: dollars.default(0),
    /** Options Regulatory Fee per contract, dollars: ≈ $0.02, an approximation (the exchanges revise it). */
    orfPerContract: dollars.default(0.02),
    /** OCC clearing fee per contract, dollars: ≈ $0.02, an approximation of OCC's schedule. */
    occClearingPerContract: dollars.default(0.02),
    /** Option price increment, dollars ($0.01 for penny-pilot classes such as SPY). */
    tickSize: z.number().finite().positive().default(0.01),
    /** Slippage against us past the touch, in ticks; a limit order never fills beyond its limit. */
    slippageTicks: z.number().int().min(0).default(1),
    /**
     * Most an order may fill per quote, as a fraction of the average minute volume (today's
     * volume / session minutes); quotes carry no displayed size. Assumption: half a minute's flow.
     */
    maxFractionOfMinuteVolume: z.number().finite().min(0).max(1).default(0.5),
    /** Contracts that can always fill per quote once the price is reached, however thin the volume. */
    minFillQty: z.number().int().min(1).default(1),
    /** Regular session open, New York time: orders are accepted from then. */
    sessionOpenEt: clockTime.default('09:30'),
    /** Regular session close, New York time: no orders after it; day orders expire at it. */
    sessionCloseEt: clockTime.default('16:00'),
  })
  .refine((c) => minutesOf(c.sessionOpenEt) < minutesOf(c.sessionCloseEt), { message: 'sessionOpenEt must be before sessionCloseEt' });

export type SimBrokerConfig = z.output<typeof simBrokerConfigSchema>;
export type SimBrokerConfigInput = z.input<typeof simBrokerConfigSchema>;

/** Validated, frozen sim-broker config; throws a ZodError naming each bad key. */
export function loadSimBrokerConfig(input: SimBrokerConfigInput = {}): SimBrokerConfig {
  return Object.freeze(simBrokerConfigSchema.parse(input));
}

/** Session length in minutes (390 for 09:30–16:00). */
export function sessionMinutes(c: Pick<SimBrokerConfig, 'sessionOpenEt' | 'sessionCloseEt'>): number {
  return minutesOf(c.sessionCloseEt) - minutesOf(c.sessionOpenEt);
}
