/** `thetis generate-market`, and the bundled sample market `npm start` backtests on. */
import { Presets, SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { tradingDaysEnding } from '../../domain/calendar/index.js';
import { isoDateToUtcMs } from '../../domain/values/time.js';
import { GENERATOR_VERSION, generateMarket, type GenerateResult } from '../../infra/market/generate.js';
import { openMarket } from '../../infra/market/load.js';
import { readManifest } from '../../infra/market/manifest.js';
import { wholeNumber } from '../args.js';
import { UsageError } from '../errors.js';
import { checkOutDir } from '../out.js';

/**
 * The bundled sample market: 20 fictional tickers, the 60 trading days ending 2025-06-27, a fixed
 * seed. 60 days, so IV rank (20 daily observations) and realized vol (21 sessions) are known for
 * most of it, and its fear and IV-crush stretches (regimes.ts stretchOf) drive the IV regime rules.
 */
export const SAMPLE_MARKET = { seed: 20_250_627, tickers: 20, days: 60, end: '2025-06-27' } as const;

function sampleStart(): string {
  return tradingDaysEnding(SAMPLE_MARKET.end, SAMPLE_MARKET.days)[0] ?? SAMPLE_MARKET.end;
}

function isoDate(raw: string): string {
  try {
    isoDateToUtcMs(raw);
  } catch {
    throw new InvalidArgumentError(`expected a YYYY-MM-DD date, got '${raw}'`);
  }
  return raw;
}

function summary(dir: string, r: GenerateResult, ms: number): string {
  const mb = (r.bytes / 1e6).toFixed(1);
  return `wrote ${r.bars} bars (${r.manifest.tickers.length} tickers × ${r.days.length} days, ${r.days[0]}…${r.days[r.days.length - 1]}) to ${dir}: ${mb} MB in ${(ms / 1000).toFixed(1)} s`;
}

async function generateWithProgress(o: { dir: string; seed: number; tickers: number; days: number; start: string }): Promise<GenerateResult> {
  const bar = new SingleBar({ format: 'generate-market |{bar}| {value}/{total} tickers {symbol}', stream: process.stderr }, Presets.shades_classic);
  bar.start(o.tickers, 0, { symbol: '' });
  try {
    return await generateMarket({ ...o, onProgress: (done, _total, symbol) => bar.update(done, { symbol }) });
  } finally {
    bar.stop();
  }
}

export function generateMarketCommand(): Command {
  return new Command('generate-market')
    .description('Generate a deterministic synthetic market: manifest.json + bars/<TICKER>.csv.gz (see docs/market-format.md)')
    .requiredOption('--out <dir>', 'output directory')
    .option('--tickers <n>', 'number of tickers', wholeNumber(1), SAMPLE_MARKET.tickers)
    .option('--days <n>', 'number of trading days', wholeNumber(1), SAMPLE_MARKET.days)
    .option('--start <date>', `first day, YYYY-MM-DD (default: the days ending ${SAMPLE_MARKET.end})`, isoDate)
    .option('--seed <n>', 'random seed', wholeNumber(0), SAMPLE_MARKET.seed)
    .action(async (opts: { out: string; tickers: number; days: number; start?: string; seed: number }) => {
      const start = opts.start ?? tradingDaysEnding(SAMPLE_MARKET.end, opts.days)[0] ?? SAMPLE_MARKET.end;
      checkOutDir(opts.out);
      const t0 = performance.now();
      const result = await generateWithProgress({ dir: opts.out, seed: opts.seed, tickers: opts.tickers, days: opts.days, start });
      process.stdout.write(`${summary(opts.out, result, performance.now() - t0)}\n`);
    });
}

async function holdsSample(dir: string): Promise<boolean> {
  try {
    const m = (await openMarket(dir)).manifest;
    return (
      m.generator === GENERATOR_VERSION &&
      m.seed === SAMPLE_MARKET.seed &&
      m.tickers.length === SAMPLE_MARKET.tickers &&
      m.start === sampleStart() &&
      m.end === SAMPLE_MARKET.end
    );
  } catch {
    return false;
  }
}

/**
 * Makes sure `dir` holds the bundled sample market, generating it (with a progress line) if not.
 * A generated market with other parameters is regenerated (it is reproducible from its seed);
 * a market whose manifest has no seed is a user's own data and is never overwritten.
 */
export async function ensureSampleMarket(dir: string): Promise<{ generated: boolean }> {
  if (await holdsSample(dir)) return { generated: false };
  const existing = await readManifest(dir).catch(() => undefined);
  if (existing !== undefined && existing.seed === null) {
    throw new UsageError(`${dir} holds a market that was not generated (no seed in manifest.json); refusing to overwrite it with the sample market`);
  }
  const t0 = performance.now();
  const result = await generateWithProgress({ dir, seed: SAMPLE_MARKET.seed, tickers: SAMPLE_MARKET.tickers, days: SAMPLE_MARKET.days, start: sampleStart() });
  process.stderr.write(`sample market: ${summary(dir, result, performance.now() - t0)}\n`);
  return { generated: true };
}
