import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hedgeIntent } from '../../../src/domain/intents/hedge.js';
import type { Execution } from '../../../src/domain/values/execution.js';
import type { OrderIntent } from '../../../src/domain/values/order.js';
import { AlpacaStandin } from '../../../src/infra/alpaca-standin/standin.js';
import { AlpacaBroker } from '../../../src/infra/alpaca/broker.js';
import { toOrderRequest } from '../../../src/infra/alpaca/translate/order-request.js';
import { alpacaShareOrderRequestSchema } from '../../../src/infra/alpaca/wire/order-request.js';
import { parseAlpacaOrder } from '../../../src/infra/alpaca/wire/order.js';
import { generateMarket } from '../../../src/infra/market/generate.js';
import { openMarket, type Market } from '../../../src/infra/market/load.js';
import { eventually } from '../../helpers/eventually.js';

const KEYS = { keyId: 'PKSTANDINPREMIUM', secret: 'standin-premium-secret' };
const AUTH = { 'APCA-API-KEY-ID': KEYS.keyId, 'APCA-API-SECRET-KEY': KEYS.secret, 'Content-Type': 'application/json' };

interface ChainRow {
  symbol: string;
  expiry: string;
  strike: number;
  right: 'call' | 'put';
  bid: number;
  ask: number;
}

/** Cents, to compare prices worked out by hand from quotes without float noise. */
const cents = (x: number): number => Math.round(x * 100);
/** hedging.delta as a hedge order is priced with it: a limit 0.5 % through the last price. */
const HEDGING = { enabled: true, targetShareOfCap: 0.5, limitCollarPct: 0.005 };

/**
 * The stand-in driven by Thetis's Alpaca adapter (the real SDK underneath): premium selling as
 * Alpaca takes it — mleg credit spreads, cash-secured puts, a naked call refused — and shares from
 * an assignment in the positions. The simulated broker's fill model (sim-broker/multi-leg.ts,
 * fills.ts): a limit fills at the natural price ∓ 1 tick of slippage, never beyond its limit;
 * sells at the bid, buys at the ask; fees $0.04 a contract.
 */
