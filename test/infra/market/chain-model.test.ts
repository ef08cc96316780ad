import { inChainFilter } from '../../../src/domain/selection/chain-filter.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysBetween, nyDate, sessionMinutes, tradingDays } from '../../../src/domain/calendar/index.js';
import { loadConfig } from '../../../src/domain/config/index.js';
import { DomainError } from '../../../src/domain/errors.js';
import { makeContract } from '../../../src/domain/values/contract.js';
import { mid, spreadPct } from '../../../src/domain/values/quote.js';
import { chainAt, intrinsic, listedExpiries, quoteAt, type ChainEntry } from '../../../src/infra/market/chain-model.js';
import { underlyingParams } from '../../../src/infra/market/params.js';

const params = underlyingParams({ symbol: 'ALFA', dividendYield: 0.01 });
const NOON = Date.UTC(2025, 5, 10, 16, 0); // 12:00 New York, Tuesday
const liquidity = loadConfig({}).rules.liquidity;
const cents = (x: number): boolean => Math.abs(x * 100 - Math.round(x * 100)) < 1e-6;
const nickels = (x: number): boolean => Math.abs(x * 20 - Math.round(x * 20)) < 1e-6;

function validQuotes(chain: readonly ChainEntry[]): boolean {
  return chain.every(({ quote: q }) => q.bid >= 0.01 && q.ask > q.bid && cents(q.bid) && cents(q.ask) && (q.bid < 3 || (nickels(q.bid) && nickels(q.ask))));
}

