import { describe, expect, it } from 'vitest';
import { SimBroker } from '../../../src/infra/sim-broker/broker.js';
import { makeContract } from '../../../src/domain/values/contract.js';
import { CALL, intent, NOW, PUT, quote } from './fixtures.js';

// Fees: $0.04 a contract (ORF 0.02 + OCC 0.02); slippage 1 tick ($0.01).
const EXPIRY_CLOSE = Date.UTC(2025, 5, 20, 20, 0);

function sellToOpen(b: SimBroker, symbol: string, limitPrice: number, q: ReturnType<typeof quote> | undefined, qty = 1) {
  return b.submit(intent({ symbol, side: 'sell', effect: 'open', qty, limitPrice }), q, NOW);
}

describe('cash-secured puts', () => {
  it('opens a short put at the bid less slippage, holds the strike against cash, and buys it back', () => {
    const b = new SimBroker({ cash: 60_000 });
    const [, fill] = sellToOpen(b, PUT.symbol, 3.0, quote(3.1, 3.3, { symbol: PUT.symbol }));
    // max(limit 3.00, bid 3.10 − 0.01) = 3.09
    expect(fill).toMatchObject({ status: 'filled', side: 'sell', fillQty: 1, fillPrice: 3.09, fees: 0.04 });
    expect(b.cash()).toBeCloseTo(60_308.96, 6); // 60,000 + 3.09 × 100 − 0.04
    expect(b.positions()).toEqual([{ contract: PUT, qty: -1, avgPrice: 3.09 }]);
    expect(b.buyingPower()).toBeCloseTo(10_308.96, 6); // 60,308.96 − 500 × 100 held
    const [, close] = b.submit(intent({ symbol: PUT.symbol, side: 'buy', effect: 'close', qty: 1, limitPrice: 2.0 }), quote(1.9, 2.0, { symbol: PUT.symbol }), NOW);
    expect(close).toMatchObject({ status: 'filled', fillPrice: 2.0 }); // min(limit 2.00, ask 2.00 + 0.01)
    expect(b.cash()).toBeCloseTo(60_108.92, 6); // 60,308.96 − 200 − 0.04
    expect(b.positions()).toEqual([]);
    expect(b.buyingPower()).toBeCloseTo(60_108.92, 6);
  });

  it('needs the strike × 100 less the premium at the limit (Alpaca counts the premium)', () => {
    // 49,000 + 3.00 × 100 − 0.04 = 49,299.96 < 50,000; 49,800 + 300 − 0.04 = 50,099.96 ≥ 50,000
    expect(sellToOpen(new SimBroker({ cash: 49_000 }), PUT.symbol, 3.0, undefined)).toMatchObject([{ status: 'rejected', reason: 'INSUFFICIENT_BUYING_POWER' }]);
    const b = new SimBroker({ cash: 49_800 });
    expect(sellToOpen(b, PUT.symbol, 3.0, undefined)).toMatchObject([{ status: 'accepted' }]);
    // The resting put already holds the cash: a second one is refused.
    expect(sellToOpen(b, PUT.symbol, 3.0, undefined)).toMatchObject([{ status: 'rejected', reason: 'INSUFFICIENT_BUYING_POWER' }]);
  });

  it('is assigned in the money at expiry: +100 shares and −strike × 100 cash', () => {
    const b = new SimBroker({ cash: 60_000 });
    sellToOpen(b, PUT.symbol, 3.0, quote(3.1, 3.3, { symbol: PUT.symbol })); // cash 60,308.96
    b.endOfDay(EXPIRY_CLOSE);
    const [s] = b.settleExpiry('2025-06-20', () => 490, EXPIRY_CLOSE);
    // intrinsic 500 − 490 = 10; shares +1 × 100 at 500: cash −50,000
    expect(s).toEqual({ symbol: PUT.symbol, underlying: 'SPY', qty: -1, spot: 490, intrinsic: 10, cashFlow: -50_000, outcome: 'assigned', shares: 100, strike: 500, ts: EXPIRY_CLOSE });
    expect(b.cash()).toBeCloseTo(10_308.96, 6); // 60,308.96 − 50,000
    expect(b.positions()).toEqual([]);
    expect(b.stockPositions()).toEqual([{ symbol: 'SPY', qty: 100, avgPrice: 500 }]);
    expect(b.equity((s2) => (s2 === 'SPY' ? 490 : undefined))).toBeCloseTo(59_308.96, 6); // 10,308.96 + 100 × 490
    expect(b.settlementsSince(EXPIRY_CLOSE)).toEqual([s]);
  });

  it('expires worthless less than $0.01 in the money', () => {
    const b = new SimBroker({ cash: 60_000 });
    sellToOpen(b, PUT.symbol, 3.0, quote(3.1, 3.3, { symbol: PUT.symbol }));
    b.endOfDay(EXPIRY_CLOSE);
    expect(b.settleExpiry('2025-06-20', () => 499.995, EXPIRY_CLOSE)).toMatchObject([{ outcome: 'expired_otm', cashFlow: 0 }]);
    expect(b.cash()).toBeCloseTo(60_308.96, 6);
    expect(b.stockPositions()).toEqual([]);
  });

  it('refuses to close more than the short, or to sell-to-close a short', () => {
    const b = new SimBroker({ cash: 60_000 });
    sellToOpen(b, PUT.symbol, 3.0, quote(3.1, 3.3, { symbol: PUT.symbol }));
    expect(b.submit(intent({ symbol: PUT.symbol, side: 'buy', effect: 'close', qty: 2, limitPrice: 2 }), undefined, NOW)).toMatchObject([{ reason: 'INSUFFICIENT_POSITION' }]);
    expect(b.submit(intent({ symbol: PUT.symbol, side: 'sell', effect: 'close', qty: 1, limitPrice: 2 }), undefined, NOW)).toMatchObject([{ reason: 'INSUFFICIENT_POSITION' }]);
  });
});

describe('short calls', () => {
  it('refuses a naked call (no Alpaca level allows one)', () => {
    const b = new SimBroker({ cash: 1_000_000 });
    expect(sellToOpen(b, CALL.symbol, 2.0, quote(2.1, 2.2))).toMatchObject([{ status: 'rejected', reason: 'NAKED_CALL_NOT_ALLOWED' }]);
    expect(b.cash()).toBe(1_000_000);
  });

  it('accepts a call covered by 100 shares from an assignment', () => {
    const b = new SimBroker({ cash: 60_000 });
    sellToOpen(b, PUT.symbol, 3.0, quote(3.1, 3.3, { symbol: PUT.symbol }));
    b.endOfDay(EXPIRY_CLOSE);
    b.settleExpiry('2025-06-20', () => 490, EXPIRY_CLOSE);
    const later = Date.UTC(2025, 5, 23, 15, 0);
    const call = makeContract({ underlying: 'SPY', expiry: '2025-06-27', right: 'call', strike: 500 });
    expect(b.submit(intent({ symbol: call.symbol, side: 'sell', effect: 'open', qty: 1, limitPrice: 1 }), undefined, later)).toMatchObject([{ status: 'accepted' }]);
    expect(b.submit(intent({ symbol: call.symbol, side: 'sell', effect: 'open', qty: 1, limitPrice: 1 }), undefined, later)).toMatchObject([{ reason: 'NAKED_CALL_NOT_ALLOWED' }]);
  });
});
