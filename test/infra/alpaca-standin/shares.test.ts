import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hedgeIntent } from '../../../src/domain/intents/hedge.js';
import type { Execution } from '../../../src/domain/values/execution.js';
import { AlpacaStandin } from '../../../src/infra/alpaca-standin/standin.js';
import { AlpacaBroker } from '../../../src/infra/alpaca/broker.js';
import { toOrderRequest } from '../../../src/infra/alpaca/translate/order-request.js';
import { alpacaShareOrderRequestSchema } from '../../../src/infra/alpaca/wire/order-request.js';
import { parseAlpacaOrder } from '../../../src/infra/alpaca/wire/order.js';
import { generateMarket } from '../../../src/infra/market/generate.js';
import { openMarket, type Market } from '../../../src/infra/market/load.js';
import { eventually } from '../../helpers/eventually.js';

const KEYS = { keyId: 'PKSTANDINSHARES', secret: 'standin-shares-secret' };
const AUTH = { 'APCA-API-KEY-ID': KEYS.keyId, 'APCA-API-SECRET-KEY': KEYS.secret };
const CFG = { enabled: true, targetShareOfCap: 0.5, limitCollarPct: 0.005 };
const cents = (x: number): number => Math.round(x * 100);

describe('a delta hedge’s share order on the Alpaca path', () => {
  it('goes on the wire as Alpaca’s equity order: the ticker, whole shares, a day limit, no position_intent', () => {
    // 500 × 0.995 = 497.50.
    const intent = hedgeIntent({ ticker: 'SPY', side: 'sell', effect: 'open', qty: 155, reasons: ['DELTA_HEDGE'] }, 500, 1_000, 'SPY-1000', CFG);
    const request = toOrderRequest(intent);
    expect(request).toEqual({ symbol: 'SPY', qty: '155', side: 'sell', type: 'limit', time_in_force: 'day', limit_price: '497.50', client_order_id: 'th-SPY-1000-h' });
    expect(alpacaShareOrderRequestSchema.parse(request)).toEqual(request);
  });
});

describe('the Alpaca stand-in takes share orders (a delta hedge) through the adapter and the real SDK', () => {
  let dir: string;
  let market: Market;
  let standin: AlpacaStandin | undefined;
  let adapter: AlpacaBroker | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'thetis-standin-shares-'));
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

  it('sells shares short at the last price less a cent, lists them as a us_equity position, and buys them back', async () => {
    const s = (standin = await AlpacaStandin.start({ market, keys: KEYS, speed: 0, cash: 100_000 }));
    await s.step(30);
    const broker = (adapter = new AlpacaBroker({ keyId: KEYS.keyId, secret: KEYS.secret, restUrl: s.url, streamUrl: `${s.url.replace('http', 'ws')}/stream`, backoffBaseMs: 1, maxBackoffMs: 20 }));
    const executions: Execution[] = [];
    broker.onExecution((e) => executions.push(e));
    await eventually(() => expect(s.trading.listeners).toBe(1), { timeoutMs: 5_000 });
    const ticker = market.tickers[0]?.symbol ?? '';
    const spot = s.data.spot(ticker) ?? Number.NaN;
    const fills = (id: string) => executions.filter((e) => e.clientOrderId === id && e.fillQty > 0);

    // Sell 10 at a limit 0.5 % under the last price: fills at the price less one cent of slippage.
    const sell = hedgeIntent({ ticker, side: 'sell', effect: 'open', qty: 10, reasons: ['DELTA_HEDGE'] }, spot, 1, `${ticker}-1`, CFG);
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
    const buy = hedgeIntent({ ticker, side: 'buy', effect: 'close', qty: 10, reasons: ['HEDGE_UNWIND'] }, spot, 2, `${ticker}-2`, CFG);
    await broker.submit(buy);
    await eventually(() => expect(fills(buy.clientOrderId)).toHaveLength(1), { timeoutMs: 5_000 });
    expect(cents(fills(buy.clientOrderId)[0]?.avgFillPrice ?? 0)).toBe(cents(spot + 0.01));
    expect((await broker.positions()).find((p) => p.symbol === ticker)).toBeUndefined();
  });
});
