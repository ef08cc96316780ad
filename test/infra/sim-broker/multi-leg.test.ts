import { describe, expect, it } from 'vitest';
import { SimBroker } from '../../../src/infra/sim-broker/broker.js';
import { makeContract, type OptionContract } from '../../../src/domain/values/contract.js';
import type { OrderIntent, OrderLeg } from '../../../src/domain/values/order.js';
import { CALL, intent, NOW, PUT, quote } from './fixtures.js';

// Fees: $0.04 a contract, every leg; slippage 1 tick ($0.01) on the net.
const PUT_490 = makeContract({ underlying: 'SPY', expiry: '2025-06-20', right: 'put', strike: 490 });
const CALL_510 = makeContract({ underlying: 'SPY', expiry: '2025-06-20', right: 'call', strike: 510 });
const EXPIRY_CLOSE = Date.UTC(2025, 5, 20, 20, 0);

function leg(c: OptionContract, side: 'buy' | 'sell', effect: 'open' | 'close' = 'open'): OrderLeg {
  return { symbol: c.symbol, side, ratio: 1, positionIntent: `${side}_to_${effect}` };
}

/** Opens a credit spread: sell `short`, buy `long`, at a net credit limit per share. */
function credit(short: OptionContract, long: OptionContract, qty: number, limitPrice: number, patch: Partial<OrderIntent> = {}): OrderIntent {
  return intent({ symbol: short.symbol, side: 'sell', effect: 'open', qty, limitPrice, legs: [leg(short, 'sell'), leg(long, 'buy')], ...patch });
}

/** Short put 500 at 4.00 / 4.20, long put 490 at 1.50 / 1.60: natural credit 4.00 − 1.60 = 2.40. */
function bullPutQuotes(patch: { ts?: number; longVolume?: number } = {}) {
  return [quote(4.0, 4.2, { symbol: PUT.symbol, ts: patch.ts }), quote(1.5, 1.6, { symbol: PUT_490.symbol, ts: patch.ts, volume: patch.longVolume })];
}

