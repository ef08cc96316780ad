import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { runBacktest } from '../../../src/infra/backtest/run.js';
import { generateMarket } from '../../../src/infra/market/generate.js';
import type { BacktestResult } from '../../../src/infra/report/result.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thetis-backtest-'));
  await generateMarket({ dir, seed: 7, tickers: 4, days: 5, start: '2025-06-02' });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const run = (equity = 100_000, batchMinutes?: number) => runBacktest({ marketDir: dir, config: loadConfig({}), startingEquity: equity, ...(batchMinutes ? { batchMinutes } : {}) });
const withoutTiming = (r: BacktestResult) => ({ ...r, meta: { ...r.meta, elapsedMs: 0 } });

describe('runBacktest', () => {
  it('replays every bar through the actor tree and trades', async () => {
    const r = await run();
    expect(r.meta).toMatchObject({ seed: 7, tickers: ['ALFA', 'BRVO', 'CHRL', 'DLTA'], start: '2025-06-02', end: '2025-06-06', bars: 4 * 5 * 390 });
    expect(r.trades.length).toBeGreaterThan(0);
    expect(r.decisions.entries).toBeGreaterThanOrEqual(r.trades.length);
    for (const t of r.trades) {
      expect(t.exitTs).toBeGreaterThanOrEqual(t.entryTs);
      expect(t.entryReasons.length).toBeGreaterThan(0);
      expect(t.exitReasons.length).toBeGreaterThan(0);
    }
    // Day trades are flat every evening: each day's closing equity point has no open position.
    const closes = r.equity.filter((p, i, all) => i === all.length - 1 || new Date(all[i + 1]?.ts ?? 0).getUTCDate() !== new Date(p.ts).getUTCDate());
    expect(closes.length).toBe(5);
    for (const p of closes) expect(p.openPositions).toBe(0);
    // Ending equity is the starting equity plus the trades' net P/L (no position left open).
    const pnl = r.trades.reduce((s, t) => s + t.pnl, 0);
    expect(r.endingEquity).toBeCloseTo(r.startingEquity + pnl, 2);
    expect(r.rejectCounts['CHOP']).toBeGreaterThan(0);
    expect(r.decisions).toMatchObject({ actorCrashes: 0, deadLetters: 0 });
  });

  it('is deterministic: same market and config, same result', async () => {
    const [a, b] = [await run(), await run()];
    expect(withoutTiming(a)).toEqual(withoutTiming(b));
  });

  it('refuses a batch that is not a whole number of minutes >= 1', async () => {
    await expect(run(100_000, 0.5)).rejects.toThrow(/whole number of minutes/);
  });

  it('a different config gives a different result', async () => {
    const a = await run();
    const b = await runBacktest({ marketDir: dir, config: loadConfig({ liquidity: { minOpenInterest: 100_000 } }), startingEquity: 100_000 });
    expect(b.trades).toHaveLength(0);
    expect(b.rejectCounts['NO_ELIGIBLE_CONTRACT']).toBeGreaterThan(0);
    expect(a.trades.length).toBeGreaterThan(0);
  });
});

describe('runBacktest batches', () => {
  let busy: string;
  beforeAll(async () => {
    busy = await mkdtemp(join(tmpdir(), 'thetis-backtest-'));
    await generateMarket({ dir: busy, seed: 11, tickers: 40, days: 4, start: '2025-06-02' });
  });
  afterAll(() => rm(busy, { recursive: true, force: true }));

  it('gives the same result whatever the batch: quiet tickers judge a window in one message, exactly as bar by bar', async () => {
    const at = (batchMinutes: number) => runBacktest({ marketDir: busy, config: loadConfig({}), startingEquity: 100_000, batchMinutes }).then(withoutTiming);
    const byBar = await at(1);
    expect(byBar.trades.length).toBeGreaterThan(5);
    for (const batch of [7, 30, 120, 390]) expect(await at(batch)).toEqual(byBar);
  });
});
