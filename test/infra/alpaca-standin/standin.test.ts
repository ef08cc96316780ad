import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Alpaca, ApiError, streaming } from '@alpacahq/alpaca-trade-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AlpacaStandin } from '../../../src/infra/alpaca-standin/standin.js';
import { parseAlpacaOrder } from '../../../src/infra/alpaca/wire/order.js';
import { parseAlpacaPositions } from '../../../src/infra/alpaca/wire/position.js';
import { generateMarket } from '../../../src/infra/market/generate.js';
import { openMarket, type Market } from '../../../src/infra/market/load.js';
import { eventually } from '../../helpers/eventually.js';

const KEYS = { keyId: 'PKSTANDINTEST', secret: 'standin-test-secret' };

/** The real SDK with every REST call sent to the stand-in (its hosts come from `paper`: the fetch rewrites them). */
function sdk(base: string, o: { retry?: false | { maxRetries: number; retryDelayMs?: number } } = {}): Alpaca {
  const fetchApi = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const u = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    return fetch(`${base}${u.pathname}${u.search}`, init);
  };
  return new Alpaca({ keyId: KEYS.keyId, secret: KEYS.secret, paper: true, fetchApi, ...(o.retry === undefined ? {} : { retry: o.retry }) });
}

async function control(base: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${base}/_standin/${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }) });
  return res.json();
}

interface ChainRow {
  symbol: string;
  bid: number;
  ask: number;
}

