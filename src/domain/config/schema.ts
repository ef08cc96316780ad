import { z } from 'zod';
import { executionSchema } from './sections/execution.js';
import { exitsSchema } from './sections/exits.js';
import { hedgingSchema } from './sections/hedging.js';
import { indicatorsSchema } from './sections/indicators.js';
import { liquiditySchema } from './sections/liquidity.js';
import { premiumSchema } from './sections/premium.js';
import { riskSchema } from './sections/risk.js';
import { rollingSchema } from './sections/rolling.js';
import { selectionSchema } from './sections/selection.js';
import { signalsSchema } from './sections/signals.js';
import { sizingSchema } from './sections/sizing.js';

/** The per-ticker trading rules: every seed number, overridable per ticker. */
export const rulesSchema = z.strictObject({
  indicators: indicatorsSchema,
  signals: signalsSchema,
  liquidity: liquiditySchema,
  selection: selectionSchema,
  sizing: sizingSchema,
  exits: exitsSchema,
  rolling: rollingSchema,
  premium: premiumSchema,
  execution: executionSchema,
});

export const tickerSymbol = z.string().regex(/^[A-Z][A-Z0-9.]{0,5}$/, 'a ticker is 1–6 upper-case letters, digits or dots');

/** The whole config as written by a user: global rules, portfolio risk caps, per-ticker overrides. */
export const configSchema = rulesSchema.extend({
  risk: riskSchema,
  /** Portfolio-wide, like the risk caps (never per ticker). */
  hedging: hedgingSchema,
  /** Per-ticker overrides: any subset of the rules, merged over the global rules. */
  tickers: z.record(tickerSymbol, z.record(z.string(), z.unknown())).default({}),
});

export type Rules = z.output<typeof rulesSchema>;
export type RiskConfig = z.output<typeof riskSchema>;
export type HedgingConfig = z.output<typeof hedgingSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type IndicatorsConfig = Rules['indicators'];
export type SignalsConfig = Rules['signals'];
export type LiquidityConfig = Rules['liquidity'];
export type SelectionConfig = Rules['selection'];
export type SizingConfig = Rules['sizing'];
export type ExitsConfig = Rules['exits'];
export type RollingConfig = Rules['rolling'];
export type PremiumConfig = Rules['premium'];
export type ExecutionConfig = Rules['execution'];