describe('chainAt', () => {
  const chain = chainAt(params, 81.3, 0.32, NOON);

  it('lists Monday/Wednesday expiries to 14 DTE, weeklies to 45 DTE and monthlies to 60 DTE on the strike grid', () => {
    expect(listedExpiries(NOON)).toEqual([
      '2025-06-11',
      '2025-06-13',
      '2025-06-16',
      '2025-06-18',
      '2025-06-20',
      '2025-06-23',
      '2025-06-27',
      '2025-07-03',
      '2025-07-11',
      '2025-07-18',
      '2025-07-25',
    ]);
    expect(listedExpiries(Date.UTC(2025, 5, 24, 16, 0)).slice(-2)).toEqual(['2025-08-08', '2025-08-15']);
    const strikes = [...new Set(chain.map((e) => e.contract.strike))];
    expect(strikes[0]).toBe(72);
    expect(strikes[strikes.length - 1]).toBe(91);
    expect(strikes.every((k) => Number.isInteger(k))).toBe(true);
    expect(chain).toHaveLength(11 * strikes.length * 2);
    expect(chain[0]?.contract.symbol).toBe('ALFA250611C00072000');
    expect(chain[1]?.contract.symbol).toBe('ALFA250611P00072000');
  });

  it('drops an expiry after its close and includes it before', () => {
    expect(listedExpiries(Date.UTC(2025, 5, 13, 19, 59))[0]).toBe('2025-06-13');
    expect(listedExpiries(Date.UTC(2025, 5, 13, 20, 0))[0]).toBe('2025-06-16');
  });

  it('quotes are valid, on cents (nickels from $3), and consistent with quoteAt', () => {
    expect(validQuotes(chain)).toBe(true);
    for (const e of chain) expect(quoteAt(e.contract, params, 81.3, 0.32, NOON)).toEqual(e.quote);
    expect(chainAt(params, 81.3, 0.32, NOON)).toEqual(chain);
  });

  it('quotes stay valid for any spot, IV and session minute', () => {
    const days = tradingDays('2025-01-02', '2025-12-31');
    fc.assert(
      fc.property(fc.double({ min: 3, max: 900, noNaN: true }), fc.double({ min: 0.06, max: 2, noNaN: true }), fc.nat(days.length - 1), fc.nat(389), (spot, iv, d, m) => {
        const now = sessionMinutes(days[d] ?? '2025-06-10')[m] ?? NOON;
        return validQuotes(chainAt(underlyingParams({ symbol: 'PROP', oiScale: 800 }), spot, iv, now));
      }),
      { numRuns: 40 },
    );
  });

  /**
   * Reference values from Python mpmath (40 digits, printed as the nearest double), outside the code, for spot 81.3, ATM IV 0.32,
   * r 0.04, q 0.01, skew −0.6, term 0.04, now 2025-06-10 16:00Z, expiry at 16:00 New York (20:00Z):
   *   T = (expiry close − now) / (365 × 86 400 000 ms)
   *   iv = 0.32 × max(0.3, 1 − 0.6·ln(K/81.3) + 0.04·ln(max(T, 1/365) / (30/365)))
   *   d1 = (ln(S/K) + (r − q + iv²/2)·T) / (iv·√T), d2 = d1 − iv·√T, N(x) = erfc(−x/√2)/2
   *   call = S·e^(−qT)·N(d1) − K·e^(−rT)·N(d2), put = K·e^(−rT)·N(−d2) − S·e^(−qT)·N(−d1)
   *   delta = e^(−qT)·N(d1) (call) or −e^(−qT)·N(−d1) (put), gamma = e^(−qT)·φ(d1)/(S·iv·√T),
   *   vega = S·e^(−qT)·φ(d1)·√T / 100 (per vol point)
   * By hand for the 18 Jul 81 call: T = 38 d 4 h / 365 d = 0.1045662; iv = 0.32 × (1 + 0.0022181
   * + 0.0096306) = 0.3237916; price 3.663.
   */
  const REFERENCE = [
    { symbol: 'ALFA250718C00081000', price: 3.6630578503153743, iv: 0.3237915914353142, delta: 0.5462442636567313, gamma: 0.046494332016016195, vega: 0.10404903042425527 },
    { symbol: 'ALFA250718P00081000', price: 3.1099387693068135, iv: 0.3237915914353142, delta: -0.4527106207569199, gamma: 0.046494332016016195, vega: 0.10404903042425527 },
    { symbol: 'ALFA250620P00075000', price: 0.11773520059491566, iv: 0.3216356551493749, delta: -0.061156777096839456, gamma: 0.027705079339155076, vega: 0.01640553494748827 },
    { symbol: 'ALFA250711C00088000', price: 0.81422916976325, iv: 0.3052837094028512, delta: 0.2075325931161105, gamma: 0.03944812740979182, vega: 0.06796864391438726 },
    { symbol: 'ALFA250613C00082000', price: 0.5804452197332973, iv: 0.289572910945522, delta: 0.3840700874751936, gamma: 0.1741837444387951, vega: 0.02892385206343463 },
  ];

  it('quotes around the Black-Scholes value on the skewed, sloped surface, with its IV and greeks (mpmath reference)', () => {
    for (const ref of REFERENCE) {
      const q = chain.find((e) => e.contract.symbol === ref.symbol)?.quote;
      if (q === undefined) throw new Error(`${ref.symbol} not listed`);
      // The model value lies inside the quoted market, at least a tick ($0.05 from $3, else $0.01)
      // from either side, and the market is not wider than the liquidity rule's day cap of the value.
      const tick = ref.price >= 3 ? 0.05 : 0.01;
      expect(q.bid, ref.symbol).toBeLessThanOrEqual(ref.price - tick);
      expect(q.ask, ref.symbol).toBeGreaterThanOrEqual(ref.price + tick);
      expect(q.ask - q.bid, ref.symbol).toBeLessThanOrEqual(Math.max(liquidity.maxSpreadPct.day * ref.price, 0.04));
      // Greeks and IV are missing on ~5 % of contracts a day (the 18 Jul 81 put, this day).
      if (q.iv === undefined) continue;
      expect(q.iv, ref.symbol).toBeCloseTo(ref.iv, 13);
      // Delta goes through the normal CDF, exact to double precision (pricing/normal.ts); gamma and vega through the density.
      expect(q.greeks?.delta, ref.symbol).toBeCloseTo(ref.delta, 12);
      expect(q.greeks?.gamma, ref.symbol).toBeCloseTo(ref.gamma, 12);
      expect(q.greeks?.vega, ref.symbol).toBeCloseTo(ref.vega, 12);
    }
    expect(chain.find((e) => e.contract.symbol === 'ALFA250718P00081000')?.quote.iv).toBeUndefined();
  });

  it('satisfies put-call parity on mids within the spreads', () => {
    const byKey = new Map(chain.map((e) => [`${e.contract.expiry}|${e.contract.strike}|${e.contract.right}`, e.quote]));
    let checked = 0;
    for (const e of chain.filter((x) => x.contract.right === 'call')) {
      const put = byKey.get(`${e.contract.expiry}|${e.contract.strike}|put`);
      if (put === undefined || mid(put) < 0.5 || mid(e.quote) < 0.5) continue;
      const years = (Date.parse(`${e.contract.expiry}T20:00:00Z`) - NOON) / (365 * 86_400_000);
      const forward = 81.3 * Math.exp(-params.dividendYield * years) - e.contract.strike * Math.exp(-params.rate * years);
      const tolerance = (e.quote.ask - e.quote.bid + put.ask - put.bid) / 2 + 0.02;
      expect(Math.abs(mid(e.quote) - mid(put) - forward)).toBeLessThanOrEqual(tolerance);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('makes every liquidity rule bite on some contracts while many pass', () => {
    const fails = {
      spread: chain.filter((e) => spreadPct(e.quote) > liquidity.maxSpreadPct.day).length,
      openInterest: chain.filter((e) => e.quote.openInterest < liquidity.minOpenInterest).length,
      volume: chain.filter((e) => e.quote.volume < liquidity.minVolume).length,
      premium: chain.filter((e) => mid(e.quote) < liquidity.minPremium).length,
    };
    for (const [rule, n] of Object.entries(fails)) expect(n, rule).toBeGreaterThan(0);
    const pass = chain.filter(
      (e) =>
        spreadPct(e.quote) <= liquidity.maxSpreadPct.day &&
        e.quote.openInterest >= liquidity.minOpenInterest &&
        e.quote.volume >= liquidity.minVolume &&
        mid(e.quote) >= liquidity.minPremium,
    );
    expect(pass.length).toBeGreaterThan(chain.length / 5);
  });

  it('puts a skew on downside strikes and greeks on most contracts', () => {
    const june20 = chain.filter((e) => e.contract.expiry === '2025-06-20' && e.quote.iv !== undefined);
    const ivAt = (k: number): number => june20.find((e) => e.contract.strike === k)?.quote.iv ?? Number.NaN;
    expect(ivAt(73)).toBeGreaterThan(ivAt(81));
    expect(ivAt(81)).toBeGreaterThan(ivAt(90));
    const missing = chain.filter((e) => e.quote.greeks === undefined);
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.length).toBeLessThan(chain.length * 0.15);
    expect(missing.every((e) => e.quote.iv === undefined)).toBe(true);
    const call = chain.find((e) => e.contract.symbol === 'ALFA250718C00081000');
    expect(call?.quote.greeks?.delta).toBeGreaterThan(0.45);
    expect(call?.quote.greeks?.delta).toBeLessThan(0.65);
  });

  it('accumulates daily volume over the session', () => {
    const total = (now: number): number => chainAt(params, 81.3, 0.32, now).reduce((a, e) => a + e.quote.volume, 0);
    const at = (h: number, m: number): number => total(Date.UTC(2025, 5, 10, h, m));
    expect(at(13, 0)).toBe(0);
    expect(at(13, 30)).toBe(0);
    expect(at(14, 0)).toBeLessThan(at(16, 0));
    expect(at(16, 0)).toBeLessThan(at(19, 59));
    expect(nyDate(NOON)).toBe('2025-06-10');
  });

  it('quotes a held contract consistently and rejects bad inputs', () => {
    const held = makeContract({ underlying: 'ALFA', expiry: '2025-06-20', right: 'put', strike: 78 });
    const q = quoteAt(held, params, 81.3, 0.32, NOON);
    expect(q.ask).toBeGreaterThan(q.bid);
    expect(daysBetween('2025-06-10', held.expiry)).toBe(10);
    expect(() => quoteAt(held, params, Number.NaN, 0.32, NOON)).toThrow(DomainError);
    expect(() => quoteAt(held, params, 81.3, 0, NOON)).toThrow(DomainError);
    const expired = quoteAt(held, params, 70, 0.32, Date.UTC(2025, 5, 23, 16, 0));
    expect(mid(expired)).toBeCloseTo(8, 1);
  });
});

describe('intrinsic', () => {
  it('is the in-the-money amount, never negative', () => {
    expect(intrinsic({ right: 'call', strike: 100 }, 103.5)).toBe(3.5);
    expect(intrinsic({ right: 'call', strike: 100 }, 97)).toBe(0);
    expect(intrinsic({ right: 'put', strike: 100 }, 97)).toBe(3);
    expect(intrinsic({ right: 'put', strike: 100 }, 103)).toBe(0);
  });
});

describe('chainAt with a filter', () => {
  it('prices exactly the contracts of the full chain that the filter admits', () => {
    const filter = { right: 'put' as const, expiryFrom: '2025-06-13', expiryTo: '2025-06-18', strikeMin: 79, strikeMax: 83 };
    const filtered = chainAt(params, 81.3, 0.32, NOON, filter);
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered).toEqual(chainAt(params, 81.3, 0.32, NOON).filter((e) => inChainFilter(e.contract, filter)));
  });
});
