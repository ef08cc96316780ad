import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../src/actors/runtime/logger.js';
import type { Bar } from '../../../../src/domain/values/bar.js';
import { AlpacaStandin } from '../../../../src/infra/alpaca-standin/standin.js';
import { AlpacaBars, type AlpacaBarsOptions } from '../../../../src/infra/alpaca/market/bars.js';
import { RequestLimiter } from '../../../../src/infra/alpaca/market/request-limiter.js';
import { generateMarket } from '../../../../src/infra/market/generate.js';
import { openMarket, type Market } from '../../../../src/infra/market/load.js';
import { connectNats, type NatsLink } from '../../../../src/infra/nats/connection.js';
import { loadNatsSettings, type NatsSettings } from '../../../../src/infra/nats/settings.js';
import { subjects, type Subjects } from '../../../../src/infra/nats/subjects.js';
import { eventually } from '../../../helpers/eventually.js';
import { dropNamespace, NATS_URL, uniqueNamespace } from '../../../helpers/nats.js';

const KEYS = { keyId: 'PKBACKFILLTEST', secret: 'backfill-test-secret' };
const MIN = 60_000;

interface Stored {
  msgId: string | undefined;
  bar: Bar;
}

describe('AlpacaBars: warm-up and backfill from REST history, real SDK against the stand-in', () => {
  let dir: string;
  let market: Market;
  /** Every bar of the market, by symbol, oldest first (as the market directory holds them). */
  const all = new Map<string, Bar[]>();
  let standin: AlpacaStandin | undefined;
  let nats: NatsSettings;
  let link: NatsLink;
  let sub: Subjects;
  let jsm: JetStreamManager;
  const clients: AlpacaBars[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'thetis-backfill-'));
    await generateMarket({ dir, seed: 11, tickers: 2, days: 1, start: '2025-06-03' });
    market = await openMarket(dir);
    for await (const w of market.windows(390)) {
      for (const t of w.series) {
        const list = all.get(t.symbol) ?? [];
        for (const b of t.bars) list.push({ symbol: b.symbol, ts: b.ts, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume });
        all.set(t.symbol, list);
      }
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeEach(async () => {
    nats = loadNatsSettings({ url: NATS_URL, namespace: uniqueNamespace() });
    link = await connectNats(nats, 'backfill-test', silentLogger);
    sub = subjects(nats.namespace);
    jsm = await jetstreamManager(link.nc);
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) await c.stop();
    await standin?.close();
    standin = undefined;
    await link.drain();
    await dropNamespace(NATS_URL, nats.namespace);
  });

  const tickers = (): string[] => market.tickers.map((t) => t.symbol);

  /** A fetch that answers late: the stream's bars arrive while the history is still on its way. */
  const slowFetch =
    (ms: number): typeof fetch =>
    async (input, init) => {
      await sleep(ms);
      return fetch(input, init);
    };

  async function start(s: AlpacaStandin, over: Partial<AlpacaBarsOptions> = {}): Promise<AlpacaBars> {
    const c = await AlpacaBars.start({
      ...KEYS,
      tickers: tickers(),
      link,
      settings: nats,
      subjects: sub,
      log: silentLogger,
      url: `${s.url.replace(/^http/, 'ws')}/v2/iex`,
      reconnectInitialMs: 300,
      reconnectMaxMs: 600,
      authTimeoutMs: 5_000,
      now: () => s.now,
      ...over,
    });
    clients.push(c);
    for (const t of tickers()) await eventually(() => expect(s.marketStream.subscribed('bars', t)).toBe(true));
    return c;
  }

  async function stored(symbol: string): Promise<Stored[]> {
    const info = await jsm.streams.info(sub.barsStream);
    const out: Stored[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const m = await jsm.streams.getMessage(sub.barsStream, { seq });
      if (m === null || m.subject !== sub.bar(symbol)) continue;
      out.push({ msgId: m.header?.get('Nats-Msg-Id'), bar: m.json<Bar>() });
    }
    return out;
  }

  /** The market's bars of `symbol` for minutes [from, to) of the day (minute 0 = the first bar). */
  const minutes = (symbol: string, from: number, to: number): Bar[] => (all.get(symbol) ?? []).slice(from, to);

  it('warm-up: the last N bars from REST, values as the market holds them, published oldest first before the first stream bar', async () => {
    const s = (standin = await AlpacaStandin.start({ market, keys: KEYS, speed: 0 }));
    await s.step(40); // minutes 0…40 replayed
    const limiter = new RequestLimiter();
    const c = await start(s, { history: { dataUrl: s.url, limiter, warmupBars: 30, fetch: slowFetch(300) } });
    await s.step(2); // minutes 41, 42 on the stream, while the warm-up is still on its way
    await eventually(() => expect(c.stats.bars).toBe(2 * 32), { timeoutMs: 5_000 });
    await c.idle();
    for (const t of tickers()) {
      const got = await stored(t);
      expect(got.map((g) => g.bar)).toEqual(minutes(t, 11, 43));
      expect(got.map((g) => g.msgId)).toEqual(minutes(t, 11, 43).map((b) => `${t}:${b.ts}`));
    }
    expect(c.stats).toMatchObject({ warmupBars: 2 * 30, received: 4, held: 4, historyFailures: 0, gaps: 0, duplicates: 0, refused: 0 });
    expect(limiter.stats.granted).toBe(2); // one request per ticker, through the limiter given
  });

  it('a dropped market stream during which minutes pass is backfilled: every minute once, in order, no gap', async () => {
    const s = (standin = await AlpacaStandin.start({ market, keys: KEYS, speed: 0 }));
    await s.step(20); // minutes 0…20
    const c = await start(s, { history: { dataUrl: s.url, warmupBars: 10, fetch: slowFetch(200) } });
    await c.idle();
    await s.step(2); // 21, 22 live
    await eventually(() => expect(c.stats.bars).toBe(2 * 12), { timeoutMs: 5_000 });

    s.inject({ kind: 'drop', stream: 'market' });
    await s.step(5); // 23…27: nobody listening
    await eventually(() => expect(c.stats.reconnects).toBe(1), { timeoutMs: 5_000 });
    for (const t of tickers()) await eventually(() => expect(s.marketStream.subscribed('bars', t)).toBe(true));
    await s.step(3); // 28…30 live, while the backfill is on its way: held, then published after it
    await eventually(() => expect(c.stats.bars).toBe(2 * 20), { timeoutMs: 5_000 });
    await c.idle();

    for (const t of tickers()) {
      const got = await stored(t);
      expect(got.map((g) => g.bar)).toEqual(minutes(t, 11, 31));
      expect(new Set(got.map((g) => g.msgId)).size).toBe(got.length);
      for (let i = 1; i < got.length; i++) expect((got[i] as Stored).bar.ts - (got[i - 1] as Stored).bar.ts).toBe(MIN);
    }
    expect(c.stats).toMatchObject({ warmupBars: 2 * 10, backfilledBars: 2 * 5, backfills: 1, held: 2 * 3, historyFailures: 0, gaps: 0, duplicates: 0 });
  });

  it('a silent market stream (open, but nothing sent and pings unanswered) is noticed by its heartbeat, replaced, and its minutes backfilled', async () => {
    const s = (standin = await AlpacaStandin.start({ market, keys: KEYS, speed: 0 }));
    await s.step(20); // minutes 0…20
    const c = await start(s, { history: { dataUrl: s.url, warmupBars: 10 }, heartbeat: { pingEveryMs: 150, pongWaitMs: 100 } });
    await c.idle(); // 11…20 from the warm-up
    s.inject({ kind: 'silence', stream: 'market' });
    await s.step(4); // 21…24: sent to nobody (the silent session gets nothing)
    await eventually(() => expect(c.stats.reconnects).toBe(1), { timeoutMs: 5_000 });
    for (const t of tickers()) await eventually(() => expect(s.marketStream.subscribed('bars', t)).toBe(true));
    await s.step(2); // 25, 26 on the new connection
    await eventually(() => expect(c.stats.bars).toBe(2 * 16), { timeoutMs: 5_000 });
    await c.idle();
    for (const t of tickers()) expect((await stored(t)).map((g) => g.bar)).toEqual(minutes(t, 11, 27));
    expect(c.stats).toMatchObject({ backfilledBars: 2 * 4, backfills: 1, gaps: 0, duplicates: 0 });
  });

  it('a second drop while the first backfill is still running: another backfill follows it, still every minute once and in order', async () => {
    const s = (standin = await AlpacaStandin.start({ market, keys: KEYS, speed: 0 }));
    await s.step(20);
    const c = await start(s, { history: { dataUrl: s.url, warmupBars: 5, fetch: slowFetch(1_500) } });
    await c.idle(); // 16…20
    const reconnect = async (n: number): Promise<void> => {
      await eventually(() => expect(c.stats.reconnects).toBe(n), { timeoutMs: 5_000 });
      for (const t of tickers()) await eventually(() => expect(s.marketStream.subscribed('bars', t)).toBe(true));
    };
    s.inject({ kind: 'drop', stream: 'market' });
    await s.step(3); // 21…23 lost
    await reconnect(1);
    await s.step(2); // 24, 25 held behind the first backfill
    s.inject({ kind: 'drop', stream: 'market' });
    await s.step(3); // 26…28 lost
    await reconnect(2);
    expect(c.stats.backfills).toBe(1); // the first one is still on its way
    await s.step(2); // 29, 30 held behind the second
    await eventually(() => expect(c.stats.bars).toBe(2 * 15), { timeoutMs: 10_000 });
    await c.idle();
    for (const t of tickers()) {
      const got = await stored(t);
      expect(got.map((g) => g.bar)).toEqual(minutes(t, 16, 31));
      expect(new Set(got.map((g) => g.msgId)).size).toBe(got.length);
    }
    expect(c.stats).toMatchObject({ warmupBars: 2 * 5, backfilledBars: 2 * 6, backfills: 2, held: 2 * 4, gaps: 0, duplicates: 0 });
  });

  it('a backfill that keeps failing is retried, then the later bars go out over the gap (counted, never out of order)', async () => {
    const s = (standin = await AlpacaStandin.start({ market, keys: KEYS, speed: 0 }));
    await s.step(20);
    let failing = false;
    const flaky: typeof fetch = async (input, init) => {
      if (failing) return new Response(JSON.stringify({ message: 'internal server error' }), { status: 500, headers: { 'content-type': 'application/json' } });
      return fetch(input, init);
    };
    const c = await start(s, { history: { dataUrl: s.url, warmupBars: 5, fetch: flaky, historyAttempts: 3, historyRetryMs: 20, getRetries: 0, timeoutMs: 2_000 } });
    await c.idle();
    failing = true;
    s.inject({ kind: 'drop', stream: 'market' });
    await s.step(4); // 21…24 lost
    await eventually(() => expect(c.stats.reconnects).toBe(1), { timeoutMs: 5_000 });
    for (const t of tickers()) await eventually(() => expect(s.marketStream.subscribed('bars', t)).toBe(true));
    await s.step(2); // 25, 26: held while the backfill fails, then published
    await eventually(() => expect(c.stats.gaps).toBe(1), { timeoutMs: 10_000 });
    await c.idle();
    for (const t of tickers()) {
      expect((await stored(t)).map((g) => g.bar)).toEqual([...minutes(t, 16, 21), ...minutes(t, 25, 27)]);
    }
    expect(c.stats).toMatchObject({ warmupBars: 2 * 5, backfilledBars: 0, backfills: 1, historyFailures: 3 });
  });
});
