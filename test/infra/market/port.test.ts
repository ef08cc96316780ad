import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nyWallTimeMs } from '../../../src/domain/calendar/session.js';
import { makeBar } from '../../../src/domain/values/bar.js';
import { makeContract } from '../../../src/domain/values/contract.js';
import { chainAt, quoteAt } from '../../../src/infra/market/chain-model.js';
import type { Market, MarketWindow } from '../../../src/infra/market/load.js';
import { MARKET_FORMAT, MARKET_FORMAT_VERSION, type Manifest } from '../../../src/infra/market/manifest.js';
import { underlyingParams } from '../../../src/infra/market/params.js';
import { ReplayMarketData } from '../../../src/infra/market/port.js';
import { windowBarsOf } from '../../helpers/bar-runs.js';

const MIN = 60_000;
/** 09:30 New York on Monday 2025-06-02. */
const T0 = Date.UTC(2025, 5, 2, 13, 30);
const SYMBOLS = ['ALFA', 'BRVO', 'CHRL'] as const;

const tickers = [underlyingParams({ symbol: 'ALFA', dividendYield: 0.01 }), underlyingParams({ symbol: 'BRVO', rate: 0.05 }), underlyingParams({ symbol: 'CHRL' })];
const manifest: Manifest = { format: MARKET_FORMAT, version: MARKET_FORMAT_VERSION, seed: null, tickers };
/** What ReplayMarketData needs of a market: the tickers' chain parameters (it never reads the windows itself). */
const market: Market = {
  dir: 'in-memory',
  manifest,
  tickers,
  params(symbol) {
    const t = tickers.find((x) => x.symbol === symbol);
    if (t === undefined) throw new Error(`no ticker '${symbol}'`);
    return t;
  },
  windows() {
    throw new Error('ReplayMarketData must not read the market itself');
  },
};
const params = (symbol: string) => market.params(symbol);

/** One bar: open time, close and ATM IV. */
type Row = readonly [ts: number, close: number, iv: number];

/** A window as the loader gives it: tickers in manifest order, `times` the sorted union of their bar times. */
function windowOf(date: string, rows: Partial<Record<string, readonly Row[]>>): MarketWindow {
  const series = tickers.flatMap(({ symbol }) => {
    const rs = rows[symbol] ?? [];
    if (rs.length === 0) return [];
    const bars = rs.map(([ts, close]) => makeBar({ symbol, ts, open: close, high: close + 0.05, low: close - 0.05, close, volume: 100 }));
    return [{ symbol, bars: windowBarsOf(bars, rs.map((r) => r[2])) }];
  });
  const times = Float64Array.from(new Set(series.flatMap((s) => Array.from(s.bars, (b) => b.ts)))).sort();
  return { date, times, series };
}

/** Minute `m` of 2025-06-02's session. */
const at = (m: number): number => T0 + m * MIN;

