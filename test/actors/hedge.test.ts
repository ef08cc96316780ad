import { afterEach, describe, expect, it } from 'vitest';
import { isOccSymbol } from '../../src/domain/values/contract.js';
import { tradeStrategy } from '../../src/domain/values/strategy.js';
import { Harness } from './fixtures/harness.js';
import type { HedgeMsg } from '../../src/actors/messages.js';
import type { TreeRefs } from '../../src/actors/tree.js';
import { tell, type ActorRef } from '../../src/actors/runtime/index.js';
import { hedgeIntent } from '../../src/domain/intents/hedge.js';
import { endedUnplaced } from '../../src/domain/orders/progress.js';
import { shareExposure } from '../../src/domain/portfolio/exposure.js';
import type { Execution } from '../../src/domain/values/execution.js';
import { shareQuote } from '../../src/infra/sim-broker/shares.js';
import { quoteShares } from './fixtures/shares.js';

let h: Harness | undefined;
afterEach(() => h?.stop());

/** Cap 280 share equivalents, hedged back to 0.5 × 280 = 140. */
const CAP = 280;
const TARGET = 140;

/** A harness whose market also quotes SPY's shares, for a hedge's share orders. */
function harness(config: Record<string, unknown>): Harness {
  return quoteShares(new Harness({ equity: 1_000_000, config: { risk: { maxNetDeltaShares: CAP }, ...config } }));
}

/** Option delta of the book in share equivalents (its option positions only). */
async function optionDelta(x: Harness): Promise<number> {
  const p = await x.engine.portfolio();
  return p.positions.filter((e) => e.symbol !== e.underlying).reduce((n, e) => n + e.qty * e.multiplier * e.delta, 0);
}

const hedgeOrders = (x: Harness) => x.broker.orders().filter((o) => /-[hu]$/.test(o.clientOrderId));

/** Breakout (5 calls, ≈ 268 share equivalents), then +0.1 % a minute until the calls' delta passes the cap; returns that close and delta. */
async function rallyPastCap(x: Harness): Promise<{ close: number; delta: number }> {
  let close = await x.breakout();
  for (let i = 0; i < 10; i++) {
    const delta = await optionDelta(x);
    if (delta > CAP) return { close, delta };
    close *= 1.001;
    await x.bar('SPY', close);
  }
  throw new Error('the calls never passed the cap');
}

