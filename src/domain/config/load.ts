import type { z } from 'zod';
import { DomainError } from '../errors.js';
import { configSchema, rulesSchema, type HedgingConfig, type RiskConfig, type Rules } from './schema.js';

/** The validated, frozen config: global rules, the risk caps, hedging, and resolved rules per overridden ticker. */
export interface Config {
  readonly rules: Rules;
  readonly risk: RiskConfig;
  readonly hedging: HedgingConfig;
  readonly tickers: Readonly<Record<string, Rules>>;
}

export class ConfigError extends DomainError {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super('INVALID_CONFIG', `invalid config:\n  ${problems.join('\n  ')}`);
  }
}

function problems(error: z.ZodError, prefix: readonly PropertyKey[] = []): string[] {
  return error.issues.map((i) => `${[...prefix, ...i.path].map(String).join('.') || '(root)'}: ${i.message}`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge of plain objects; arrays and scalars in `over` replace those in `base`. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Validates a raw config (e.g. parsed JSON) and fills every default from the seed.
 * Throws ConfigError naming each bad key and its problem; nothing is partially applied.
 */
export function loadConfig(input: unknown = {}): Config {
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) throw new ConfigError(problems(parsed.error));
  const { risk, hedging, tickers: overrides, ...rules } = parsed.data;
  const raw = isPlainObject(input) ? input : {};
  const tickers: Record<string, Rules> = {};
  const errors: string[] = [];
  for (const [ticker, override] of Object.entries(overrides)) {
    const unknownKeys = Object.keys(override).filter((k) => !(k in rulesSchema.shape));
    for (const k of unknownKeys) errors.push(`tickers.${ticker}.${k}: not a per-ticker rule section`);
    const merged = rulesSchema.safeParse(deepMerge(withoutKeys(raw, ['risk', 'hedging', 'tickers']), override));
    if (merged.success) tickers[ticker] = merged.data;
    else errors.push(...problems(merged.error, ['tickers', ticker]));
  }
  if (errors.length > 0) throw new ConfigError(errors);
  return deepFreeze({ rules, risk, hedging, tickers });
}

function withoutKeys(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
}

/** The rules in force for one ticker: its override merged over the global rules. */
export function rulesFor(config: Config, ticker: string): Rules {
  return config.tickers[ticker] ?? config.rules;
}
