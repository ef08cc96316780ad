import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/actors/engine.js';
import { restoreHedges } from '../../src/actors/hedge/holdings.js';
import type { StoredOrder } from '../../src/actors/ports/order-store.js';
import { createRuntime, VirtualClock, type Runtime } from '../../src/actors/runtime/index.js';
import { loadConfig } from '../../src/domain/config/index.js';
import { hedgeIntent } from '../../src/domain/intents/hedge.js';
import type { OrderStatus } from '../../src/domain/values/execution.js';
import { InProcessExecutor } from '../../src/infra/executor/in-process.js';
import { SimBroker } from '../../src/infra/sim-broker/broker.js';
import { shareQuote } from '../../src/infra/sim-broker/shares.js';
import { Recorder } from './fixtures/harness.js';
import { barAt, MINUTE, OPEN, ScriptedMarket } from './fixtures/market.js';

const CFG = { enabled: true, targetShareOfCap: 0.5, limitCollarPct: 0.005 };
const stored = (side: 'buy' | 'sell', effect: 'open' | 'close', qty: number, ts: number, status: OrderStatus, cumQty: number, avgFillPrice?: number): StoredOrder => ({
  intent: hedgeIntent({ ticker: 'SPY', side, effect, qty, reasons: [effect === 'open' ? 'DELTA_HEDGE' : 'HEDGE_REDUCE'] }, 500, ts, `SPY-${ts}`, CFG),
  status,
  cumQty,
  ...(avgFillPrice === undefined ? {} : { avgFillPrice }),
  published: true,
});

describe('restoreHedges', () => {
  it('replays the stored orders: the holding since last flat, and the orders still working', () => {
    const { holdings, working, done, reservations } = restoreHedges([
      // A round trip already over: sold 100, bought back 100.
      stored('sell', 'open', 100, 1, 'filled', 100, 500),
      stored('buy', 'close', 100, 2, 'filled', 100, 501),
      // Then sold 155 at 510 and 45 of another 50 at 511 (working); bought back 30 at 505.
      stored('sell', 'open', 155, 3, 'filled', 155, 510),
      stored('sell', 'open', 50, 4, 'partially_filled', 45, 511),
      stored('buy', 'close', 30, 5, 'filled', 30, 505),
    ]);
    // −155 − 45 + 30 = −170 shares; opened 200 for 155 × 510 + 45 × 511 = 79,050 + 22,995 = 102,045; 30 back for 15,150.
    expect([...holdings.keys()]).toEqual(['SPY']);
    expect(holdings.get('SPY')).toMatchObject({ qty: -170, openedShort: true, entryTs: 3, entryShares: 200, entryNotional: 102_045, exitShares: 30, exitNotional: 15_150, cashFlow: 102_045 - 15_150 });
    expect([...working.values()].map((w) => [w.intent.clientOrderId, w.cumQty, w.notional])).toEqual([['th-SPY-4-h', 45, 22_995]]);
    // The orders done, with the fills each gave the holdings.
    expect([...done].map(([id, w]) => [id, w.cumQty])).toEqual([['th-SPY-1-h', 100], ['th-SPY-2-u', 100], ['th-SPY-3-h', 155], ['th-SPY-5-u', 30]]);
    // The working sell of 50 has 45 filled (in the holding): its reservation stands for the other 5.
    expect(reservations).toEqual([expect.objectContaining({ id: 'th-SPY-4-h', underlying: 'SPY', symbol: 'SPY', qty: -5, delta: 1, capitalAtRisk: 0 })]);
  });

  it('replays a long hedging history (a million orders) without overflowing the stack: an account\'s whole history comes back at every restart', () => {
    // Half a million round trips of 10 shares (sold, bought back), then a sale of 7 still held. The
    // round trip's two orders are the same two objects each time: the replay takes every element as
    // an order, and the test stays small. (Spreading a million values as arguments overflows even a
    // test worker's larger stack; the engine's main thread overflows at about 125,000.)
    const sold = stored('sell', 'open', 10, 1, 'filled', 10, 500);
    const bought = stored('buy', 'close', 10, 2, 'filled', 10, 500);
    const orders: StoredOrder[] = [];
    for (let i = 0; i < 500_000; i++) orders.push(sold, bought);
    orders.push(stored('sell', 'open', 7, 3, 'filled', 7, 500));
    const { holdings, working, done, lastRun } = restoreHedges(orders);
    expect(lastRun).toBe(3);
    expect(holdings.get('SPY')).toMatchObject({ qty: -7, entryTs: 3, entryShares: 7, exitShares: 0 });
    expect(working.size).toBe(0);
    expect([...done.keys()]).toEqual(['th-SPY-1-h', 'th-SPY-2-u', 'th-SPY-3-h']);
  });
});

let runtime: Runtime | undefined;
afterEach(() => runtime?.stop());

