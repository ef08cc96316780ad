/** A market directory's manifest.json: format version, seed and per-ticker parameters. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { underlyingParamsSchema } from './params.js';

export const MARKET_FORMAT = 'thetis-market';
export const MARKET_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

/** How the generator drew a ticker's price path (informational; the loader does not need it). */
export const simParamsSchema = z.strictObject({
  startPrice: z.number().finite().positive(),
  /** Annualised drift of log price. */
  drift: z.number().finite(),
  /** Annualised base volatility. */
  vol: z.number().finite().positive(),
  /** Mean shares traded per minute. */
  barVolume: z.number().finite().positive(),
});

export const tickerEntrySchema = underlyingParamsSchema.extend({
  /** Bars file relative to the market directory; default `bars/<SYMBOL>.csv.gz` (`.csv` = not gzipped). */
  file: z.string().min(1).optional(),
  sim: simParamsSchema.optional(),
});

export const manifestSchema = z.strictObject({
  format: z.literal(MARKET_FORMAT),
  version: z.literal(MARKET_FORMAT_VERSION),
  /** The generator's seed; null for data from elsewhere. */
  seed: z.number().int().nullable().default(null),
  description: z.string().optional(),
  /** Which version of the generator wrote the market (absent for data from elsewhere). */
  generator: z.string().optional(),
  /** First and last trading day held (informational). */
  start: z.string().optional(),
  end: z.string().optional(),
  tickers: z
    .array(tickerEntrySchema)
    .min(1)
    .refine((ts) => new Set(ts.map((t) => t.symbol)).size === ts.length, { message: 'ticker symbols must be unique' }),
});

export type Manifest = z.output<typeof manifestSchema>;
export type ManifestInput = z.input<typeof manifestSchema>;
export type TickerEntry = z.output<typeof tickerEntrySchema>;

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

export function barsFileOf(entry: Pick<TickerEntry, 'symbol' | 'file'>): string {
  return entry.file ?? `bars/${entry.symbol}.csv.gz`;
}

/** Reads and validates `<dir>/manifest.json`; errors name the file and the offending field. */
export async function readManifest(dir: string): Promise<Manifest> {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ManifestError(`${path}: cannot read the market manifest (${/^E[A-Z]+: ([^,]+)/.exec((e as Error).message)?.[1] ?? (e as Error).message})`, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ManifestError(`${path}: not valid JSON (${(e as Error).message})`, { cause: e });
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
    throw new ManifestError(`${path}: invalid manifest:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}