describe('the Alpaca stand-in sells premium and trades a delta hedge\'s shares (issue 13)', () => {
  let dir: string;
  let market: Market;
  let standin: AlpacaStandin | undefined;
  let adapter: AlpacaBroker | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'thetis-standin-premium-'));
    await generateMarket({ dir, seed: 7, tickers: 2, days: 2, start: '2025-06-02' });
    market = await openMarket(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    await adapter?.close();
    adapter = undefined;
    await standin?.close();
    standin = undefined;
  });

  async function start(): Promise<{ s: AlpacaStandin; broker: AlpacaBroker; executions: Execution[] }> {
    const s = (standin = await AlpacaStandin.start({ market, keys: KEYS, speed: 0, cash: 100_000 }));
    await s.step(30);
    const broker = (adapter = new AlpacaBroker({ keyId: KEYS.keyId, secret: KEYS.secret, restUrl: s.url, streamUrl: `${s.url.replace('http', 'ws')}/stream`, backoffBaseMs: 1, maxBackoffMs: 20 }));
    const executions: Execution[] = [];
    broker.onExecution((e) => executions.push(e));
    await eventually(() => expect(s.trading.listeners).toBe(1), { timeoutMs: 5_000 });
    return { s, broker, executions };
  }

  async function chain(s: AlpacaStandin, underlying: string): Promise<ChainRow[]> {
    return (await (await fetch(`${s.url}/_standin/chain?underlying=${underlying}`)).json()) as ChainRow[];
  }

  async function rest(s: AlpacaStandin, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const res = await fetch(`${s.url}${path}`, { method, headers: AUTH, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, json: res.status === 204 ? undefined : await res.json() };
  }

  function fillsOf(executions: readonly Execution[], clientOrderId: string): Execution[] {
    return executions.filter((e) => e.clientOrderId === clientOrderId && e.fillQty > 0);
  }

  function intent(patch: Partial<OrderIntent> & Pick<OrderIntent, 'clientOrderId' | 'symbol' | 'side' | 'effect'>): OrderIntent {
    return { correlationId: `corr-${patch.clientOrderId}`, underlying: '', qty: 1, type: 'limit', timeInForce: 'day', reasons: ['TEST'], ts: 0, ...patch };
  }

  /** A put spread of the first ticker, 30–60 days out if listed (else the farthest expiry): short leg ~5 % below spot, long leg the next strike below with a quote. */
  async function putSpread(s: AlpacaStandin): Promise<{ underlying: string; short: ChainRow; long: ChainRow }> {
    const underlying = market.tickers[0]?.symbol ?? '';
    const rows = await chain(s, underlying);
    const expiry = rows.map((r) => r.expiry).sort().at(-1) ?? '';
    const spot = s.data.spot(underlying) ?? Number.NaN;
    const puts = rows.filter((r) => r.right === 'put' && r.expiry === expiry && r.bid > 0 && r.ask > r.bid).sort((a, b) => b.strike - a.strike);
    const i = puts.findIndex((r) => r.strike <= spot * 0.95);
    const short = puts[i];
    const long = puts[i + 1];
    if (short === undefined || long === undefined) throw new Error(`no put spread on ${underlying} ${expiry}`);
    return { underlying, short, long };
  }

  it('a bull put spread is sold as one mleg order and bought back: one net execution each way, both legs at the broker', async () => {
    const { s, broker, executions } = await start();
    const { underlying, short, long } = await putSpread(s);
    // Natural credit = short bid − long ask; a limit at it fills at it (natural − 1 tick is below the limit).
    const credit = (cents(short.bid) - cents(long.ask)) / 100;
    expect(credit).toBeGreaterThan(0);
    const open = intent({
      clientOrderId: 'th-bps-open',
      underlying,
      symbol: short.symbol,
      side: 'sell',
      effect: 'open',
      limitPrice: credit,
      legs: [
        { symbol: short.symbol, side: 'sell', ratio: 1, positionIntent: 'sell_to_open' },
        { symbol: long.symbol, side: 'buy', ratio: 1, positionIntent: 'buy_to_open' },
      ],
    });
    const [answer] = await broker.submit(open);
    expect(answer).toMatchObject({ clientOrderId: 'th-bps-open', symbol: short.symbol, side: 'sell', status: 'pending', cumQty: 0 });
    await eventually(() => expect(fillsOf(executions, 'th-bps-open')).toHaveLength(1), { timeoutMs: 5_000 });
    expect(fillsOf(executions, 'th-bps-open')[0]).toMatchObject({ status: 'filled', symbol: short.symbol, side: 'sell', fillQty: 1, cumQty: 1, fillPrice: credit, avgFillPrice: credit });

    // Alpaca's mleg shape: the parent (no symbol, side or asset class; limit signed) with a child order per leg.
    const parent = await rest(s, 'GET', '/v2/orders:by_client_order_id?client_order_id=th-bps-open');
    expect(parent.json).toMatchObject({ order_class: 'mleg', symbol: '', side: '', asset_class: '', qty: '1', filled_qty: '1', status: 'filled', limit_price: String(-credit) });
    const legs = (parent.json as { legs: Array<Record<string, unknown>> }).legs;
    expect(legs.map((l) => [l.symbol, l.side, l.position_intent, l.ratio_qty, l.qty, l.filled_qty, Number(l.filled_avg_price), l.status])).toEqual([
      [short.symbol, 'sell', 'sell_to_open', '1', '1', '1', short.bid, 'filled'],
      [long.symbol, 'buy', 'buy_to_open', '1', '1', '1', long.ask, 'filled'],
    ]);
    expect(new Set(legs.flatMap((l) => [l.id, l.client_order_id])).size).toBe(4);
    expect(parseAlpacaOrder(parent.json)).toMatchObject({ order_class: 'mleg' });
    // Both legs are positions at the broker, and the spread holds its width (not the short strike) of buying power.
    expect(await broker.positions()).toEqual(
      expect.arrayContaining([
        { symbol: short.symbol, qty: -1, avgEntryPrice: short.bid },
        { symbol: long.symbol, qty: 1, avgEntryPrice: long.ask },
      ]),
    );
    // cash = 100 000 + credit × 100 − 2 contracts × $0.04; buying power = cash − width × 100.
    const account = (await rest(s, 'GET', '/v2/account')).json as { cash: string; buying_power: string; options_approved_level: number; options_trading_level: number };
    const cash = 100_000 + credit * 100 - 0.08;
    expect(Number(account.cash)).toBeCloseTo(cash, 6);
    expect(Number(account.buying_power)).toBeCloseTo(cash - (short.strike - long.strike) * 100, 6);
    expect(account).toMatchObject({ options_approved_level: 3, options_trading_level: 3 });

    // Bought back: a debit (positive limit) above natural fills at natural + 1 tick = short ask − long bid + 0.01.
    const natural = (cents(short.ask) - cents(long.bid)) / 100;
    const close = intent({
      clientOrderId: 'th-bps-close',
      underlying,
      symbol: short.symbol,
      side: 'buy',
      effect: 'close',
      limitPrice: (cents(natural) + 5) / 100,
      legs: [
        { symbol: short.symbol, side: 'buy', ratio: 1, positionIntent: 'buy_to_close' },
        { symbol: long.symbol, side: 'sell', ratio: 1, positionIntent: 'sell_to_close' },
      ],
    });
    await broker.submit(close);
    await eventually(() => expect(fillsOf(executions, 'th-bps-close')).toHaveLength(1), { timeoutMs: 5_000 });
    expect(fillsOf(executions, 'th-bps-close')[0]).toMatchObject({ status: 'filled', symbol: short.symbol, side: 'buy', fillQty: 1, fillPrice: (cents(natural) + 1) / 100 });
    expect(await broker.positions()).toEqual([]);
    expect(fillsOf(executions, 'th-bps-open')).toHaveLength(1); // still one net execution for the open
  }, 30_000);

  it('mleg orders as Alpaca validates them: bad ones 422; a resting one listed nested or flat, read by leg id, canceled', async () => {
    const { s, broker, executions } = await start();
    const { underlying, short, long } = await putSpread(s);
    const other = (await chain(s, market.tickers[1]?.symbol ?? '')).find((r) => r.right === 'put');
    const leg = (symbol: string, side: string, ratio = '1') => ({ symbol, side, ratio_qty: ratio });
    const body = (patch: Record<string, unknown>) => ({ order_class: 'mleg', qty: '1', type: 'limit', time_in_force: 'day', limit_price: '-0.5', legs: [leg(short.symbol, 'sell'), leg(long.symbol, 'buy')], ...patch });
    const bad = [
      body({ legs: [leg(short.symbol, 'sell')] }),
      body({ legs: [leg(short.symbol, 'sell'), leg(other?.symbol ?? '', 'buy')] }),
      body({ legs: [leg(short.symbol, 'sell', '2'), leg(long.symbol, 'buy', '4')] }),
      body({ legs: [leg(short.symbol, 'sell', '1.5'), leg(long.symbol, 'buy')] }),
      body({ limit_price: '0' }),
      body({ type: 'market' }),
      body({ limit_price: null }),
    ];
    for (const b of bad) {
      const r = await rest(s, 'POST', '/v2/orders', b);
      expect({ status: r.status, code: (r.json as { code: number }).code }).toEqual({ status: 422, code: 40010001 });
    }
    expect((await rest(s, 'GET', '/v2/orders?status=all')).json).toEqual([]); // none of them was placed

    // A credit far above natural (the width itself) rests.
    const width = short.strike - long.strike;
    const resting = intent({
      clientOrderId: 'th-bps-rest',
      underlying,
      symbol: short.symbol,
      side: 'sell',
      effect: 'open',
      limitPrice: width,
      legs: [
        { symbol: short.symbol, side: 'sell', ratio: 1, positionIntent: 'sell_to_open' },
        { symbol: long.symbol, side: 'buy', ratio: 1, positionIntent: 'buy_to_open' },
      ],
    });
    await broker.submit(resting);
    await eventually(() => expect(executions.some((e) => e.clientOrderId === 'th-bps-rest' && e.status === 'accepted')).toBe(true), { timeoutMs: 5_000 });
    const nested = (await rest(s, 'GET', '/v2/orders?status=open&nested=true')).json as Array<{ id: string; legs: Array<{ id: string; symbol: string }> | null }>;
    expect(nested).toHaveLength(1);
    expect(nested[0]?.legs?.map((l) => l.symbol)).toEqual([short.symbol, long.symbol]);
    const flat = (await rest(s, 'GET', '/v2/orders?status=open')).json as Array<{ id: string; symbol: string; legs: unknown }>;
    expect(flat.map((o) => [o.symbol, o.legs])).toEqual([
      ['', null],
      [short.symbol, null],
      [long.symbol, null],
    ]);
    const legId = nested[0]?.legs?.[1]?.id ?? '';
    expect((await rest(s, 'GET', `/v2/orders/${legId}`)).json).toMatchObject({ id: legId, symbol: long.symbol, order_class: 'mleg', ratio_qty: '1', status: 'new' });
    expect((await rest(s, 'GET', `/v2/orders/${nested[0]?.id ?? ''}`)).json).toMatchObject({ client_order_id: 'th-bps-rest', legs: [{ symbol: short.symbol }, { symbol: long.symbol }] });

    await broker.cancel('th-bps-rest');
    await eventually(() => expect(executions.filter((e) => e.clientOrderId === 'th-bps-rest').at(-1)).toMatchObject({ status: 'canceled', symbol: short.symbol, side: 'sell', cumQty: 0 }), { timeoutMs: 5_000 });
    expect(s.trading.order('th-bps-rest')).toMatchObject({ status: 'canceled', legs: [{ status: 'canceled' }, { status: 'canceled' }] });
    expect(await broker.positions()).toEqual([]);
  }, 30_000);

  it('a cash-secured put is sold to open and bought to close; it holds its strike of buying power meanwhile', async () => {
    const { s, broker, executions } = await start();
    const { underlying, short: put } = await putSpread(s);
    // Sold at its bid (a limit at the bid: bid − 1 tick is below it).
    await broker.submit(intent({ clientOrderId: 'th-csp-open', underlying, symbol: put.symbol, side: 'sell', effect: 'open', limitPrice: put.bid }));
    await eventually(() => expect(fillsOf(executions, 'th-csp-open')).toHaveLength(1), { timeoutMs: 5_000 });
    expect(fillsOf(executions, 'th-csp-open')[0]).toMatchObject({ status: 'filled', side: 'sell', fillQty: 1, fillPrice: put.bid });
    expect(await broker.positions()).toEqual([{ symbol: put.symbol, qty: -1, avgEntryPrice: put.bid }]);
    // cash = 100 000 + bid × 100 − $0.04; buying power = cash − strike × 100.
    const cash = 100_000 + put.bid * 100 - 0.04;
    const account = (await rest(s, 'GET', '/v2/account')).json as { cash: string; buying_power: string; options_buying_power: string };
    expect(Number(account.cash)).toBeCloseTo(cash, 6);
    expect(Number(account.options_buying_power)).toBeCloseTo(cash - put.strike * 100, 6);
    expect((await rest(s, 'GET', `/v2/positions/${put.symbol}`)).json).toMatchObject({ asset_class: 'us_option', side: 'short', qty: '-1' });

    // Bought back above the ask: fills at ask + 1 tick.
    await broker.submit(intent({ clientOrderId: 'th-csp-close', underlying, symbol: put.symbol, side: 'buy', effect: 'close', limitPrice: (cents(put.ask) + 5) / 100 }));
    await eventually(() => expect(fillsOf(executions, 'th-csp-close')).toHaveLength(1), { timeoutMs: 5_000 });
    expect(fillsOf(executions, 'th-csp-close')[0]).toMatchObject({ status: 'filled', side: 'buy', fillPrice: (cents(put.ask) + 1) / 100 });
    expect(await broker.positions()).toEqual([]);
  }, 30_000);

  it('a naked call is refused 403 as Alpaca refuses it (no level allows it); the adapter reads OPTIONS_LEVEL_NOT_PERMITTED', async () => {
    const { s, broker } = await start();
    const underlying = market.tickers[0]?.symbol ?? '';
    const call = (await chain(s, underlying)).find((r) => r.right === 'call' && r.bid > 0.5);
    if (call === undefined) throw new Error('no call');
    const [refused] = await broker.submit(intent({ clientOrderId: 'th-naked', underlying, symbol: call.symbol, side: 'sell', effect: 'open', limitPrice: call.bid }));
    expect(refused).toMatchObject({ status: 'rejected', reason: 'OPTIONS_LEVEL_NOT_PERMITTED' });
    const raw = await rest(s, 'POST', '/v2/orders', { symbol: call.symbol, qty: '1', side: 'sell', type: 'limit', limit_price: String(call.bid), time_in_force: 'day', position_intent: 'sell_to_open' });
    expect(raw).toEqual({ status: 403, json: { code: 40310000, message: 'account not eligible to trade uncovered option contracts' } });
    expect(s.trading.order('th-naked')).toBeUndefined();
    expect(await broker.positions()).toEqual([]);
  }, 30_000);

  it('a short put in the money at expiry is assigned: the shares are listed in the positions (us_equity)', async () => {
    const { s, broker, executions } = await start();
    const underlying = market.tickers[1]?.symbol ?? '';
    const today = s.state().date ?? '';
    const spot = s.data.spot(underlying) ?? Number.NaN;
    // The sample market lists same-day expiries: the deepest in-the-money put of today with a bid.
    const put = (await chain(s, underlying)).filter((r) => r.right === 'put' && r.expiry === today && r.bid > 0 && r.strike > spot).sort((a, b) => b.strike - a.strike)[0];
    if (put === undefined) throw new Error(`no in-the-money put of ${underlying} expiring ${today}`);
    await broker.submit(intent({ clientOrderId: 'th-assign', underlying, symbol: put.symbol, side: 'sell', effect: 'open', limitPrice: put.bid }));
    await eventually(() => expect(fillsOf(executions, 'th-assign')).toHaveLength(1), { timeoutMs: 5_000 });

    // The replay reaches the day's close: day orders expire, the day's expiries settle on the last close.
    while (s.state().date === today) if ((await s.step(1)) === 0) break;
    const close = s.trading.broker.settlementsSince(0)[0]?.spot ?? Number.NaN;
    expect(close).toBeLessThan(put.strike); // still in the money at the close (else there is no assignment to test)
    const positions = (await rest(s, 'GET', '/v2/positions')).json as Array<Record<string, unknown>>;
    // Assigned: 1 contract × 100 shares bought at the strike.
    expect(positions).toEqual([expect.objectContaining({ symbol: underlying, asset_class: 'us_equity', qty: '100', qty_available: '100', side: 'long', avg_entry_price: String(put.strike), cost_basis: String(put.strike * 100) })]);
    expect(await broker.positions()).toEqual([{ symbol: underlying, qty: 100, avgEntryPrice: put.strike }]);
    // cash = 100 000 + bid × 100 − $0.04 − strike × 100; equity = cash + 100 × the underlying's last price.
    const account = (await rest(s, 'GET', '/v2/account')).json as { cash: string; equity: string; long_market_value: string };
    const cash = 100_000 + put.bid * 100 - 0.04 - put.strike * 100;
    expect(Number(account.cash)).toBeCloseTo(cash, 6);
    const last = s.data.spot(underlying) ?? Number.NaN;
    expect(Number(account.long_market_value)).toBeCloseTo(100 * last, 6);
    expect(Number(account.equity)).toBeCloseTo(cash + 100 * last, 6);
  }, 30_000);

  it('sells shares short at the last price less a cent, lists them as a us_equity position, and buys them back', async () => {
    const { s, broker, executions } = await start();
    const ticker = market.tickers[0]?.symbol ?? '';
    const spot = s.data.spot(ticker) ?? Number.NaN;
    const fills = (id: string) => executions.filter((e) => e.clientOrderId === id && e.fillQty > 0);

    // Sell 10 at a limit 0.5 % under the last price: fills at the price less one cent of slippage.
    const sell = hedgeIntent({ ticker, side: 'sell', effect: 'open', qty: 10, reasons: ['DELTA_HEDGE'] }, spot, 1, `${ticker}-1`, HEDGING);
    const [answer] = await broker.submit(sell);
    expect(answer).toMatchObject({ clientOrderId: sell.clientOrderId, symbol: ticker, side: 'sell', status: 'pending', cumQty: 0 });
    await eventually(() => expect(fills(sell.clientOrderId)).toHaveLength(1), { timeoutMs: 5_000 });
    const sold = (cents(spot) - 1) / 100;
    expect(fills(sell.clientOrderId)[0]).toMatchObject({ status: 'filled', symbol: ticker, side: 'sell', fillQty: 10, cumQty: 10 });
    expect(cents(fills(sell.clientOrderId)[0]?.avgFillPrice ?? 0)).toBe(cents(spot - 0.01));
    // Alpaca's equity order: asset class us_equity, no position_intent, the intent's limit to the cent; read back by the adapter's own parser.
    const order = await (await fetch(`${s.url}/v2/orders:by_client_order_id?client_order_id=${sell.clientOrderId}`, { headers: AUTH })).json();
    expect(order).toMatchObject({ symbol: ticker, asset_class: 'us_equity', position_intent: null, side: 'sell', type: 'limit', qty: '10', filled_qty: '10', status: 'filled', limit_price: sell.limitPrice?.toFixed(2) });
    expect(parseAlpacaOrder(order)).toMatchObject({ client_order_id: sell.clientOrderId });
    const held = (await broker.positions()).find((p) => p.symbol === ticker);
    expect(held?.qty).toBe(-10);
    expect(cents(held?.avgEntryPrice ?? 0)).toBe(cents(sold));

    // Buying back covers the short: flat again.
    const buy = hedgeIntent({ ticker, side: 'buy', effect: 'close', qty: 10, reasons: ['HEDGE_UNWIND'] }, spot, 2, `${ticker}-2`, HEDGING);
    await broker.submit(buy);
    await eventually(() => expect(fills(buy.clientOrderId)).toHaveLength(1), { timeoutMs: 5_000 });
    expect(cents(fills(buy.clientOrderId)[0]?.avgFillPrice ?? 0)).toBe(cents(spot + 0.01));
    expect((await broker.positions()).find((p) => p.symbol === ticker)).toBeUndefined();
  });
});

describe('a delta hedge’s share order on the Alpaca path', () => {
  it('goes on the wire as Alpaca’s equity order: the ticker, whole shares, a day limit, no position_intent', () => {
    // 500 × 0.995 = 497.50.
    const intent = hedgeIntent({ ticker: 'SPY', side: 'sell', effect: 'open', qty: 155, reasons: ['DELTA_HEDGE'] }, 500, 1_000, 'SPY-1000', HEDGING);
    const request = toOrderRequest(intent);
    expect(request).toEqual({ symbol: 'SPY', qty: '155', side: 'sell', type: 'limit', time_in_force: 'day', limit_price: '497.50', client_order_id: 'th-SPY-1000-h' });
    expect(alpacaShareOrderRequestSchema.parse(request)).toEqual(request);
  });
});
