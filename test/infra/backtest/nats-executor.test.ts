import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { runBacktest } from '../../../src/infra/backtest/run.js';
import { generateMarket } from '../../../src/infra/market/generate.js';
import { loadNatsSettings } from '../../../src/infra/nats/settings.js';
import { NATS_URL } from '../../helpers/nats.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thetis-backtest-nats-'));
  await generateMarket({ dir, seed: 11, tickers: 8, days: 10, start: '2025-06-02' });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a backtest with its orders over NATS JetStream', () => {
  it('makes exactly the trades of the in-process executor', async () => {
    const base = { marketDir: dir, config: loadConfig({}), startingEquity: 100_000 };
    const inProcess = await runBacktest(base);
    const overNats = await runBacktest({ ...base, executor: { kind: 'nats', settings: loadNatsSettings({ url: NATS_URL, storage: 'memory' }, {}) } });
    expect(inProcess.trades.length).toBeGreaterThan(3);
    expect(overNats.trades).toEqual(inProcess.trades);
    expect(overNats.equity).toEqual(inProcess.equity);
    expect(overNats.rejectCounts).toEqual(inProcess.rejectCounts);
    expect(overNats.decisions).toEqual(inProcess.decisions);
  });
});
