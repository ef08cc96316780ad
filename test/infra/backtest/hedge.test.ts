import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type ConfigInput } from '../../../src/domain/config/index.js';
import { statsByStrategy } from '../../../src/domain/stats/strategy.js';
import { isOccSymbol } from '../../../src/domain/values/contract.js';
import { tradeStrategy } from '../../../src/domain/values/strategy.js';
import { runBacktest } from '../../../src/infra/backtest/run.js';
import { generateMarket } from '../../../src/infra/market/generate.js';
import { loadNatsSettings } from '../../../src/infra/nats/settings.js';
import type { BacktestResult } from '../../../src/infra/report/result.js';
import { NATS_URL } from '../../helpers/nats.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thetis-backtest-hedge-'));
  await generateMarket({ dir, seed: 7, tickers: 4, days: 5, start: '2025-06-02' });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** $1,000,000: entries of 5 calls or puts (≈ 250–300 share equivalents), against a net-delta cap of 300. */
const run = (config: ConfigInput, batchMinutes?: number, overNats = false) =>
  runBacktest({
    marketDir: dir,
    config: loadConfig({ risk: { maxNetDeltaShares: 300 }, ...config }),
    startingEquity: 1_000_000,
    ...(batchMinutes ? { batchMinutes } : {}),
    ...(overNats ? { executor: { kind: 'nats' as const, settings: loadNatsSettings({ url: NATS_URL, storage: 'memory' }, {}) } } : {}),
  });
const withoutTiming = (r: BacktestResult) => ({ ...r, meta: { ...r.meta, elapsedMs: 0, configDigest: '' } });

describe('a backtest with the delta hedge (hedging.delta)', () => {
  it('off, given or not, trades exactly as without it', async () => {
    expect(withoutTiming(await run({ hedging: { delta: { enabled: false } } }))).toEqual(withoutTiming(await run({})));
  });

  it('on: hedges trade shares through the simulated broker, reach the report as delta_hedge, and equity counts them', async () => {
    const r = await run({ hedging: { delta: { enabled: true } } });
    const hedges = r.trades.filter((t) => tradeStrategy(t) === 'delta_hedge');
    expect(hedges.length).toBeGreaterThan(0);
    for (const t of hedges) {
      expect(t.symbol).toBe(t.underlying);
      expect(t.entryReasons).toEqual(['DELTA_HEDGE', 'NET_DELTA_OVER_CAP']);
      expect(t.exitReasons).toContain('HEDGE_UNWIND');
    }
    expect(statsByStrategy(r.trades).delta_hedge?.trades).toBe(hedges.length);
    // Day trades are flat every evening, their hedges unwound with them: ending equity is the start plus every trade's P/L, shares included.
    const pnl = r.trades.reduce((s, t) => s + t.pnl, 0);
    expect(r.endingEquity).toBeCloseTo(r.startingEquity + pnl, 2);
    expect(r.decisions).toMatchObject({ actorCrashes: 0, deadLetters: 0 });
    // Hedge orders are counted apart from the option entries and exits: each round trip took at least an opening and a closing one.
    expect(r.decisions.hedgeOrders).toBeGreaterThanOrEqual(2 * hedges.length);
    // The same whatever the batch: one-minute batches send every bar on its own, as live trading does.
    expect(withoutTiming(await run({ hedging: { delta: { enabled: true } } }, 1))).toEqual(withoutTiming(r));
  });

  it('the decision counts: option entries and exits as the audit stream has them, the hedge share orders apart', async () => {
    const tally = { entries: 0, exits: 0, hedgeOrders: 0 };
    const r = await runBacktest({
      marketDir: dir,
      config: loadConfig({ risk: { maxNetDeltaShares: 300 }, hedging: { delta: { enabled: true } } }),
      startingEquity: 1_000_000,
      audit: {
        record: (e) => {
          if (!e.ok || (e.kind !== 'order' && e.kind !== 'exit')) return;
          // A share order's symbol is the ticker; an option's is its OCC symbol.
          if (!isOccSymbol(e.symbol ?? '')) tally.hedgeOrders += 1;
          else if (e.kind === 'order') tally.entries += 1;
          else tally.exits += 1;
        },
      },
    });
    expect(tally.hedgeOrders).toBeGreaterThan(0);
    expect(r.decisions).toMatchObject(tally);
  });

  it('over NATS JetStream makes exactly the trades of the in-process executor, hedges included (share orders through the codec and the executor)', async () => {
    const inProcess = await run({ hedging: { delta: { enabled: true } } });
    const overNats = await run({ hedging: { delta: { enabled: true } } }, undefined, true);
    expect(inProcess.trades.some((t) => tradeStrategy(t) === 'delta_hedge')).toBe(true);
    expect(overNats.trades).toEqual(inProcess.trades);
    expect(overNats.equity).toEqual(inProcess.equity);
  });
});