describe('a restart with a delta hedge held', () => {
  it('takes the hedge up from the order store: booked in the portfolio, and unwound when it has no options', async () => {
    const clock = new VirtualClock(OPEN);
    const market = new ScriptedMarket();
    market.spot.set('SPY', 500);
    const broker = new SimBroker({ cash: 1_000_000 });
    // The venue holds the hedge sold before the restart: 155 SPY short at 499.99.
    const sold = hedgeIntent({ ticker: 'SPY', side: 'sell', effect: 'open', qty: 155, reasons: ['DELTA_HEDGE'] }, 500, OPEN - 10 * MINUTE, 'SPY-before', CFG);
    broker.submit(sold, shareQuote('SPY', 500, OPEN), OPEN);
    const executor = new InProcessExecutor(broker, (s, now) => (s === 'SPY' ? shareQuote('SPY', market.spot.get('SPY') ?? 0, now) : market.quote(s, now)), () => clock.now());
    const recorder = new Recorder();
    runtime = createRuntime({ name: 'restart', clock });
    const engine = Engine.start(
      runtime,
      { config: loadConfig({ hedging: { delta: { enabled: true } } }), market, gateway: executor, decisions: recorder, trades: recorder },
      { tickers: ['SPY'], equity: 1_000_000, hedges: [{ intent: sold, status: 'filled', cumQty: 155, avgFillPrice: 499.99, published: true }] },
    );
    await engine.whenIdle();
    expect((await engine.portfolio()).positions).toEqual([expect.objectContaining({ id: 'SPY-hedge', symbol: 'SPY', qty: -155, delta: 1 })]);
    expect(engine.holdingTickers()).toEqual(new Set(['SPY']));

    // The first bar: no options on SPY, so the hedge is unwound (bought back whole) and its round trip recorded.
    const bar = barAt('SPY', 0, 500, 502, 1000);
    clock.advanceTo(bar.ts + MINUTE);
    market.spot.set('SPY', 502);
    engine.onBar(bar);
    await engine.whenIdle();
    const back = broker.orders().find((o) => o.clientOrderId === `th-SPY-${bar.ts}-u`);
    // Bought at 502 + 0.01.
    expect(back).toMatchObject({ side: 'buy', qty: 155, status: 'filled', avgFillPrice: 502.01 });
    expect(broker.stockPositions()).toEqual([]);
    expect((await engine.portfolio()).positions).toEqual([]);
    // P/L: 155 × (499.99 − 502.01) = −313.10.
    expect(recorder.trades).toEqual([expect.objectContaining({ positionId: 'SPY-hedge', side: 'short', qty: 155, exitReasons: ['HEDGE_UNWIND'] })]);
    expect(recorder.trades[0]?.pnl).toBeCloseTo(-313.1, 6);
  });
});

describe('an engine started with hedge orders in the store', () => {
  const T = OPEN + 5 * MINUTE;

  function start(hedges: StoredOrder[]): { engine: Engine; broker: SimBroker; clock: VirtualClock } {
    const clock = new VirtualClock(T + MINUTE);
    const market = new ScriptedMarket();
    market.spot.set('SPY', 500);
    const broker = new SimBroker({ cash: 1_000_000 });
    const executor = new InProcessExecutor(broker, (s, now) => (s === 'SPY' ? shareQuote('SPY', 500, now) : market.quote(s, now)), () => clock.now());
    runtime = createRuntime({ name: 'restart-hedge', clock });
    const engine = Engine.start(
      runtime,
      { config: loadConfig({ hedging: { delta: { enabled: true } } }), market, gateway: executor, decisions: new Recorder(), trades: new Recorder() },
      { tickers: ['SPY'], equity: 1_000_000, hedges },
    );
    return { engine, broker, clock };
  }

  it('a working order partly filled counts its fills once (in the hedge position) and reserves only the rest', async () => {
    const { engine } = start([stored('sell', 'open', 50, T, 'partially_filled', 45, 511)]);
    await engine.whenIdle();
    const book = await engine.portfolio();
    // −45 shares held, −5 still reserved: −50 of delta in all, not −95.
    expect(book.positions).toEqual([expect.objectContaining({ id: 'SPY-hedge', qty: -45 })]);
    expect(book.reservations).toEqual([expect.objectContaining({ id: `th-SPY-${T}-h`, qty: -5 })]);
    expect(book.greeks.netDeltaShares).toBe(-50);
  });

  it('never runs the rule again at a minute it ran at: no client order id is made twice', async () => {
    // Sold 50 at minute T, filled; no options left, so the next run unwinds it.
    const { engine, broker, clock } = start([stored('sell', 'open', 50, T, 'filled', 50, 511)]);
    // The bar of minute T again (a crash while handling it): nothing is sent under T's ids.
    engine.onBar(barAt('SPY', 5, 500, 500, 1000));
    await engine.whenIdle();
    expect(broker.orders()).toEqual([]);
    // The next minute's bar runs it: the hedge is unwound under that minute's id.
    clock.advanceTo(T + 2 * MINUTE);
    engine.onBar(barAt('SPY', 6, 500, 500, 1000));
    await engine.whenIdle();
    expect(broker.orders().map((o) => [o.clientOrderId, o.side, o.qty])).toEqual([[`th-SPY-${T + MINUTE}-u`, 'buy', 50]]);
  });
});
