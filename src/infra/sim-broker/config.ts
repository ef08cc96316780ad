import { z } from 'zod';

const dollars = z.number().finite().min(0);

/**
 * The simulated broker's costs and fill model; its session is the exchange calendar's. The seed
 * is silent on all of these: the defaults approximate Alpaca's published pricing and a
 * conservative fill model.
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
  });

export type SimBrokerConfig = z.output<typeof simBrokerConfigSchema>;
export type SimBrokerConfigInput = z.input<typeof simBrokerConfigSchema>;

/** Validated, frozen sim-broker config; throws a ZodError naming each bad key. */
export function loadSimBrokerConfig(input: SimBrokerConfigInput = {}): SimBrokerConfig {
  return Object.freeze(simBrokerConfigSchema.parse(input));
}