describe('ReplayMarketData visibility', () => {
  const w1 = windowOf('2025-06-02', {
    ALFA: [[at(0), 10, 0.2], [at(1), 11, 0.21], [at(2), 12, 0.22]],
    BRVO: [[at(0), 50, 0.4], [at(2), 52, 0.42]],
  });

  it('knows no price before any bar has closed', () => {
    const data = new ReplayMarketData(market);
    expect(data.spot('ALFA')).toBeUndefined();
    data.setWindow(w1);
    for (const now of [at(0) - 1, at(0), at(0) + 30_000, at(1) - 1]) {
      data.advanceTo(now);
      expect(data.spot('ALFA'), `now ${now - T0}`).toBeUndefined();
      expect(data.chain('ALFA', now)).toEqual([]);
    }
    data.advanceTo(at(1));
    expect(data.spot('ALFA')).toBe(10);
  });

  it('shows a bar exactly at ts + 60 000, not at ts + 59 999', () => {
    const data = new ReplayMarketData(market);
    data.setWindow(w1);
    const seen = (now: number) => {
      data.advanceTo(now);
      return [data.spot('ALFA'), data.spot('BRVO')];
    };
    expect(seen(at(1) - 1)).toEqual([undefined, undefined]);
    expect(seen(at(1))).toEqual([10, 50]);
    expect(seen(at(2) - 1)).toEqual([10, 50]);
    expect(seen(at(2))).toEqual([11, 50]); // BRVO has no bar at minute 1: still its minute-0 close
    expect(seen(at(3) - 1)).toEqual([11, 50]);
    expect(seen(at(3))).toEqual([12, 52]);
    expect(seen(at(40))).toEqual([12, 52]);
    expect(data.spot('CHRL')).toBeUndefined();
    expect(data.spot('NOPE')).toBeUndefined();
  });

  it('prices the chain from the latest closed bar at the time asked, not the last advanceTo', () => {
    const data = new ReplayMarketData(market);
    data.setWindow(w1);
    data.advanceTo(at(0));
    expect(data.chain('ALFA', at(2) - 1)).toEqual(chainAt(params('ALFA'), 10, 0.2, at(2) - 1));
    expect(data.chain('ALFA', at(2))).toEqual(chainAt(params('ALFA'), 11, 0.21, at(2)));
    // The spot shows in the strikes, worked out by hand: $0.50 apart under $25, within ±12 % of spot:
    // spot 10 → [8.8, 11.2] → 9…11; spot 11 → [9.68, 12.32] → 10…12.
    const strikes = (now: number): number[] => [...new Set(data.chain('ALFA', now).map((e) => e.contract.strike))];
    expect(strikes(at(2) - 1)).toEqual([9, 9.5, 10, 10.5, 11]);
    expect(strikes(at(2))).toEqual([10, 10.5, 11, 11.5, 12]);
    const filter = { right: 'put' as const, strikeMin: 50, strikeMax: 54, expiryFrom: '2025-06-06', expiryTo: '2025-06-13' };
    const filtered = data.chain('BRVO', at(3), filter);
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered).toEqual(chainAt(params('BRVO'), 52, 0.42, at(3), filter));
  });

  it('gives the ATM IV of the latest bar opened at or before asOf, closed or not', () => {
    const data = new ReplayMarketData(market);
    data.setWindow(w1);
    data.advanceTo(at(0));
    expect(data.atmIv('ALFA', at(0) - 1)).toBeUndefined();
    expect(data.atmIv('ALFA', at(0))).toBe(0.2);
    expect(data.atmIv('ALFA', at(1) - 1)).toBe(0.2);
    expect(data.atmIv('ALFA', at(1))).toBe(0.21);
    expect(data.atmIv('ALFA', at(2))).toBe(0.22);
    expect(data.atmIv('ALFA', at(90))).toBe(0.22);
    expect(data.atmIv('BRVO', at(1))).toBe(0.4);
    expect(data.atmIv('BRVO', at(2))).toBe(0.42);
    expect(data.atmIv('CHRL', at(2))).toBeUndefined();
  });

  it("carries a ticker's last bar into windows it is absent from, until its next bar closes", () => {
    const data = new ReplayMarketData(market);
    data.setWindow(w1);
    data.advanceTo(at(3));
    data.setWindow(windowOf('2025-06-02', { ALFA: [[at(3), 13, 0.23], [at(4), 14, 0.24]] }));
    data.advanceTo(at(5));
    expect([data.spot('ALFA'), data.spot('BRVO')]).toEqual([14, 52]);
    expect(data.atmIv('BRVO', at(4))).toBe(0.42);
    // Two windows on, still carried.
    data.setWindow(windowOf('2025-06-02', { ALFA: [[at(6), 16, 0.26]], CHRL: [[at(7), 70, 0.5]] }));
    data.advanceTo(at(6));
    expect([data.spot('ALFA'), data.spot('BRVO'), data.spot('CHRL')]).toEqual([14, 52, undefined]);
    data.advanceTo(at(8));
    expect([data.spot('ALFA'), data.spot('BRVO'), data.spot('CHRL')]).toEqual([16, 52, 70]);
    expect(data.chain('BRVO', at(8))).toEqual(chainAt(params('BRVO'), 52, 0.42, at(8)));
    // BRVO back: the carried bar until the new one closes, then the new one.
    data.setWindow(windowOf('2025-06-02', { BRVO: [[at(10), 60, 0.6]] }));
    data.advanceTo(at(11) - 1);
    expect([data.spot('ALFA'), data.spot('BRVO'), data.spot('CHRL')]).toEqual([16, 52, 70]);
    expect(data.atmIv('BRVO', at(10) - 1)).toBe(0.42);
    expect(data.atmIv('BRVO', at(10))).toBe(0.6);
    data.advanceTo(at(11));
    expect(data.spot('BRVO')).toBe(60);
  });

  it('shows the carried bar for a ticker whose first bar in the new window has not closed', () => {
    const data = new ReplayMarketData(market);
    data.setWindow(w1);
    data.setWindow(windowOf('2025-06-02', { ALFA: [[at(3), 13, 0.23]] }));
    data.advanceTo(at(4) - 1);
    expect(data.spot('ALFA')).toBe(12);
    expect(data.atmIv('ALFA', at(3) - 1)).toBe(0.22);
    data.advanceTo(at(4));
    expect(data.spot('ALFA')).toBe(13);
  });

  it('gives the rates of the ticker', () => {
    const data = new ReplayMarketData(market);
    expect(data.rates('ALFA')).toEqual({ rate: 0.04, dividendYield: 0.01 });
    expect(data.rates('BRVO')).toEqual({ rate: 0.05, dividendYield: 0 });
  });
});