describe('the delta hedge through the engine (hedging.delta)', () => {
  it('on: a net delta past the cap is hedged back to the target with shares through the gate, and unwound when the options close', async () => {
    h = harness({ hedging: { delta: { enabled: true } } });
    const { close, delta } = await rallyPastCap(h);
    // The minute the calls passed the cap, nothing was sold yet: the hedge runs on the next bar, on that book.
    expect(h.broker.stockPositions()).toEqual([]);
    const next = close * 1.001;
    const bar = await h.bar('SPY', next);
    // Shares sold = ceil(delta − 140) (whole shares, at or just inside the target).
    const sold = Math.ceil(delta - TARGET);
    const [order] = hedgeOrders(h);
    expect(order).toMatchObject({ clientOrderId: `th-SPY-${bar.ts}-h`, symbol: 'SPY', side: 'sell', qty: sold, status: 'filled' });
    // Filled at the underlying's price less one cent of slippage.
    expect(order?.avgFillPrice).toBeCloseTo(next - 0.01, 5);
    expect(h.broker.stockPositions()).toEqual([{ symbol: 'SPY', qty: -sold, avgPrice: order?.avgFillPrice }]);
    // Through the gate like any opening order: a risk decision for SPY's shares, approved inside every cap.
    expect(h.recorder.of('risk').filter((e) => e.symbol === 'SPY')).toEqual([expect.objectContaining({ ok: true, reasons: ['WITHIN_LIMITS'] })]);
    expect(h.recorder.of('order', true).filter((e) => e.symbol === 'SPY').map((e) => e.reasons)).toEqual([['DELTA_HEDGE', 'NET_DELTA_OVER_CAP']]);
    // Booked: the portfolio holds the hedge as SPY-hedge (delta 1 a share, no capital at risk, no open position), no reservation left.
    const book = await h.engine.portfolio();
    expect(book.positions.find((e) => e.id === 'SPY-hedge')).toMatchObject({ symbol: 'SPY', qty: -sold, multiplier: 1, delta: 1, capitalAtRisk: 0 });
    expect(book.reservations).toEqual([]);
    expect(book.greeks.openPositions).toBe(1);
    expect(book.greeks.netDeltaShares).toBeCloseTo((await optionDelta(h)) - sold, 9);

    // The underlying falls 0.5 % a minute: the calls are stopped out (as the delta falls the hedge is cut back to it), then the rest is unwound.
    let down = next;
    for (let i = 0; i < 8 && (h.engine.openPositions > 0 || h.broker.stockPositions().length > 0); i++) await h.bar('SPY', (down *= 0.995));
    expect(h.engine.openPositions).toBe(0);
    expect(h.broker.stockPositions()).toEqual([]);
    const orders = hedgeOrders(h);
    expect(orders.slice(1).every((o) => o.side === 'buy' && o.clientOrderId.endsWith('-u') && o.status === 'filled')).toBe(true);
    expect(orders.slice(1).reduce((n, o) => n + o.cumQty, 0)).toBe(sold);
    expect(h.recorder.of('exit', true).filter((e) => e.symbol === 'SPY').at(-1)?.reasons).toEqual(['HEDGE_UNWIND']);
    const after = await h.engine.portfolio();
    expect(after.positions).toEqual([]);
    expect(after.greeks.netDeltaShares).toBe(0);
    // One round trip of the hedge: P/L = what the shares were sold for − what buying them back cost.
    const hedges = h.recorder.trades.filter((t) => tradeStrategy(t) === 'delta_hedge');
    expect(hedges).toHaveLength(1);
    const cash = orders.reduce((n, o) => n + (o.side === 'sell' ? 1 : -1) * o.cumQty * (o.avgFillPrice ?? 0), 0);
    expect(hedges[0]).toMatchObject({ positionId: 'SPY-hedge', symbol: 'SPY', side: 'short', qty: sold, fees: 0, capitalRisked: 0, entryReasons: ['DELTA_HEDGE', 'NET_DELTA_OVER_CAP'] });
    expect(hedges[0]?.pnl).toBeCloseTo(cash, 6);
    expect(hedges[0]?.exitReasons).toContain('HEDGE_UNWIND');
  });

  it('a hedge order left resting by the market is cancelled after execution.exitRepriceMs and the rule runs again at the new price', async () => {
    h = harness({ hedging: { delta: { enabled: true } } });
    const { close } = await rallyPastCap(h);
    // SPY's shares now quote 1 % under its last close: a sell limit 0.5 % under the close is out of reach.
    const quote = h.market.quote.bind(h.market);
    h.market.quote = (symbol: string, now: number) => {
      const q = quote(symbol, now);
      return symbol === 'SPY' && q !== undefined ? shareQuote('SPY', q.bid * 0.99, now) : q;
    };
    const flat = close * 1.001;
    const sent = await h.bar('SPY', flat);
    const [first] = hedgeOrders(h);
    expect(first).toMatchObject({ clientOrderId: `th-SPY-${sent.ts}-h`, side: 'sell', status: 'accepted', cumQty: 0 });
    // The next minute at the same prices: still resting 60 s after it was sent, so cancelled.
    await h.bar('SPY', flat);
    expect(h.broker.orders().find((o) => o.clientOrderId === first?.clientOrderId)?.status).toBe('canceled');
    // The minute after: the rule runs again, a new order under that minute's id; nothing was ever sold.
    const again = await h.bar('SPY', flat);
    expect(hedgeOrders(h).map((o) => [o.clientOrderId, o.status])).toEqual([
      [first?.clientOrderId, 'canceled'],
      [`th-SPY-${again.ts}-h`, 'accepted'],
    ]);
    expect(h.broker.stockPositions()).toEqual([]);
    // The cancelled order's reservation was given back: only the new one's is held.
    expect((await h.engine.portfolio()).reservations.map((r) => r.id)).toEqual([`th-SPY-${again.ts}-h`]);
  });

  it('counts a pending option entry as the risk gate does: its delta is hedged before it fills', async () => {
    h = harness({ hedging: { delta: { enabled: true } } });
    await h.bar('SPY', 500);
    // An entry of 5 calls pending at the venue (reserved, unfilled): 5 × 100 × 0.62 = 310 share equivalents > the 280 cap.
    const { refs } = h.engine as unknown as { refs: TreeRefs };
    tell(refs.portfolio, { type: 'reservation-restored', exposure: { id: 'th-SPY-1-open', underlying: 'SPY', symbol: 'SPY250314C00500000', qty: 5, multiplier: 100, delta: 0.62, gamma: 0, theta: 0, vega: 0, capitalAtRisk: 1_000 } });
    const bar = await h.bar('SPY', 500);
    // Sold 310 − 140 = 170 shares: at or just inside the target.
    expect(hedgeOrders(h).map((o) => [o.clientOrderId, o.side, o.qty])).toEqual([[`th-SPY-${bar.ts}-h`, 'sell', 170]]);
  });

  it('a hedge order it does not track (sent after its risk ask timed out) still working is cancelled, and its reservation given back', async () => {
    h = harness({ hedging: { delta: { enabled: true } } });
    await h.bar('SPY', 500);
    // At the venue: a sell of 10 SPY resting (limit 497.50 over a 490 quote), whose reservation the portfolio holds.
    const stray = hedgeIntent({ ticker: 'SPY', side: 'sell', effect: 'open', qty: 10, reasons: ['DELTA_HEDGE'] }, 500, 5, 'SPY-5', { enabled: true, targetShareOfCap: 0.5, limitCollarPct: 0.005 });
    const [accepted] = h.broker.submit(stray, shareQuote('SPY', 490, h.clock.now()), h.clock.now());
    const { refs, hedge: hedged } = h.engine as unknown as { refs: TreeRefs; hedge: { ref: ActorRef<HedgeMsg> } };
    tell(refs.portfolio, { type: 'reservation-restored', exposure: shareExposure(stray.clientOrderId, 'SPY', -10) });
    tell(hedged.ref, { type: 'execution', execution: accepted as Execution, correlationId: 'SPY-5' });
    await h.engine.whenIdle();
    expect(h.broker.orders().find((o) => o.clientOrderId === stray.clientOrderId)?.status).toBe('canceled');
    expect((await h.engine.portfolio()).reservations).toEqual([]);
  });

  it('a hedge order it does not track that filled is adopted: its shares are the hedge (booked, then unwound with no options), counted once however often its execution comes', async () => {
    h = harness({ hedging: { delta: { enabled: true } } });
    await h.bar('SPY', 500);
    // At the venue: a sell of 10 SPY (limit 500 × 0.995 = 497.50) filled on a 500 quote at 500 − 0.01 = 499.99, its reservation held by the portfolio.
    const stray = hedgeIntent({ ticker: 'SPY', side: 'sell', effect: 'open', qty: 10, reasons: ['DELTA_HEDGE'] }, 500, 5, 'SPY-5', { enabled: true, targetShareOfCap: 0.5, limitCollarPct: 0.005 });
    const [, filled] = h.broker.submit(stray, shareQuote('SPY', 500, h.clock.now()), h.clock.now());
    expect(filled).toMatchObject({ status: 'filled', cumQty: 10 });
    expect(filled?.avgFillPrice).toBeCloseTo(499.99, 9);
    const { refs, hedge: hedged } = h.engine as unknown as { refs: TreeRefs; hedge: { ref: ActorRef<HedgeMsg> } };
    tell(refs.portfolio, { type: 'reservation-restored', exposure: shareExposure(stray.clientOrderId, 'SPY', -10) });
    for (let i = 0; i < 2; i++) tell(hedged.ref, { type: 'execution', execution: filled as Execution, correlationId: 'SPY-5' });
    await h.engine.whenIdle();
    const book = await h.engine.portfolio();
    expect(book.positions).toEqual([expect.objectContaining({ id: 'SPY-hedge', symbol: 'SPY', qty: -10 })]);
    expect(book.reservations).toEqual([]);
    // The next minute the rule finds 10 short shares and no options on SPY: all 10 bought back.
    const bar = await h.bar('SPY', 501);
    expect(hedgeOrders(h).map((o) => [o.clientOrderId, o.side, o.qty, o.status])).toEqual([
      [stray.clientOrderId, 'sell', 10, 'filled'],
      [`th-SPY-${bar.ts}-u`, 'buy', 10, 'filled'],
    ]);
    expect(h.broker.stockPositions()).toEqual([]);
    // One round trip: sold 10 at 499.99, bought at 501 + 0.01 → 10 × (499.99 − 501.01) = −10.20.
    const trades = h.recorder.trades.filter((t) => t.symbol === 'SPY');
    expect(trades).toEqual([expect.objectContaining({ positionId: 'SPY-hedge', side: 'short', qty: 10, entryReasons: ['HEDGE_ORDER_ADOPTED'], exitReasons: ['HEDGE_UNWIND'] })]);
    expect(trades[0]?.pnl).toBeCloseTo(-10.2, 6);
  });

  it('a hedge order the engine failed as unpublished (ORDER_PUBLISH_FAILED) that filled after all: its shares are taken in, once', async () => {
    h = harness({ hedging: { delta: { enabled: true } } });
    await h.bar('SPY', 500);
    const order = hedgeIntent({ ticker: 'SPY', side: 'sell', effect: 'open', qty: 10, reasons: ['DELTA_HEDGE'] }, 500, 5, 'SPY-5', { enabled: true, targetShareOfCap: 0.5, limitCollarPct: 0.005 });
    const { refs, hedge: hedged } = h.engine as unknown as { refs: TreeRefs; hedge: { ref: ActorRef<HedgeMsg> } };
    tell(refs.portfolio, { type: 'reservation-restored', exposure: shareExposure(order.clientOrderId, 'SPY', -10) });
    // The gateway's made-up ending (JetStream never acknowledged the command), then the venue's fill: the command had landed.
    tell(hedged.ref, { type: 'execution', execution: endedUnplaced(order, 'rejected', 'ORDER_PUBLISH_FAILED'), correlationId: 'SPY-5' });
    await h.engine.whenIdle();
    expect((await h.engine.portfolio()).reservations).toEqual([]);
    const [, filled] = h.broker.submit(order, shareQuote('SPY', 500, h.clock.now()), h.clock.now());
    for (let i = 0; i < 2; i++) tell(hedged.ref, { type: 'execution', execution: filled as Execution, correlationId: 'SPY-5' });
    await h.engine.whenIdle();
    expect((await h.engine.portfolio()).positions).toEqual([expect.objectContaining({ id: 'SPY-hedge', symbol: 'SPY', qty: -10 })]);
  });

  it('an adopted closing order with no hedge held opens one: its shares are the entry, and the round trip counts them', async () => {
    h = harness({ hedging: { delta: { enabled: true } } });
    await h.bar('SPY', 500);
    // A buy of 10 SPY with a closing id (th-SPY-5-u), limit 500 × 1.005 = 502.50, filled on a 500 quote at 500.01.
    const stray = hedgeIntent({ ticker: 'SPY', side: 'buy', effect: 'close', qty: 10, reasons: ['HEDGE_UNWIND'] }, 500, 5, 'SPY-5', { enabled: true, targetShareOfCap: 0.5, limitCollarPct: 0.005 });
    const [, filled] = h.broker.submit(stray, shareQuote('SPY', 500, h.clock.now()), h.clock.now());
    const { hedge: hedged } = h.engine as unknown as { hedge: { ref: ActorRef<HedgeMsg> } };
    tell(hedged.ref, { type: 'execution', execution: filled as Execution, correlationId: 'SPY-5' });
    await h.engine.whenIdle();
    expect((await h.engine.portfolio()).positions).toEqual([expect.objectContaining({ id: 'SPY-hedge', qty: 10 })]);
    // The next minute: 10 long shares and no options on SPY, all sold back at 501 − 0.01 = 500.99.
    await h.bar('SPY', 501);
    const trades = h.recorder.trades.filter((t) => t.symbol === 'SPY');
    expect(trades).toEqual([expect.objectContaining({ side: 'long', qty: 10, entryReasons: ['HEDGE_ORDER_ADOPTED'], exitReasons: ['HEDGE_UNWIND'] })]);
    // 10 × (500.99 − 500.01) = 9.80.
    expect(trades[0]?.entryPrice).toBeCloseTo(500.01, 9);
    expect(trades[0]?.pnl).toBeCloseTo(9.8, 6);
  });

  it('off (the default): the same market trades no shares and the options trade exactly as with the hedge on', async () => {
    const optionOrders = (x: Harness) => x.broker.orders().filter((o) => isOccSymbol(o.symbol)).map((o) => [o.clientOrderId, o.side, o.qty, o.cumQty, o.avgFillPrice]);
    const play = async (x: Harness) => {
      const { close } = await rallyPastCap(x);
      let c = close;
      for (let i = 0; i < 3; i++) await x.bar('SPY', (c *= 1.001));
      return x;
    };
    const on = await play(harness({ hedging: { delta: { enabled: true } } }));
    on.stop();
    h = await play(harness({}));
    expect(hedgeOrders(h)).toEqual([]);
    expect(h.broker.stockPositions()).toEqual([]);
    expect((await h.engine.portfolio()).greeks.netDeltaShares).toBeGreaterThan(CAP);
    expect(h.recorder.trades.filter((t) => t.symbol === 'SPY')).toEqual([]);
    expect(optionOrders(h)).toEqual(optionOrders(on));
  });
});
