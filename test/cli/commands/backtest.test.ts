import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMarket } from '../../../src/infra/market/generate.js';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '../../../bin/thetis.js');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thetis-cli-backtest-'));
  await generateMarket({ dir: join(dir, 'market'), seed: 3, tickers: 2, days: 3, start: '2025-06-02' });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('thetis backtest (end to end, as a user runs it)', () => {
  it('--json prints the summary, writes the report and the Kelly stats', async () => {
    const out = join(dir, 'out');
    const config = join(dir, 'config.json');
    await writeFile(config, JSON.stringify({ sizing: { kelly: { statsFile: join(out, 'kelly.json') } } }));
    // Not recorded: this test is about the summary and the files (backtest-record.test.ts records).
    const { stdout } = await run('node', [bin, 'backtest', '--market', join(dir, 'market'), '--out', out, '--config', config, '--json', '--no-record']);
    const summary = JSON.parse(stdout) as { meta: { bars: number; tickers: string[] }; stats: { trades: number }; rejects: { code: string; count: number }[]; report: string };
    expect(summary.meta).toMatchObject({ bars: 2 * 3 * 390, tickers: ['ALFA', 'BRVO'] });
    expect(summary.stats.trades).toBeGreaterThanOrEqual(0);
    expect(summary.rejects.map((r) => r.code)).toContain('VOLUME_NOT_CONFIRMED');
    expect(summary.report).toBe(join(out, 'report.html'));
    const html = readFileSync(summary.report, 'utf8');
    expect(html).toContain('<canvas');
    expect(html).not.toMatch(/<script[^>]+src=/);
    const kelly = JSON.parse(readFileSync(join(out, 'kelly.json'), 'utf8')) as { trades: number };
    expect(kelly.trades).toBe(summary.stats.trades);
  }, 60_000);

  it('an invalid config is refused with the key and the problem, and nothing is written', async () => {
    const out = join(dir, 'bad-out');
    const config = join(dir, 'bad.json');
    await writeFile(config, JSON.stringify({ sizing: { riskPct: { day: 0.05 } } }));
    const err = await run('node', [bin, 'backtest', '--market', join(dir, 'market'), '--out', out, '--config', config, '--no-record']).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 2 });
    expect((err as { stderr: string }).stderr).toContain('sizing.riskPct.day: must be <= 0.0075');
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