describe('ReplayMarketData quotes', () => {
  const friday = nyWallTimeMs('2025-06-13', 15 * 60 + 58); // 15:58 New York, expiry day
  const monday = nyWallTimeMs('2025-06-16', 9 * 60 + 30);
  const expiring = makeContract({ underlying: 'ALFA', expiry: '2025-06-13', right: 'call', strike: 80 }).symbol;
  const later = makeContract({ underlying: 'ALFA', expiry: '2025-06-20', right: 'put', strike: 80 }).symbol;
  const contract = (symbol: string) => ({ underlying: 'ALFA', expiry: symbol === expiring ? '2025-06-13' : '2025-06-20', right: symbol === expiring ? ('call' as const) : ('put' as const), strike: 80 });

  it('quotes a contract only once its underlying has a closed bar', () => {
    const data = new ReplayMarketData(market);
    data.setWindow(windowOf('2025-06-13', { ALFA: [[friday, 81, 0.3], [friday + MIN, 82, 0.31]] }));
    expect(data.quote(expiring, friday + MIN - 1)).toBeUndefined();
    const q = data.quote(expiring, friday + MIN);
    expect(q).toBeDefined();
    expect(q).toEqual(quoteAt(makeContract(contract(expiring)), params('ALFA'), 81, 0.3, friday + MIN));
    // A minute before the close of expiry the 80 call is worth its intrinsic value at the bar's spot
    // (a standard deviation of spot: 0.3 × √(1 / 525 600 min a year) × 81 ≈ $0.034, the strike 30 away).
    expect(q?.bid).toBeLessThanOrEqual(81 - 80);
    expect(q?.ask).toBeGreaterThanOrEqual(81 - 80);
    // Priced at the time asked: the next minute's bar, not a cached quote.
    const next = data.quote(expiring, friday + 2 * MIN);
    expect(next).toEqual(quoteAt(makeContract(contract(expiring)), params('ALFA'), 82, 0.31, friday + 2 * MIN));
    expect(next?.bid).toBeLessThanOrEqual(82 - 80);
    expect(next?.ask).toBeGreaterThanOrEqual(82 - 80);
    expect(next?.bid).toBeGreaterThan(81 - 80);
    expect(data.quote(later, friday + MIN)).toEqual(quoteAt(makeContract(contract(later)), params('ALFA'), 81, 0.3, friday + MIN));
  });

  it('stops quoting a contract after its expiry day, and keeps quoting later expiries', () => {
    const data = new ReplayMarketData(market);
    data.setWindow(windowOf('2025-06-13', { ALFA: [[friday, 81, 0.3], [friday + MIN, 82, 0.31]] }));
    const endOfExpiry = Date.UTC(2025, 5, 14); // 00:00 UTC after expiry day: 20:00 New York on the 13th
    expect(data.quote(expiring, endOfExpiry - 1)).toEqual(quoteAt(makeContract(contract(expiring)), params('ALFA'), 82, 0.31, endOfExpiry - 1));
    expect(data.quote(expiring, endOfExpiry)).toBeUndefined();
    data.setWindow(windowOf('2025-06-16', { ALFA: [[monday, 84, 0.33]] }));
    // Before Monday's first bar closes: the carried Friday bar prices the live contract, the expired one has no quote.
    expect(data.quote(expiring, monday)).toBeUndefined();
    expect(data.quote(later, monday)).toEqual(quoteAt(makeContract(contract(later)), params('ALFA'), 82, 0.31, monday));
    expect(data.quote(expiring, monday + MIN)).toBeUndefined();
    expect(data.quote(later, monday + MIN)).toEqual(quoteAt(makeContract(contract(later)), params('ALFA'), 84, 0.33, monday + MIN));
  });

  it('quotes what the chain lists at the same instant', () => {
    const data = new ReplayMarketData(market);
    data.setWindow(windowOf('2025-06-13', { ALFA: [[friday - 60 * MIN, 81.4, 0.3]] }));
    const now = friday - 59 * MIN;
    const chain = data.chain('ALFA', now);
    expect(chain.length).toBeGreaterThan(100);
    for (const e of chain.filter((_, i) => i % 17 === 0)) expect(data.quote(e.contract.symbol, now)).toEqual(e.quote);
  });
});

