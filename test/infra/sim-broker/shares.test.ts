import { describe, expect, it } from 'vitest';
import { hedgeIntent } from '../../../src/domain/intents/hedge.js';
import { SimBroker } from '../../../src/infra/sim-broker/broker.js';
import { shareQuote } from '../../../src/infra/sim-broker/shares.js';
import { NOW } from './fixtures.js';

const CFG = { enabled: true, targetShareOfCap: 0.5, limitCollarPct: 0.005 };
/** A hedge share order on SPY decided at `ts`, priced off `price` (limit ∓ 0.5 %). */
const order = (side: 'buy' | 'sell', qty: number, price: number, ts: number, effect: 'open' | 'close' = side === 'sell' ? 'open' : 'close') =>
  hedgeIntent({ ticker: 'SPY', side, effect, qty, reasons: ['DELTA_HEDGE'] }, price, ts, `SPY-${ts}`, CFG);

describe('SimBroker share orders', () => {
  it('sells short at the underlying’s price less the slippage, then buys back; equity counts the shares', () => {
    const b = new SimBroker({ cash: 100_000 });
    // Limit 500 × 0.995 = 497.50; the share quote is 500: fills at 500 − 0.01 = 499.99, no fees.
    const [accepted, fill] = b.submit(order('sell', 100, 500, 1), shareQuote('SPY', 500, NOW), NOW);
    expect(accepted?.status).toBe('accepted');
    expect(fill).toMatchObject({ clientOrderId: 'th-SPY-1-h', symbol: 'SPY', side: 'sell', status: 'filled', fillQty: 100, cumQty: 100, fillPrice: 499.99, avgFillPrice: 499.99, fees: 0 });
    // 100,000 + 100 × 499.99 = 149,999.
    expect(b.cash()).toBe(149_999);
    expect(b.stockPositions()).toEqual([{ symbol: 'SPY', qty: -100, avgPrice: 499.99 }]);
    expect(b.positions()).toEqual([]);
    // Marked at 501: 149,999 − 100 × 501 = 99,899.
    expect(b.equity((s) => (s === 'SPY' ? 501 : undefined))).toBe(99_899);
    // Buy back at a 502 quote: limit 502 × 1.005 = 504.51, fills at 502.01; 149,999 − 50,201 = 99,798.
    expect(b.submit(order('buy', 100, 502, 2), shareQuote('SPY', 502, NOW), NOW)[1]).toMatchObject({ status: 'filled', fillPrice: 502.01 });
    expect(b.cash()).toBe(99_798);
    expect(b.stockPositions()).toEqual([]);
  });

  it('rests a share order its quote does not reach until a later share quote does, or the close', () => {
    const b = new SimBroker({ cash: 100_000 });
    // Limit 497.50 against a 490 quote: a sell does not fill below its limit.
    const resting = order('sell', 10, 500, 3);
    expect(b.submit(resting, shareQuote('SPY', 490, NOW), NOW).map((e) => e.status)).toEqual(['accepted']);
    expect([...b.workingSymbols()]).toEqual(['SPY']);
    expect(b.openOrders(NOW)).toEqual([expect.objectContaining({ clientOrderId: 'th-SPY-3-h', status: 'accepted' })]);
    // At 498 it fills at max(limit 497.50, 498 − 0.01) = 497.99.
    expect(b.onQuote(shareQuote('SPY', 498, NOW + 60_000), NOW + 60_000)).toEqual([expect.objectContaining({ status: 'filled', fillPrice: 497.99 })]);
    expect(b.stockPositions()).toEqual([{ symbol: 'SPY', qty: -10, avgPrice: 497.99 }]);
    const late = order('sell', 10, 500, 4);
    b.submit(late, shareQuote('SPY', 490, NOW), NOW);
    expect(b.endOfDay(NOW + 120_000)).toEqual([expect.objectContaining({ clientOrderId: late.clientOrderId, status: 'expired', reason: 'DAY_ORDER_EXPIRED' })]);
    expect(b.workingSymbols().size).toBe(0);
  });

  it('rejects a share order on a ticker without a share quote, a purchase past buying power, and answers a repeat with the order', () => {
    const b = new SimBroker({ cash: 1_000 });
    expect(b.submit(order('sell', 10, 500, 5), undefined, NOW)).toEqual([expect.objectContaining({ status: 'rejected', reason: 'UNKNOWN_CONTRACT' })]);
    // 10 × limit 502.50 = 5,025 > 1,000 of cash.
    expect(b.submit(order('buy', 10, 500, 6, 'open'), shareQuote('SPY', 500, NOW), NOW)).toEqual([expect.objectContaining({ status: 'rejected', reason: 'INSUFFICIENT_BUYING_POWER' })]);
    const sold = order('sell', 1, 500, 7);
    b.submit(sold, shareQuote('SPY', 500, NOW), NOW);
    expect(b.submit(sold, shareQuote('SPY', 500, NOW), NOW)).toEqual([expect.objectContaining({ status: 'filled', reason: 'DUPLICATE_CLIENT_ORDER_ID' })]);
    // Covering the short is a buy that needs no buying power: 1 × 502.51 limit against 1,000 + 499.99 of cash is fine anyway; the position closes.
    expect(b.submit(order('buy', 1, 500, 8), shareQuote('SPY', 500, NOW), NOW)[1]).toMatchObject({ status: 'filled', fillPrice: 500.01 });
    expect(b.stockPositions()).toEqual([]);
    expect(new SimBroker({ cash: 1_000, isOpen: () => false }).submit(sold, shareQuote('SPY', 500, NOW), NOW)).toEqual([expect.objectContaining({ status: 'rejected', reason: 'MARKET_CLOSED' })]);
  });

  it('holds a short sale\'s proceeds and half its value again (Reg T), and a resting buy\'s cost, out of buying power', () => {
    const b = new SimBroker({ cash: 100_000 });
    // Short 100 at 499.99: cash 149,999, of which 1.5 × 49,999 = 74,998.50 is held: 75,000.50 free.
    b.submit(order('sell', 100, 500, 1), shareQuote('SPY', 500, NOW), NOW);
    expect(b.buyingPower()).toBeCloseTo(75_000.5, 6);
    // Another short sale needs half its value free: 400 more at the 497.50 limit need 99,500 > 75,000.50.
    expect(b.submit(order('sell', 400, 500, 2), shareQuote('SPY', 500, NOW), NOW)).toEqual([expect.objectContaining({ status: 'rejected', reason: 'INSUFFICIENT_BUYING_POWER' })]);
    // A buy resting below the market (limit 490 × 1.005 = 492.45 against a 500 quote) reserves 10 × 492.45 = 4,924.50.
    b.submit(order('buy', 10, 490, 3, 'open'), shareQuote('SPY', 500, NOW), NOW);
    expect(b.buyingPower()).toBeCloseTo(75_000.5 - 4_924.5, 6);
  });
});
