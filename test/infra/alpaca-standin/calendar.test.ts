import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlpacaStandin } from '../../../src/infra/alpaca-standin/standin.js';
import { clock } from '../../../src/infra/alpaca-standin/trading.js';
import { AlpacaRest } from '../../../src/infra/alpaca/rest.js';
import { generateMarket } from '../../../src/infra/market/generate.js';
import { openMarket } from '../../../src/infra/market/load.js';

const KEYS = { keyId: 'PKCALENDARTEST', secret: 'calendar-test-secret' };

describe('GET /v2/calendar and /v2/clock of the stand-in, through AlpacaRest', () => {
  let dir: string;
  let standin: AlpacaStandin;
  let rest: AlpacaRest;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'thetis-calendar-'));
    // One ticker, one day: Thursday July 3 2025, an early close.
    await generateMarket({ dir, seed: 3, tickers: 1, days: 1, start: '2025-07-03' });
    standin = await AlpacaStandin.start({ market: await openMarket(dir), keys: KEYS, speed: 0 });
    rest = new AlpacaRest({ ...KEYS, paper: true, restUrl: standin.url, timeoutMs: 5_000, getRetries: 0, retryBaseMs: 10, maxBackoffMs: 10 });
  });
  afterAll(async () => {
    await standin.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the trading days of the range by the rules: the 13:00 close on July 3, no July 4, no weekend', async () => {
    const read = await rest.calendar('2025-07-01', '2025-07-08');
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value).toEqual([
      { date: '2025-07-01', open: '09:30', close: '16:00', session_open: '0400', session_close: '2000', settlement_date: '2025-07-02' },
      { date: '2025-07-02', open: '09:30', close: '16:00', session_open: '0400', session_close: '2000', settlement_date: '2025-07-03' },
      { date: '2025-07-03', open: '09:30', close: '13:00', session_open: '0400', session_close: '1700', settlement_date: '2025-07-07' },
      { date: '2025-07-07', open: '09:30', close: '16:00', session_open: '0400', session_close: '2000', settlement_date: '2025-07-08' },
      { date: '2025-07-08', open: '09:30', close: '16:00', session_open: '0400', session_close: '2000', settlement_date: '2025-07-09' },
    ]);
  });

  it('answers 400 to an end before the start', async () => {
    const read = await rest.calendar('2025-07-08', '2025-07-01');
    expect(read).toMatchObject({ ok: false, failure: { kind: 'http', status: 400 } });
  });

  it("the clock on the early close: open, closing at 13:00 EDT (17:00 UTC), next open Monday July 7's", async () => {
    const read = await rest.clock();
    expect(read).toMatchObject({ ok: true, value: { is_open: true, next_close: '2025-07-03T17:00:00.000Z', next_open: '2025-07-07T13:30:00.000Z' } });
  });

  it('the clock after the early close: closed, next close Monday July 7 at 16:00 EDT', () => {
    expect(clock(Date.UTC(2025, 6, 3, 17, 30))).toEqual({
      timestamp: '2025-07-03T17:30:00.000Z',
      is_open: false,
      next_open: '2025-07-07T13:30:00.000Z',
      next_close: '2025-07-07T20:00:00.000Z',
    });
  });
});