/** Random bars: per ticker, a set of minutes out of the first 90 of the session. */
const marketBars = fc.tuple(...SYMBOLS.map(() => fc.uniqueArray(fc.integer({ min: 0, max: 89 }), { maxLength: 40 }))).map((perTicker) =>
  Object.fromEntries(
    SYMBOLS.map((symbol, k) => [symbol, [...(perTicker[k] ?? [])].sort((a, b) => a - b).map((m): Row => [at(m), 10 * (k + 1) + m / 100, 0.1 + k / 10 + m / 1000])]),
  ),
);

/** Cut like the loader: from the earliest bar not yet taken, every bar opened within `minutes`. */
function cut(bars: Record<string, readonly Row[]>, minutes: number): MarketWindow[] {
  const out: MarketWindow[] = [];
  let from = Number.NEGATIVE_INFINITY;
  for (;;) {
    const rest = Object.values(bars).flatMap((rs) => rs.filter((r) => r[0] >= from));
    if (rest.length === 0) return out;
    const first = Math.min(...rest.map((r) => r[0]));
    const end = first + minutes * MIN;
    out.push(windowOf('2025-06-02', Object.fromEntries(Object.entries(bars).map(([s, rs]) => [s, rs.filter((r) => r[0] >= first && r[0] < end)]))));
    from = end;
  }
}

describe('ReplayMarketData against a reference', () => {
  it('shows, for any bars and window size, the latest bar closed by now and the IV of the latest opened by asOf', () => {
    fc.assert(
      fc.property(marketBars, fc.integer({ min: 1, max: 45 }), (bars, minutes) => {
        const latest = (symbol: string, ts: number): Row | undefined => (bars[symbol] ?? []).filter((r) => r[0] <= ts).at(-1);
        const data = new ReplayMarketData(market);
        for (const w of cut(bars, minutes)) {
          data.setWindow(w);
          // The runner's clock: each bar minute of the window once it has closed, and just before.
          for (const ts of w.times) {
            for (const now of [ts + MIN - 1, ts + MIN]) {
              data.advanceTo(now);
              for (const symbol of SYMBOLS) {
                expect(data.spot(symbol), `${symbol} at ${(now - T0) / MIN}`).toBe(latest(symbol, now - MIN)?.[1]);
                expect(data.atmIv(symbol, ts), `${symbol} iv as of ${(ts - T0) / MIN}`).toBe(latest(symbol, ts)?.[2]);
                expect(data.atmIv(symbol, ts - 1)).toBe(latest(symbol, ts - 1)?.[2]);
              }
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
