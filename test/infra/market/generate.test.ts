import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { generateMarket } from '../../../src/infra/market/generate.js';
import { manifestSchema } from '../../../src/infra/market/manifest.js';
import { tempDirs } from './fixtures.js';

const tmp = tempDirs();

async function files(dir: string): Promise<Map<string, Buffer>> {
  const names = ['manifest.json', ...(await readdir(join(dir, 'bars'))).map((f) => `bars/${f}`)];
  return new Map(await Promise.all(names.map(async (n) => [n, await readFile(join(dir, n))] as const)));
}

describe('generateMarket', () => {
  it('is byte-identical for the same seed and different for another', async () => {
    const opts = { tickers: 2, days: 2, start: '2025-06-18' };
    const [a, b, c] = [await tmp(), await tmp(), await tmp()];
    const progress: string[] = [];
    const result = await generateMarket({ ...opts, dir: a, seed: 1, onProgress: (d, t, s) => progress.push(`${d}/${t} ${s}`) });
    await generateMarket({ ...opts, dir: b, seed: 1 });
    await generateMarket({ ...opts, dir: c, seed: 2 });
    const [fa, fb, fc] = [await files(a), await files(b), await files(c)];
    expect([...fa.keys()].sort()).toEqual(['bars/ALFA.csv.gz', 'bars/BRVO.csv.gz', 'manifest.json']);
    for (const [name, bytes] of fa) expect(bytes.equals(fb.get(name) ?? Buffer.alloc(0)), name).toBe(true);
    expect(fa.get('bars/ALFA.csv.gz')?.equals(fc.get('bars/ALFA.csv.gz') ?? Buffer.alloc(0))).toBe(false);
    expect(progress).toEqual(['1/2 ALFA', '2/2 BRVO']);
    expect(result.days).toEqual(['2025-06-18', '2025-06-20']); // Juneteenth skipped
    expect(result.bars).toBe(2 * 2 * 390);
  });

  it('writes a valid manifest and CSV rows on session minutes', async () => {
    const dir = await tmp();
    await generateMarket({ dir, seed: 5, tickers: 1, days: 1, start: '2024-03-11' });
    const manifest = manifestSchema.parse(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')));
    expect(manifest).toMatchObject({ format: 'thetis-market', version: 1, seed: 5, start: '2024-03-11', end: '2024-03-11' });
    expect(manifest.tickers[0]?.symbol).toBe('ALFA');
    expect(manifest.tickers[0]?.sim?.startPrice).toBeGreaterThan(0);
    const lines = gunzipSync(await readFile(join(dir, 'bars/ALFA.csv.gz'))).toString('utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('ts,open,high,low,close,volume,iv');
    expect(lines).toHaveLength(391);
    expect(lines[1]?.startsWith(`${Date.UTC(2024, 2, 11, 13, 30)},`)).toBe(true);
    expect(lines[390]?.startsWith(`${Date.UTC(2024, 2, 11, 19, 59)},`)).toBe(true);
  });

  it('rejects bad options', async () => {
    const dir = await tmp();
    await expect(generateMarket({ dir, seed: 1, tickers: 0, days: 1, start: '2025-06-02' })).rejects.toThrow(/tickers/);
    await expect(generateMarket({ dir, seed: 1.5, tickers: 1, days: 1, start: '2025-06-02' })).rejects.toThrow(/seed/);
  });
});
