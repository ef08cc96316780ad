import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { mlegLimitPrice, structureOrderLegs } from '../../../src/domain/premium/orders.js';
import { closeLimit, creditReasons, netQuote, sellPricing } from '../../../src/domain/premium/pricing.js';
import { maxLossPerContract } from '../../../src/domain/premium/risk.js';
import { makeStructure, structureGreeks, structureKindFor } from '../../../src/domain/premium/structure.js';
import { CTX, leg } from './fixture.js';

const p95 = leg({ strike: 95, bid: 1.2, ask: 1.3, delta: -0.3 }).contract;
const p93 = leg({ strike: 93, bid: 0.7, ask: 0.77, delta: -0.21 }).contract;
const c105 = leg({ strike: 105, bid: 1, ask: 1.08, delta: 0.3, right: 'call' }).contract;
const c107 = leg({ strike: 107, bid: 0.5, ask: 0.54, delta: 0.2, right: 'call' }).contract;
const bullPut = makeStructure('bull_put_spread', p95, p93);

describe('structures', () => {
  it('the view picks the structure: bearish is always a call spread', () => {
    expect(structureKindFor('bearish', true)).toBe('bear_call_spread');
    expect(structureKindFor('bullish', true)).toBe('cash_secured_put');
    expect(structureKindFor('bullish', false)).toBe('bull_put_spread');
  });

  it('rejects a wing on the wrong side, a mixed right, a different expiry, a naked call', () => {
    expect(() => makeStructure('bull_put_spread', p93, p95)).toThrow(/further out of the money/);
    expect(() => makeStructure('bear_call_spread', c107, c105)).toThrow(/further out of the money/);
    expect(() => makeStructure('bull_put_spread', p95, c107)).toThrow(/must be a put/);
    const later = leg({ strike: 93, bid: 0.7, ask: 0.77, delta: -0.21, expiry: '2026-03-13' }).contract;
    expect(() => makeStructure('bull_put_spread', p95, later)).toThrow(/share underlying, expiry/);
    expect(() => makeStructure('cash_secured_put', c105)).toThrow(/must be a put/);
    expect(() => makeStructure('bear_call_spread', c105)).toThrow(/needs a long leg/);
  });

  it('greeks of a unit as quoted: short − long', () => {
    const g = structureGreeks({ delta: -0.3, gamma: 0.04, theta: -0.05, vega: 0.12 }, { delta: -0.21, gamma: 0.03, theta: -0.04, vega: 0.1 });
    expect(g.delta).toBeCloseTo(-0.09, 12);
    expect(g.gamma).toBeCloseTo(0.01, 12);
    expect(g.theta).toBeCloseTo(-0.01, 12);
    expect(g.vega).toBeCloseTo(0.02, 12);
  });

  it('max loss per unit: (width − credit) × 100; a cash-secured put (strike − credit) × 100', () => {
    expect(maxLossPerContract(bullPut, 0.47)).toBeCloseTo(153, 9);
    expect(maxLossPerContract(makeStructure('cash_secured_put', p95), 1.2)).toBeCloseTo(9380, 9);
  });
});

describe('net pricing', () => {
  it('net quote: bid = short bid − long ask, ask = short ask − long bid', () => {
    const q = netQuote({ bid: 1.2, ask: 1.3 }, { bid: 0.7, ask: 0.77 });
    expect(q.bid).toBeCloseTo(0.43, 12);
    expect(q.ask).toBeCloseTo(0.6, 12);
  });

  it('limit: mid 0.515 − 0.25 × half 0.085 = 0.49375 → 0.49, a tick down', () => {
    const d = sellPricing({ bid: 1.2, ask: 1.3 }, { bid: 0.7, ask: 0.77 }, { ...CTX.execution, limitOffsetOfHalfSpread: 0.25 });
    expect(d.ok && d.value.limit).toBe(0.49);
  });

  it('no credit at the mid: NO_CREDIT', () => {
    expect(sellPricing({ bid: 1, ask: 1.1 }, { bid: 1.05, ask: 1.15 }, CTX.execution)).toEqual({ ok: false, reasons: ['NO_CREDIT'] });
  });

  it('a credit not below the width is refused as inconsistent quotes', () => {
    expect(creditReasons(bullPut, 2, CTX.premium)).toEqual(['CREDIT_NOT_BELOW_WIDTH']);
    expect(creditReasons(bullPut, 1.99, CTX.premium)).toEqual([]);
  });

  it('closing pays the far side: short ask − long bid = 1.30 − 0.70 = 0.60', () => {
    expect(closeLimit({ bid: 1.2, ask: 1.3 }, { bid: 0.7, ask: 0.77 }, CTX.execution)).toBe(0.6);
  });
});

describe('multi-leg order legs (Alpaca mleg)', () => {
  it('opening sells the short and buys the wing; a credit is a negative limit', () => {
    expect(structureOrderLegs(bullPut, 'open')).toEqual([
      { symbol: 'XYZ260213P00095000', side: 'sell', ratio: 1, positionIntent: 'sell_to_open' },
      { symbol: 'XYZ260213P00093000', side: 'buy', ratio: 1, positionIntent: 'buy_to_open' },
    ]);
    expect(mlegLimitPrice(0.47, 'open')).toBe(-0.47);
  });

  it('closing buys the short back and sells the wing; the debit is positive', () => {
    expect(structureOrderLegs(bullPut, 'close').map((l) => l.positionIntent)).toEqual(['buy_to_close', 'sell_to_close']);
    expect(mlegLimitPrice(0.6, 'close')).toBe(0.6);
  });
});

describe('config: premium section', () => {
  it('defaults', () => {
    expect(loadConfig({}).rules.premium).toEqual({
      enabled: false,
      shortDelta: { min: 0.25, max: 0.35 },
      spreadWidthPct: 0.02,
      minCreditPctOfWidth: 0.2,
      cashSecuredPut: true,
      takeProfitShare: 0.5,
      stopMultipleOfCredit: 2,
    });
  });

  it('overridable per ticker; bad values are named', () => {
    const c = loadConfig({ tickers: { SPY: { premium: { spreadWidthPct: 0.01 } } } });
    expect(c.tickers['SPY']?.premium.spreadWidthPct).toBe(0.01);
    expect(() => loadConfig({ premium: { shortDelta: { min: 0.4, max: 0.3 } } })).toThrow(/premium.shortDelta/);
    expect(() => loadConfig({ premium: { stopMultipleOfCredit: 0 } })).toThrow(/premium.stopMultipleOfCredit/);
  });
});