describe('a bull put spread at a net credit', () => {
  it('fills atomically: net = natural − slippage, legs at their touch with the slippage on the short leg, buying power = max loss', () => {
    const b = new SimBroker({ cash: 10_000 });
    const order = credit(PUT, PUT_490, 2, 2.3);
    const [accepted, fill] = b.submit(order, bullPutQuotes(), NOW);
    expect(accepted?.status).toBe('accepted');
    // max(limit 2.30, 2.40 − 0.01) = 2.39; short 4.00 − 0.01 = 3.99, long at the ask 1.60: 3.99 − 1.60 = 2.39
    expect(fill).toMatchObject({
      clientOrderId: order.clientOrderId,
      symbol: PUT.symbol,
      side: 'sell',
      status: 'filled',
      fillQty: 2,
      fillPrice: 2.39,
      cumQty: 2,
      avgFillPrice: 2.39,
      fees: 0.16, // 2 units × 2 legs × 0.04
      legs: [
        { symbol: PUT.symbol, side: 'sell', qty: 2, price: 3.99 },
        { symbol: PUT_490.symbol, side: 'buy', qty: 2, price: 1.6 },
      ],
    });
    expect(b.cash()).toBeCloseTo(10_477.84, 6); // 10,000 + 2 × 2.39 × 100 − 0.16
    expect(b.positions()).toEqual([
      { contract: PUT, qty: -2, avgPrice: 3.99 },
      { contract: PUT_490, qty: 2, avgPrice: 1.6 },
    ]);
    // Held: width 10 × 100 × 2 = 2,000, so 10,477.84 − 2,000 = 8,477.84 = 10,000 − 2 × (1,000 − 239) − 0.16
    expect(b.buyingPower()).toBeCloseTo(8_477.84, 6);
  });

  it('needs the max loss (width × 100 − credit at the limit) per unit', () => {
    // 1,000 + 2 × 2.30 × 100 − 0.16 = 1,459.84 < 2,000 held; 1,600 + 460 − 0.16 = 2,059.84 ≥ 2,000
    expect(new SimBroker({ cash: 1_000 }).submit(credit(PUT, PUT_490, 2, 2.3), undefined, NOW)).toMatchObject([{ status: 'rejected', reason: 'INSUFFICIENT_BUYING_POWER' }]);
    expect(new SimBroker({ cash: 1_600 }).submit(credit(PUT, PUT_490, 2, 2.3), undefined, NOW)).toMatchObject([{ status: 'accepted' }]);
  });

  it('rests while the limit is above the natural credit, then fills once both legs are quoted at one time', () => {
    const b = new SimBroker({ cash: 10_000 });
    const order = credit(PUT, PUT_490, 1, 2.45);
    expect(b.submit(order, bullPutQuotes(), NOW).map((e) => e.status)).toEqual(['accepted']); // 2.40 < 2.45
    expect(b.cash()).toBe(10_000);
    expect([...b.workingSymbols()]).toEqual([PUT.symbol, PUT_490.symbol]);
    const t = NOW + 60_000;
    expect(b.onQuote(quote(4.1, 4.2, { symbol: PUT.symbol, ts: t }), t)).toEqual([]); // the long leg's quote is from NOW
    const [fill] = b.onQuote(quote(1.5, 1.6, { symbol: PUT_490.symbol, ts: t }), t);
    // natural 4.10 − 1.60 = 2.50 ≥ 2.45: max(2.45, 2.49) = 2.49; short 4.09, long 1.60
    expect(fill).toMatchObject({ status: 'filled', fillPrice: 2.49, legs: [{ price: 4.09 }, { price: 1.6 }] });
  });

  it('fills partially by the thinnest leg', () => {
    const b = new SimBroker({ cash: 10_000 });
    // long leg: 0.5 × 1,560 / 390 = 2 contracts a quote; short leg: plenty
    const [, fill] = b.submit(credit(PUT, PUT_490, 5, 2.3), bullPutQuotes({ longVolume: 1560 }), NOW);
    expect(fill).toMatchObject({ status: 'partially_filled', fillQty: 2, cumQty: 2, fees: 0.16, legs: [{ qty: 2 }, { qty: 2 }] });
    expect(b.positions().map((p) => p.qty)).toEqual([-2, 2]);
  });

  it('closes at a net debit: natural = short ask − long bid, plus slippage', () => {
    const b = new SimBroker({ cash: 10_000 });
    b.submit(credit(PUT, PUT_490, 1, 2.3), bullPutQuotes(), NOW); // cash 10,000 + 239 − 0.08 = 10,238.92
    const close = intent({ symbol: PUT.symbol, side: 'buy', effect: 'close', qty: 1, limitPrice: 1.0, legs: [leg(PUT, 'buy', 'close'), leg(PUT_490, 'sell', 'close')] });
    const [, fill] = b.submit(close, [quote(1.0, 1.1, { symbol: PUT.symbol }), quote(0.2, 0.3, { symbol: PUT_490.symbol })], NOW);
    // natural 1.10 − 0.20 = 0.90; min(1.00, 0.91) = 0.91; short bought at 1.10 + 0.01 = 1.11, long sold at 0.20
    expect(fill).toMatchObject({ status: 'filled', fillPrice: 0.91, legs: [{ side: 'buy', price: 1.11 }, { side: 'sell', price: 0.2 }] });
    expect(b.cash()).toBeCloseTo(10_147.84, 6); // 10,238.92 − 91 − 0.08
    expect(b.positions()).toEqual([]);
  });

  it('refuses legs on two expiries or two underlyings, and selling the wing out from under the short', () => {
    const b = new SimBroker({ cash: 10_000 });
    const nextWeek = makeContract({ underlying: 'SPY', expiry: '2025-06-27', right: 'put', strike: 490 });
    const qqq = makeContract({ underlying: 'QQQ', expiry: '2025-06-20', right: 'put', strike: 490 });
    expect(b.submit(credit(PUT, nextWeek, 1, 2.3), undefined, NOW)).toMatchObject([{ reason: 'LEGS_MIXED_EXPIRY' }]);
    expect(b.submit(credit(PUT, qqq, 1, 2.3), undefined, NOW)).toMatchObject([{ reason: 'LEGS_MIXED_UNDERLYING' }]);
    const bearCall = new SimBroker({ cash: 10_000 });
    bearCall.submit(credit(CALL, CALL_510, 1, 1.8), [quote(3.0, 3.2), quote(1.0, 1.1, { symbol: CALL_510.symbol })], NOW);
    expect(bearCall.submit(intent({ symbol: CALL_510.symbol, side: 'sell', effect: 'close', qty: 1, limitPrice: 1 }), undefined, NOW)).toMatchObject([{ reason: 'NAKED_CALL_NOT_ALLOWED' }]);
  });

  it('answers a repeated client order id with the order as it is, never a second fill', () => {
    const b = new SimBroker({ cash: 10_000 });
    const order = credit(PUT, PUT_490, 2, 2.3);
    b.submit(order, bullPutQuotes(), NOW);
    const cash = b.cash();
    expect(b.submit(order, bullPutQuotes(), NOW + 1)).toEqual([expect.objectContaining({ status: 'filled', fillQty: 0, cumQty: 2, avgFillPrice: 2.39, reason: 'DUPLICATE_CLIENT_ORDER_ID' })]);
    expect(b.cash()).toBe(cash);
    expect(b.orders()).toHaveLength(1);
  });
});

