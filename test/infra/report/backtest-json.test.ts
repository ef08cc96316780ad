/** `thetis backtest --json` on the small market of the CLI tests: the byStrategy and byRule keys hold the run's trades. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMarket } from '../../../src/infra/market/generate.js';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '../../../bin/thetis.js');
let dir: string;

interface Counts {
  readonly code: string;
  readonly count: number;
}
interface Summary {
  stats: { trades: number; wins: number; netPnl: number };
  byStrategy: Record<string, { trades: number; wins: number; pnl: number }>;
  byRule: { opened: Counts[]; closed: Counts[] };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thetis-report-json-'));
  await generateMarket({ dir: join(dir, 'market'), seed: 3, tickers: 2, days: 3, start: '2025-06-02' });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('thetis backtest --json', () => {
  it('carries the results by strategy and the trades each rule opened and closed', async () => {
    const out = join(dir, 'out');
    const { stdout } = await run('node', [bin, 'backtest', '--market', join(dir, 'market'), '--out', out, '--json', '--no-record']);
    const summary = JSON.parse(stdout) as Summary & Record<string, unknown>;
    expect(Object.keys(summary)).toEqual(expect.arrayContaining(['meta', 'stats', 'decisions', 'rejects', 'report', 'byStrategy', 'byRule']));
    const { stats, byStrategy, byRule } = summary;
    expect(stats.trades).toBeGreaterThan(0); // this market trades; with none, the sums below would say nothing
    expect(Object.keys(byStrategy)).toEqual(['long_call', 'long_put', 'cash_secured_put', 'credit_spread', 'roll', 'delta_hedge']);
    const groups = Object.values(byStrategy);
    expect(groups.reduce((s, g) => s + g.trades, 0)).toBe(stats.trades);
    expect(groups.reduce((s, g) => s + g.wins, 0)).toBe(stats.wins);
    expect(groups.reduce((s, g) => s + g.pnl, 0)).toBeCloseTo(stats.netPnl, 6);
    // Each trade was opened and closed by at least one rule; no rule decided more trades than there are.
    for (const counts of [byRule.opened, byRule.closed]) {
      expect(counts.reduce((s, c) => s + c.count, 0)).toBeGreaterThanOrEqual(stats.trades);
      for (const c of counts) expect(c.count).toBeLessThanOrEqual(stats.trades);
    }
  }, 60_000);
});
