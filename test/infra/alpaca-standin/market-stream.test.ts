import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode, encode } from '@msgpack/msgpack';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { MarketStreamStandin } from '../../../src/infra/alpaca-standin/market-stream.js';
import { generateMarket } from '../../../src/infra/market/generate.js';
import { openMarket } from '../../../src/infra/market/load.js';
import { eventually } from '../../helpers/eventually.js';

const KEYS = { keyId: 'PKRAW', secret: 'raw-secret' };
const T0 = Date.UTC(2025, 2, 11, 13, 30);

/** A bare client speaking the protocol by hand: every frame received, decoded. */
class RawClient {
  readonly frames: unknown[][] = [];
  closed = false;
  private constructor(
    readonly ws: WebSocket,
    private readonly msgpack: boolean,
  ) {
    ws.on('message', (data: Buffer, isBinary: boolean) => this.frames.push((isBinary ? decode(data) : JSON.parse(data.toString('utf8'))) as unknown[]));
    ws.on('close', () => (this.closed = true));
  }

  static async open(url: string, msgpack = true): Promise<RawClient> {
    const ws = new WebSocket(url, { headers: msgpack ? { 'Content-Type': 'application/msgpack' } : {} });
    const c = new RawClient(ws, msgpack);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    await eventually(() => expect(c.frames.length).toBeGreaterThan(0));
    return c;
  }

  send(msg: object): void {
    this.ws.send(this.msgpack ? encode(msg) : JSON.stringify(msg));
  }

  /** Sends and waits for the next frame. */
  async ask(msg: object): Promise<unknown[]> {
    const n = this.frames.length;
    this.send(msg);
    await eventually(() => expect(this.frames.length).toBeGreaterThan(n));
    return this.frames[n] ?? [];
  }
}