describe('credit spreads at expiry', () => {
  it('a bear call spread with both legs in the money nets 0 shares and −width × 100', () => {
    const b = new SimBroker({ cash: 10_000 });
    const [, fill] = b.submit(credit(CALL, CALL_510, 1, 1.8), [quote(3.0, 3.2), quote(1.0, 1.1, { symbol: CALL_510.symbol })], NOW);
    // natural 3.00 − 1.10 = 1.90: max(1.80, 1.89) = 1.89; cash 10,000 + 189 − 0.08 = 10,188.92
    expect(fill).toMatchObject({ fillPrice: 1.89, legs: [{ price: 2.99 }, { price: 1.1 }] });
    b.endOfDay(EXPIRY_CLOSE);
    const settled = b.settleExpiry('2025-06-20', () => 520, EXPIRY_CLOSE);
    // short 500 call assigned: −100 shares, +50,000; long 510 call exercised: +100 shares, −51,000
    expect(settled).toMatchObject([
      { symbol: CALL.symbol, outcome: 'assigned', intrinsic: 20, shares: -100, strike: 500, cashFlow: 50_000 },
      { symbol: CALL_510.symbol, outcome: 'exercised', intrinsic: 10, shares: 100, strike: 510, cashFlow: -51_000 },
    ]);
    expect(b.cash()).toBeCloseTo(9_188.92, 6); // 10,188.92 − 10 × 100
    expect(b.positions()).toEqual([]);
    expect(b.stockPositions()).toEqual([]);
  });

  it('a bull put spread with only the short in the money leaves 100 shares bought at the short strike', () => {
    const b = new SimBroker({ cash: 10_000 });
    b.submit(credit(PUT, PUT_490, 1, 2.3), bullPutQuotes(), NOW); // cash 10,238.92
    b.endOfDay(EXPIRY_CLOSE);
    expect(b.settleExpiry('2025-06-20', () => 495, EXPIRY_CLOSE)).toMatchObject([
      { symbol: PUT.symbol, outcome: 'assigned', shares: 100, cashFlow: -50_000 },
      { symbol: PUT_490.symbol, outcome: 'expired_otm', cashFlow: 0 },
    ]);
    expect(b.cash()).toBeCloseTo(-39_761.08, 6); // 10,238.92 − 50,000: the engine must sell the shares
    expect(b.stockPositions()).toEqual([{ symbol: 'SPY', qty: 100, avgPrice: 500 }]);
  });
});