describe('the Alpaca stand-in, through the real SDK', () => {
  let dir: string;
  let market: Market;
  let standin: AlpacaStandin | undefined;
  const streams: streaming.TradingStream[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'thetis-standin-'));
    await generateMarket({ dir, seed: 7, tickers: 2, days: 2, start: '2025-06-02' });
    market = await openMarket(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    for (const s of streams.splice(0)) s.disconnect();
    await standin?.close();
    standin = undefined;
  });

  /** A liquid contract of the first ticker with a two-sided quote at the market clock. */
  async function contract(s: AlpacaStandin): Promise<ChainRow> {
    const underlying = market.tickers[0]?.symbol ?? '';
    const chain = (await control(s.url, 'GET', `chain?underlying=${underlying}`)) as ChainRow[];
    const row = chain.filter((r) => r.bid > 0.5 && r.ask > r.bid).sort((a, b) => a.ask - b.ask)[0];
    if (row === undefined) throw new Error('no contract with a quote');
    return row;
  }

  it('places a limit order that fills against the replayed quotes; reads it back; sees the fill on trade_updates; positions and account', async () => {
    const s = (standin = await AlpacaStandin.start({ market, keys: KEYS, speed: 0, cash: 50_000 }));
    await s.step(30);
    const alpaca = sdk(s.url);

    const updates: streaming.TradeUpdate[] = [];
    const stream = alpaca.trading.stream({ url: `${s.url.replace('http', 'ws')}/stream` });
    streams.push(stream);
    let listening = false;
    stream.on(streaming.EVENT.SUBSCRIPTION, () => (listening = true));
    stream.onTradeUpdate((u) => updates.push(u));
    stream.subscribeTradeUpdates();
    stream.connect();
    await eventually(() => expect(listening).toBe(true), { timeoutMs: 5_000 });

    const c = await contract(s);
    // Resting below the bid: no fill until a quote reaches it.
    const resting = await alpaca.trading.orders.limit({ symbol: c.symbol, qty: 1, side: 'buy', limitPrice: '0.05', timeInForce: 'day', clientOrderId: 'th-rest-1', positionIntent: 'buy_to_open' });
    expect(resting.status).toBe('accepted');
    // Marketable: a limit above the ask fills at once (one contract: a bigger order may fill in parts, by the minute's volume).
    const limit = (Math.ceil(c.ask * 100) / 100 + 0.5).toFixed(2);
    const placed = await alpaca.trading.orders.limit({ symbol: c.symbol, qty: 1, side: 'buy', limitPrice: limit, timeInForce: 'day', clientOrderId: 'th-fill-1', positionIntent: 'buy_to_open' });
    expect(placed.clientOrderId).toBe('th-fill-1');

    await eventually(() => expect(updates.map((u) => `${u.event}:${u.order.clientOrderId}`)).toEqual(['new:th-rest-1', 'new:th-fill-1', 'fill:th-fill-1']), { timeoutMs: 5_000 });
    const fill = updates[2];
    expect(Number(fill?.price)).toBeLessThanOrEqual(Number(limit));
    expect(fill?.qty).toBe('1');

    const back = await alpaca.trading.orders.getOrderByClientOrderId({ clientOrderId: 'th-fill-1' });
    expect(back).toMatchObject({ clientOrderId: 'th-fill-1', status: 'filled', filledQty: '1', symbol: c.symbol });
    // The raw JSON is what Thetis's wire parser reads.
    const raw = await (await alpaca.trading.orders.getOrderByClientOrderIdRaw({ clientOrderId: 'th-fill-1' })).raw.json();
    expect(parseAlpacaOrder(raw)).toMatchObject({ status: 'filled', filled_qty: '1', position_intent: 'buy_to_open' });

    const open = await alpaca.trading.orders.getAllOrders({ status: 'open' });
    expect(open.map((o) => o.clientOrderId)).toEqual(['th-rest-1']);
    const all = await alpaca.trading.orders.getAllOrders({ status: 'all' });
    expect(all.map((o) => o.clientOrderId).sort()).toEqual(['th-fill-1', 'th-rest-1']);

    const positions = await alpaca.trading.positions.getAllOpenPositions();
    expect(positions).toHaveLength(1);
    expect(positions[0]).toMatchObject({ symbol: c.symbol, qty: '1', side: 'long' });
    expect(parseAlpacaPositions(await (await alpaca.trading.positions.getAllOpenPositionsRaw()).raw.json())[0]).toMatchObject({ symbol: c.symbol, qty: '1' });

    const account = await alpaca.trading.account.getAccount();
    const cost = Number(fill?.price) * 100;
    expect(Number(account.cash)).toBeCloseTo(50_000 - cost - 0.04, 2); // fees: $0.04 a contract
    expect(Number(account.buyingPower)).toBeCloseTo(Number(account.cash) - 5.04, 6); // the resting buy holds 1 × 0.05 × 100 + $0.04 fees = 5.04
    expect(Number(account.equity)).toBeGreaterThan(Number(account.cash));
    expect(account.status).toBe('ACTIVE');
    expect(await alpaca.trading.clock.legacyClock()).toMatchObject({ isOpen: true });

    // Cancel the resting one: 204, then a canceled event.
    await alpaca.trading.orders.deleteOrderByOrderID({ orderId: resting.id ?? '' });
    await eventually(() => expect(updates.at(-1)).toMatchObject({ event: 'canceled', order: { clientOrderId: 'th-rest-1' } }));
    await expect(alpaca.trading.orders.deleteOrderByOrderID({ orderId: resting.id ?? '' })).rejects.toMatchObject({ status: 422 });
  });

  it('a duplicate client_order_id is refused 422 with Alpaca\'s body; bad keys 401', async () => {
    const s = (standin = await AlpacaStandin.start({ market, keys: KEYS, speed: 0 }));
    await s.step(5);
    const c = await contract(s);
    const alpaca = sdk(s.url);
    const order = { symbol: c.symbol, qty: 1, side: 'buy' as const, limitPrice: '0.05', timeInForce: 'day' as const, clientOrderId: 'th-dup', positionIntent: 'buy_to_open' as const };
    await alpaca.trading.orders.limit(order);
    const error = await alpaca.trading.orders.limit(order).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, code: 40010001, message: 'client_order_id must be unique' });

    const raw = await fetch(`${s.url}/v2/orders`, { method: 'POST', headers: { 'APCA-API-KEY-ID': KEYS.keyId, 'APCA-API-SECRET-KEY': KEYS.secret }, body: JSON.stringify({ symbol: c.symbol, qty: '1', side: 'buy', type: 'limit', limit_price: '0.05', time_in_force: 'day', client_order_id: 'th-dup' }) });
    expect(raw.status).toBe(422);
    expect(await raw.json()).toEqual({ code: 40010001, message: 'client_order_id must be unique' });

    // The market-data REST group (market-rest.ts) is mounted on the same server, behind the same keys.
    const snapshots = await fetch(`${s.url}/v1beta1/options/snapshots/${market.tickers[0]?.symbol ?? ''}?limit=5`, { headers: { 'APCA-API-KEY-ID': KEYS.keyId, 'APCA-API-SECRET-KEY': KEYS.secret } });
    expect(snapshots.status).toBe(200);
    expect(Object.keys(((await snapshots.json()) as { snapshots: object }).snapshots).length).toBeGreaterThan(0);

    const bad = await fetch(`${s.url}/v2/account`, { headers: { 'APCA-API-KEY-ID': KEYS.keyId, 'APCA-API-SECRET-KEY': 'wrong' } });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ code: 40110000, message: 'request is not authorized' });
  });

  it('429 faults: the SDK retries a GET through them and raises on a POST (never replayed)', async () => {
    const s = (standin = await AlpacaStandin.start({ market, keys: KEYS, speed: 0 }));
    await s.step(5);
    const c = await contract(s);
    const alpaca = sdk(s.url, { retry: { maxRetries: 2, retryDelayMs: 1 } });

    await control(s.url, 'POST', 'faults', { kind: 'status', status: 429, times: 2, method: 'GET', path: '/v2/positions' });
    expect(await alpaca.trading.positions.getAllOpenPositions()).toEqual([]); // third attempt got through
    expect(((await control(s.url, 'GET', 'state')) as { faults: unknown[] }).faults).toEqual([]);

    await control(s.url, 'POST', 'faults', { kind: 'status', status: 429, method: 'POST', path: '/v2/orders' });
    await expect(alpaca.trading.orders.limit({ symbol: c.symbol, qty: 1, side: 'buy', limitPrice: '0.05', timeInForce: 'day', clientOrderId: 'th-429' })).rejects.toMatchObject({ status: 429, code: 42910000 });
    expect(s.trading.order('th-429')).toBeUndefined(); // the refused POST placed nothing

    await control(s.url, 'POST', 'faults', { kind: 'status', status: 503, times: 5, method: 'GET', path: '/v2/account' });
    await expect(alpaca.trading.account.getAccount()).rejects.toMatchObject({ status: 503 });
  });

  it('at the close day orders expire; at expiry positions settle and show as option activities', async () => {
    const s = (standin = await AlpacaStandin.start({ market, keys: KEYS, speed: 0 }));
    await s.step(5);
    const underlying = market.tickers[0]?.symbol ?? '';
    const chain = (await control(s.url, 'GET', `chain?underlying=${underlying}`)) as Array<ChainRow & { expiry: string }>;
    const today = s.state().date ?? '';
    const expiring = chain.filter((r) => r.expiry === today && r.ask > r.bid && r.ask > 0.05).sort((a, b) => a.ask - b.ask)[0];
    const alpaca = sdk(s.url);
    // The sample market lists same-day expiries (0DTE).
    if (expiring === undefined) throw new Error(`no contract expiring ${today}`);
    const rest = await alpaca.trading.orders.limit({ symbol: expiring.symbol, qty: 1, side: 'buy', limitPrice: '0.01', timeInForce: 'day', clientOrderId: 'th-day-1' });
    await alpaca.trading.orders.limit({ symbol: expiring.symbol, qty: 1, side: 'buy', limitPrice: (expiring.ask + 0.5).toFixed(2), timeInForce: 'day', clientOrderId: 'th-exp-1' });
    while (s.state().date === today) if ((await s.step(1)) === 0) break;
    expect(s.trading.order('th-day-1')).toMatchObject({ id: rest.id, status: 'expired' });
    expect(await alpaca.trading.positions.getAllOpenPositions()).toEqual([]);
    const res = await fetch(`${s.url}/v2/account/activities?activity_types=OPEXC,OPASN,OPEXP&direction=asc`, { headers: { 'APCA-API-KEY-ID': KEYS.keyId, 'APCA-API-SECRET-KEY': KEYS.secret } });
    const activities = (await res.json()) as Array<{ activity_type: string; symbol: string; qty: string; date: string }>;
    expect(activities).toHaveLength(1);
    expect(activities[0]).toMatchObject({ symbol: expiring.symbol, qty: '-1', date: today });
    expect(['OPEXC', 'OPEXP']).toContain(activities[0]?.activity_type);
  }, 30_000);

  it('steps by hand and replays at speed; duplicate and out-of-order bar faults reach the market-data stream', async () => {
    const s = (standin = await AlpacaStandin.start({ market, keys: KEYS, speed: 0 }));
    const first = s.now;
    const state = (await control(s.url, 'POST', 'step', { minutes: 3 })) as { minutes: number; now: string };
    expect(state.minutes).toBe(4);
    expect(Date.parse(state.now)).toBe(first + 3 * 60_000);

    const alpaca = sdk(s.url);
    const bars: Array<{ S: string; t: number }> = [];
    const md = alpaca.marketData.stockStream({ feed: 'iex', url: `${s.url.replace('http', 'ws')}/v2/iex` });
    md.onBar((b: { Symbol?: string; symbol?: string; Timestamp?: unknown; timestamp?: unknown }) => bars.push({ S: String(b.symbol ?? b.Symbol), t: new Date(String(b.timestamp ?? b.Timestamp)).getTime() }));
    md.subscribeForBars(['*']);
    md.connect();
    await eventually(() => expect(s.marketStream.subscribed('bars', market.tickers[0]?.symbol ?? '')).toBe(true), { timeoutMs: 5_000 });

    await control(s.url, 'POST', 'faults', [{ kind: 'duplicate-bar' }, { kind: 'out-of-order-bar' }]);
    await s.step(1);
    const n = market.tickers.length;
    await eventually(() => expect(bars).toHaveLength(3 * n));
    const t = bars[0]?.t ?? 0;
    expect(bars.map((b) => b.t)).toEqual([...Array<number>(2 * n).fill(t), ...Array<number>(n).fill(t - 60_000)]);
    md.disconnect();

    const fast = await AlpacaStandin.start({ market, keys: KEYS, speed: 6_000 });
    try {
      await eventually(() => expect(fast.state().minutes).toBeGreaterThan(3), { timeoutMs: 3_000 });
    } finally {
      await fast.close();
    }
  });
});