describe('the market-data stream stand-in speaks Alpaca\'s protocol', () => {
  let standin: MarketStreamStandin;
  const clients: RawClient[] = [];
  const open = async (msgpack = true, feed = 'iex') => {
    const c = await RawClient.open(standin.url(feed), msgpack);
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    standin = await MarketStreamStandin.start({ credentials: KEYS });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.ws.terminate();
    await standin.close();
  });

  it('msgpack: connected, auth, subscribe with every stock channel, bars with t as RFC-3339', async () => {
    const c = await open();
    expect(c.frames[0]).toEqual([{ T: 'success', msg: 'connected' }]);
    expect(await c.ask({ action: 'subscribe', bars: ['SPY'] })).toEqual([{ T: 'error', code: 401, msg: 'not authenticated' }]);
    expect(await c.ask({ action: 'auth', key: KEYS.keyId, secret: KEYS.secret })).toEqual([{ T: 'success', msg: 'authenticated' }]);
    expect(await c.ask({ action: 'auth', key: KEYS.keyId, secret: KEYS.secret })).toEqual([{ T: 'error', code: 403, msg: 'already authenticated' }]);
    expect(await c.ask({ action: 'subscribe', bars: ['SPY', 'QQQ'], updatedBars: ['SPY'], trades: ['AAPL'] })).toEqual([
      { T: 'subscription', trades: ['AAPL'], quotes: [], bars: ['SPY', 'QQQ'], updatedBars: ['SPY'], dailyBars: [], statuses: [], lulds: [], corrections: ['AAPL'], cancelErrors: ['AAPL'] },
    ]);
    expect((await c.ask({ action: 'unsubscribe', bars: ['QQQ'] }))[0]).toMatchObject({ T: 'subscription', bars: ['SPY'] });
    expect(standin.pushBars([{ symbol: 'SPY', ts: T0, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10, tradeCount: 3, vwap: 1.2 }, { symbol: 'QQQ', ts: T0, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 }])).toBe(1);
    standin.pushUpdatedBar({ symbol: 'SPY', ts: T0, open: 1, high: 2.5, low: 0.5, close: 2.4, volume: 12 });
    await eventually(() => expect(c.frames.length).toBe(8));
    expect(c.frames[6]).toEqual([{ T: 'b', S: 'SPY', o: 1, h: 2, l: 0.5, c: 1.5, v: 10, t: '2025-03-11T13:30:00Z', n: 3, vw: 1.2 }]);
    expect(c.frames[7]).toEqual([{ T: 'u', S: 'SPY', o: 1, h: 2.5, l: 0.5, c: 2.4, v: 12, t: '2025-03-11T13:30:00Z', n: 0, vw: 2.4 }]);
    expect(JSON.stringify(standin.actions)).not.toContain(KEYS.secret);
  });

  it('JSON for a client that does not ask for msgpack; t as a msgpack timestamp when configured', async () => {
    const j = await open(false);
    expect(j.frames[0]).toEqual([{ T: 'success', msg: 'connected' }]);
    await standin.close();
    standin = await MarketStreamStandin.start({ credentials: KEYS, timestamps: 'msgpack' });
    const m = await open();
    await m.ask({ action: 'auth', key: KEYS.keyId, secret: KEYS.secret });
    await m.ask({ action: 'subscribe', bars: ['*'] });
    standin.pushBar({ symbol: 'IWM', ts: T0, open: 1, high: 1, low: 1, close: 1, volume: 0 });
    await eventually(() => expect(m.frames.length).toBe(4));
    const t = (m.frames[3]?.[0] as { t: unknown }).t;
    expect(t).toBeInstanceOf(Date); // decoded from the msgpack timestamp extension
    expect((t as Date).getTime()).toBe(T0);
  });

  it('wrong keys get 402; a second session of the same key and feed gets 406 and is closed; another feed is another limit', async () => {
    const bad = await open();
    expect(await bad.ask({ action: 'auth', key: KEYS.keyId, secret: 'nope' })).toEqual([{ T: 'error', code: 402, msg: 'auth failed' }]);
    const first = await open();
    await first.ask({ action: 'auth', key: KEYS.keyId, secret: KEYS.secret });
    const second = await open();
    expect(await second.ask({ action: 'auth', key: KEYS.keyId, secret: KEYS.secret })).toEqual([{ T: 'error', code: 406, msg: 'connection limit exceeded' }]);
    await eventually(() => expect(second.closed).toBe(true));
    const sip = await open(true, 'sip');
    expect(await sip.ask({ action: 'auth', key: KEYS.keyId, secret: KEYS.secret })).toEqual([{ T: 'success', msg: 'authenticated' }]);
    expect(standin.stats).toMatchObject({ authFailures: 1, connectionLimitRefusals: 1, authenticated: 2 });
  });

  it('closes a connection that does not authenticate in time with 404; garbage gets 400', async () => {
    await standin.close();
    standin = await MarketStreamStandin.start({ credentials: KEYS, authTimeoutMs: 100 });
    const c = await open();
    expect(await c.ask({ action: 'dance' })).toEqual([{ T: 'error', code: 400, msg: 'invalid syntax' }]);
    await eventually(() => expect(c.closed).toBe(true));
    expect(c.frames.at(-1)).toEqual([{ T: 'error', code: 404, msg: 'auth timeout' }]);
  });

  it('replays a market directory minute by minute (each minute\'s bars in one frame), at a speed factor when asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'thetis-standin-'));
    try {
      await generateMarket({ dir, seed: 7, tickers: 2, days: 1, start: '2025-06-02' });
      const c = await open();
      await c.ask({ action: 'auth', key: KEYS.keyId, secret: KEYS.secret });
      await c.ask({ action: 'subscribe', bars: ['*'] });
      const before = c.frames.length;
      expect(await standin.replay(dir, { minutes: 3 })).toBe(6);
      await eventually(() => expect(c.frames.length).toBe(before + 3));
      const expected: unknown[][] = [];
      for await (const w of (await openMarket(dir)).windows(1)) {
        if (expected.length === 3) break;
        expected.push(w.series.flatMap((s) => [...s.bars].map((b) => ({ T: 'b', S: b.symbol, o: b.open, h: b.high, l: b.low, c: b.close, v: b.volume, t: new Date(b.ts).toISOString().replace('.000Z', 'Z'), n: 0, vw: b.close }))));
      }
      expect(c.frames.slice(before)).toEqual(expected);
      // At a speed factor: 1,200 market minutes per real minute = 50 ms a minute.
      const t0 = performance.now();
      expect(await standin.replay(dir, { minutes: 3, speed: 1_200 })).toBe(6);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
      await eventually(() => expect(c.frames.length).toBe(before + 6));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
