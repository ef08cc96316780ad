import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ensureSampleMarket, generateMarketCommand, SAMPLE_MARKET } from '../../../src/cli/commands/generate-market.js';
import { GENERATOR_VERSION } from '../../../src/infra/market/generate.js';
import { openMarket } from '../../../src/infra/market/load.js';

const dirs: string[] = [];
async function tmp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'thetis-cli-market-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
afterEach(() => {
  vi.restoreAllMocks();
});

function quiet(): { out: string[] } {
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  return { out };
}

describe('thetis generate-market', () => {
  it('generates the requested market and prints a summary', async () => {
    const dir = await tmp();
    const { out } = quiet();
    await generateMarketCommand().parseAsync(['--out', dir, '--tickers', '2', '--days', '2', '--start', '2025-06-02', '--seed', '9'], { from: 'user' });
    const m = await openMarket(dir);
    expect(m.manifest).toMatchObject({ seed: 9, start: '2025-06-02', end: '2025-06-03' });
    expect(m.tickers.map((t) => t.symbol)).toEqual(['ALFA', 'BRVO']);
    expect(out.join('')).toMatch(/wrote 1560 bars \(2 tickers × 2 days, 2025-06-02…2025-06-03\)/);
  });

  it('ends at the sample end date when no start is given', async () => {
    const dir = await tmp();
    quiet();
    await generateMarketCommand().parseAsync(['--out', dir, '--tickers', '1', '--days', '3'], { from: 'user' });
    expect((await openMarket(dir)).manifest).toMatchObject({ seed: SAMPLE_MARKET.seed, start: '2025-06-25', end: '2025-06-27' });
  });

  it.each([
    [['--tickers', '0'], /whole number ≥ 1/],
    [['--days', 'x'], /whole number ≥ 1/],
    [['--start', '2025-02-30'], /YYYY-MM-DD/],
  ])('rejects %j', async (args, message) => {
    const dir = await tmp();
    const errors: string[] = [];
    const cmd = generateMarketCommand()
      .exitOverride()
      .configureOutput({ writeErr: (s) => errors.push(s), writeOut: () => undefined });
    await expect(cmd.parseAsync(['--out', dir, ...args], { from: 'user' })).rejects.toThrow();
    expect(errors.join('')).toMatch(message);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('ensureSampleMarket', () => {
  it('generates the bundled market once, then reuses it', async () => {
    const dir = join(await tmp(), 'sample');
    quiet();
    expect(await ensureSampleMarket(dir)).toEqual({ generated: true });
    expect(await ensureSampleMarket(dir)).toEqual({ generated: false });
    const m = await openMarket(dir);
    expect(m.tickers).toHaveLength(20);
    expect(m.manifest).toMatchObject({ seed: SAMPLE_MARKET.seed, start: '2025-04-02', end: '2025-06-27' }); // 60 trading days (Good Friday 2025-04-18 closed)
  });

  it('regenerates a sample market written by an older generator', async () => {
    const dir = join(await tmp(), 'sample');
    quiet();
    await ensureSampleMarket(dir);
    const path = join(dir, 'manifest.json');
    const manifest = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await writeFile(path, JSON.stringify({ ...manifest, generator: 'thetis-sample/1' }));
    expect(await ensureSampleMarket(dir)).toEqual({ generated: true });
    expect((await openMarket(dir)).manifest.generator).toBe(GENERATOR_VERSION);
  });

  it('never overwrites a user market', async () => {
    const dir = await tmp();
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ format: 'thetis-market', version: 1, tickers: [{ symbol: 'MINE' }] }));
    quiet();
    await expect(ensureSampleMarket(dir)).rejects.toThrow(/not generated/);
    expect(await readdir(dir)).toEqual(['manifest.json']);
  });
});