describe('thetis alpaca-standin', () => {
  it('starts, prints the URL and the keys, answers, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'thetis-standin-cli-'));
    try {
      await generateMarket({ dir, seed: 3, tickers: 1, days: 1, start: '2025-06-02' });
      const child = spawn(process.execPath, ['bin/thetis.js', 'alpaca-standin', '--market', dir, '--port', '0', '--speed', '0', '--key', 'PKCLI', '--secret', 'cli-secret'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      try {
        const url = await eventually(
          () => {
            const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
            expect(m).not.toBeNull();
            return m?.[1] ?? '';
          },
          { timeoutMs: 20_000 },
        );
        expect(out).toContain(`--alpaca-url ${url}`);
        expect(out).toContain('APCA_API_KEY_ID=PKCLI');
        const clock = await fetch(`${url}/v2/clock`, { headers: { 'APCA-API-KEY-ID': 'PKCLI', 'APCA-API-SECRET-KEY': 'cli-secret' } });
        expect(clock.status).toBe(200);
        expect(await clock.json()).toMatchObject({ is_open: true });
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exited).toBe(0);
      expect(out).toContain('stopped');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('a bad flag is one line and exit 2', async () => {
    const child = spawn(process.execPath, ['bin/thetis.js', 'alpaca-standin', '--speed', 'fast'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
  }, 20_000);
});
