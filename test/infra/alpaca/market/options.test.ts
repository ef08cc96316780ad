import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blackScholes } from '../../../../src/domain/pricing/black-scholes.js';
import { pricingYears } from '../../../../src/domain/selection/fill-greeks.js';
import { makeContract, type OptionRight } from '../../../../src/domain/values/contract.js';
import { makeQuote } from '../../../../src/domain/values/quote.js';
import { AlpacaOptionsMarketData, OptionDataUnavailableError } from '../../../../src/infra/alpaca/market/options.js';
import type { WireOptionContract, WireOptionSnapshot, WireStockBar } from '../../../../src/infra/alpaca/market/options-wire.js';
import { RequestLimiter } from '../../../../src/infra/alpaca/market/request-limiter.js';
import { marketRoutes, wireContract, type MarketRestSource } from '../../../../src/infra/alpaca-standin/market-rest.js';
import { eventually } from '../../../helpers/eventually.js';

// Tuesday 10 March 2026, 11:00 New York (EDT): in session. 20 March is 10 days out.
const NOW = Date.parse('2026-03-10T15:00:00Z');
const QUOTE_T = '2026-03-10T14:59:58Z';
const EXPIRY = '2026-03-20';
const SPOT = 500;
const RATE = 0.04;
const YEARS = pricingYears(EXPIRY, NOW) as number;

const round2 = (x: number) => Math.round(x * 100) / 100;
const contract = (right: OptionRight, strike: number, expiry = EXPIRY) => makeContract({ underlying: 'SPY', expiry, right, strike });
const modelPrice = (right: OptionRight, strike: number, vol: number) => blackScholes({ right, spot: SPOT, strike, years: YEARS, vol, rate: RATE, dividendYield: 0 });

function snapshot(bid: number, ask: number, extra: Partial<WireOptionSnapshot> = {}): WireOptionSnapshot {
  return { latestQuote: { ap: ask, as: 5, ax: 'C', bp: bid, bs: 7, bx: 'C', c: ' ', t: QUOTE_T }, ...extra };
}
const todayBar = (v: number): WireOptionSnapshot['dailyBar'] => ({ o: 1, h: 1, l: 1, c: 1, v, n: 3, vw: 1, t: '2026-03-10T04:00:00Z' });

// The chain served: see each contract's comment.
const C500 = contract('call', 500);
const P500 = contract('put', 500);
const C505 = contract('call', 505);
const C510 = contract('call', 510);
const C450 = contract('call', 450);
const P495 = contract('put', 495);
const C520 = contract('call', 520);

const c500 = modelPrice('call', 500, 0.2);
const p500 = modelPrice('put', 500, 0.22);
const c505 = modelPrice('call', 505, 0.21);
const GIVEN_GREEKS = { delta: 0.53, gamma: 0.021, theta: -0.31, vega: 0.25, rho: 0.07 };

function chainSnapshots(): Record<string, WireOptionSnapshot> {
  return {
    // Alpaca's greeks and IV: taken as given.
    [C500.symbol]: snapshot(round2(c500.price - 0.05), round2(c500.price + 0.05), { greeks: GIVEN_GREEKS, impliedVolatility: 0.2, dailyBar: todayBar(1234) }),
    // No greeks, no IV: both computed from the mid. Its daily bar is yesterday's: no volume today.
    [P500.symbol]: snapshot(round2(p500.price - 0.05), round2(p500.price + 0.05), { dailyBar: { ...(todayBar(99) as NonNullable<WireOptionSnapshot['dailyBar']>), t: '2026-03-09T04:00:00Z' } }),
    // IV given, greeks partial (no gamma): greeks computed from the given IV.
    [C505.symbol]: snapshot(round2(c505.price - 0.05), round2(c505.price + 0.05), { impliedVolatility: 0.21, greeks: { delta: 0.4, theta: -0.2, vega: 0.2 }, dailyBar: todayBar(40) }),
    // Multiplier 10 (adjusted contract): refused.
    [C510.symbol]: snapshot(2, 2.1, { greeks: GIVEN_GREEKS, impliedVolatility: 0.2 }),
    // No greeks and a mid below intrinsic (50): no IV solves it, so skipped, never zero greeks.
    [C450.symbol]: snapshot(40, 40.2),
    // Crossed quote: refused.
    [P495.symbol]: snapshot(3, 2.9, { greeks: GIVEN_GREEKS, impliedVolatility: 0.2 }),
    // Not listed by the trading API: no open interest.
    [C520.symbol]: snapshot(0.5, 0.55, { greeks: GIVEN_GREEKS, impliedVolatility: 0.2 }),
  };
}

function chainContracts(): WireOptionContract[] {
  return [
    wireContract(C500, 2500, '2026-03-09'),
    wireContract(P500, 1800, '2026-03-09'),
    wireContract(C505, 900, '2026-03-09'),
    wireContract(C510, 700, '2026-03-09', 10),
    wireContract(C450, 50, '2026-03-09'),
    wireContract(P495, 300, '2026-03-09'),
  ];
}

interface Hit {
  readonly path: string;
  readonly query: URLSearchParams;
}

let server: Server;
let base: string;
let hits: Hit[];
let snapshots: Record<string, WireOptionSnapshot>;

const source: MarketRestSource = {
  optionSnapshots: (u) => (u === 'SPY' ? snapshots : {}),
  optionContracts: (u) => (u === 'SPY' ? chainContracts() : []),
  stockBars: (): WireStockBar[] => [],
};

beforeEach(async () => {
  hits = [];
  snapshots = chainSnapshots();
  const routes = marketRoutes(source);
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    hits.push({ path: url.pathname, query: url.searchParams });
    routes(req, res, url).then(
      (handled) => {
        if (!handled) {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: 'not found' }));
        }
      },
      () => {
        res.writeHead(500);
        res.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
});

function client(extra: Partial<ConstructorParameters<typeof AlpacaOptionsMarketData>[0]> = {}): AlpacaOptionsMarketData {
  return new AlpacaOptionsMarketData({
    keyId: 'test-key',
    secret: 'test-secret',
    dataUrl: base,
    tradingUrl: base,
    streamQuotes: false,
    spot: () => SPOT,
    getRetries: 0,
    ...extra,
  });
}

const snapshotHits = () => hits.filter((h) => h.path === '/v1beta1/options/snapshots/SPY');
const contractHits = () => hits.filter((h) => h.path === '/v2/options/contracts');

describe('AlpacaOptionsMarketData over the real SDK and the stand-in routes', () => {
  it('builds the chain as domain ChainEntry values, computing missing greeks and skipping with counted reasons', async () => {
    const md = client();
    const chain = await md.chain('SPY', NOW);

    // C500: Alpaca's greeks and IV as given.
    const q = snapshots[C500.symbol]?.latestQuote as NonNullable<WireOptionSnapshot['latestQuote']>;
    const expectedC500 = {
      contract: C500,
      quote: makeQuote({ symbol: C500.symbol, ts: Date.parse(QUOTE_T), bid: q.bp, ask: q.ap, volume: 1234, openInterest: 2500, iv: 0.2, greeks: GIVEN_GREEKS }),
    };
    expect(chain.map((e) => e.contract.symbol)).toEqual([C500.symbol, P500.symbol, C505.symbol]);
    expect(chain[0]).toEqual(expectedC500);

    // P500: IV solved from the mid; checked independently: it reprices the mid, and the greeks are Black-Scholes at it.
    const p = chain[1] as (typeof chain)[number];
    const pMid = (p.quote.bid + p.quote.ask) / 2;
    const pIv = p.quote.iv as number;
    const repriced = blackScholes({ right: 'put', spot: SPOT, strike: 500, years: YEARS, vol: pIv, rate: RATE, dividendYield: 0 });
    expect(Math.abs(repriced.price - pMid)).toBeLessThan(1e-6);
    expect(pIv).toBeGreaterThan(0.15);
    expect(pIv).toBeLessThan(0.3);
    expect(p.quote.greeks).toEqual({ delta: repriced.delta, gamma: repriced.gamma, theta: repriced.theta, vega: repriced.vega, rho: repriced.rho });
    expect(p.quote.greeks?.delta).toBeLessThan(0);
    expect(p.quote.greeks?.gamma).toBeGreaterThan(0);
    expect(p.quote.volume).toBe(0); // yesterday's daily bar
    expect(p.quote.openInterest).toBe(1800);
    expect(p.contract).toEqual(P500);

    // C505: partial greeks are missing greeks: all recomputed from Alpaca's IV (0.21), none taken as 0.
    const c = chain[2] as (typeof chain)[number];
    const at21 = blackScholes({ right: 'call', spot: SPOT, strike: 505, years: YEARS, vol: 0.21, rate: RATE, dividendYield: 0 });
    expect(c.quote.iv).toBe(0.21);
    expect(c.quote.greeks).toEqual({ delta: at21.delta, gamma: at21.gamma, theta: at21.theta, vega: at21.vega, rho: at21.rho });
    expect(c.quote.volume).toBe(40);

    // The skipped, each with its reason, and counted.
    expect([...md.lastSkipped].sort((a, b) => (a.symbol < b.symbol ? -1 : 1)).map((s) => [s.symbol, s.reason])).toEqual(
      [
        [C450.symbol, 'NO_IV_SOLUTION'],
        [C510.symbol, 'NON_STANDARD_MULTIPLIER'],
        [C520.symbol, 'NO_CONTRACT'],
        [P495.symbol, 'BAD_QUOTE'],
      ].sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1)),
    );
    expect(md.lastSkipped.find((s) => s.symbol === C510.symbol)?.detail).toBe('multiplier 10, size 10');
    expect(md.stats.skippedBy).toMatchObject({ NO_IV_SOLUTION: 1, NON_STANDARD_MULTIPLIER: 1, NO_CONTRACT: 1, BAD_QUOTE: 1 });
    expect(md.stats.skipped).toBe(4);
    expect(md.stats.computedGreeks).toBe(2);
    expect(chain.every((e) => e.quote.greeks !== undefined && Object.values(e.quote.greeks).every((g) => Number.isFinite(g) && g !== 0))).toBe(true);

    // The contracts request asked as the adapter means it to.
    const cq = contractHits()[0]?.query as URLSearchParams;
    expect(cq.get('underlying_symbols')).toBe('SPY');
    expect(cq.get('status')).toBe('active');
    expect(cq.get('show_deliverables')).toBe('true');
    expect(cq.get('expiration_date_lte')).toBe('2026-05-09');
  });

  it('skips contracts missing greeks when no underlying price is known (NO_SPOT), never zero greeks', async () => {
    const md = client({ spot: () => undefined });
    const chain = await md.chain('SPY', NOW);
    expect(chain.map((e) => e.contract.symbol)).toEqual([C500.symbol]);
    expect(md.stats.skippedBy.NO_SPOT).toBe(3);
  });

  it('sends the chain filter as Alpaca query parameters and keeps only what is inside it', async () => {
    const md = client();
    const chain = await md.chain('SPY', NOW, { right: 'call', expiryFrom: '2026-03-13', expiryTo: '2026-03-27', strikeMin: 498, strikeMax: 506 });
    expect(chain.map((e) => e.contract.symbol)).toEqual([C500.symbol, C505.symbol]);
    const sq = snapshotHits()[0]?.query as URLSearchParams;
    expect(Object.fromEntries(sq)).toMatchObject({
      feed: 'indicative',
      type: 'call',
      strike_price_gte: '498',
      strike_price_lte: '506',
      expiration_date_gte: '2026-03-13',
      expiration_date_lte: '2026-03-27',
    });
  });

  it('follows every page of snapshots', async () => {
    const md = client({ snapshotPageLimit: 2 });
    const chain = await md.chain('SPY', NOW);
    expect(chain).toHaveLength(3);
    expect(snapshotHits()).toHaveLength(4); // 7 snapshots, 2 a page
    expect(md.stats.snapshotPages).toBe(4);
  });

  it('caches open interest for the New York day: one contracts request for two chains the same day, another the next day', async () => {
    const md = client();
    await md.chain('SPY', NOW);
    await md.chain('SPY', NOW + 60 * 60_000);
    expect(snapshotHits()).toHaveLength(2);
    expect(contractHits()).toHaveLength(1);
    // 23:30 New York is still the same date (03:30 UTC the next day).
    await md.chain('SPY', Date.parse('2026-03-11T03:30:00Z'));
    expect(contractHits()).toHaveLength(1);
    await md.chain('SPY', NOW + 86_400_000);
    expect(contractHits()).toHaveLength(2);
    expect(contractHits()[1]?.query.get('expiration_date_gte')).toBe('2026-03-11');
    expect(md.stats.contractsFetches).toBe(2);
  });

  it('asks for the contracts once when chains of the same day overlap', async () => {
    const md = client();
    await Promise.all([md.chain('SPY', NOW), md.chain('SPY', NOW + 1)]);
    expect(contractHits()).toHaveLength(1);
  });

  it('remembers the ATM IV per day: nearest expiry ≥ 7 DTE, strike nearest the money (call and put averaged)', async () => {
    const md = client();
    const chain = await md.chain('SPY', NOW);
    const putIv = chain[1]?.quote.iv as number;
    expect(md.atmIv('SPY', NOW)).toBeCloseTo((0.2 + putIv) / 2, 12);
    expect(md.atmIv('SPY', NOW + 60 * 60_000)).toBeCloseTo((0.2 + putIv) / 2, 12); // the day's value, all day
    expect(md.stats.chainCalls).toBe(1); // known today: nothing more fetched
  });

  it('today’s ATM IV only: unknown on a day no chain was read, then read in the background (calls within 3 % of the spot, 7 to 45 days out), once a day', async () => {
    const md = client();
    expect(md.atmIv('SPY', NOW)).toBeUndefined(); // yesterday's value would not be today's observation
    await eventually(() => expect(md.atmIv('SPY', NOW)).toBeCloseTo(0.2, 12)); // the 500 call's IV: the strike nearest the spot
    expect(snapshotHits()).toHaveLength(1);
    expect(Object.fromEntries(snapshotHits()[0]?.query ?? [])).toMatchObject({ type: 'call', strike_price_gte: '485', strike_price_lte: '515', expiration_date_gte: '2026-03-17', expiration_date_lte: '2026-04-24' });
    md.atmIv('SPY', NOW + 60_000);
    expect(md.stats).toMatchObject({ atmIvReads: 1, chainCalls: 0 });
    expect(md.atmIv('SPY', NOW + 86_400_000)).toBeUndefined(); // the next day: unknown until read again
  });

  it('serves the latest quote of a held contract: the chain quote, then stream quotes laid over it', async () => {
    const md = client();
    expect(md.quote(C500.symbol, NOW)).toBeUndefined();
    await md.chain('SPY', NOW);
    const fromChain = md.quote(C500.symbol, NOW);
    expect(fromChain?.greeks).toEqual(GIVEN_GREEKS);
    md.takeStreamQuote({ symbol: C500.symbol, bidPrice: 9.1, askPrice: 9.2, timestamp: new Date(NOW + 30_000) });
    const live = md.quote(C500.symbol, NOW + 31_000);
    expect(live).toEqual(makeQuote({ symbol: C500.symbol, ts: NOW + 30_000, bid: 9.1, ask: 9.2, volume: 1234, openInterest: 2500 }));
    // An older stream quote does not replace a newer one; a crossed one is refused and counted.
    md.takeStreamQuote({ symbol: C500.symbol, bidPrice: 8, askPrice: 8.1, timestamp: new Date(NOW + 10_000) });
    md.takeStreamQuote({ symbol: C500.symbol, bidPrice: 9.5, askPrice: 9.4, timestamp: new Date(NOW + 40_000) });
    expect(md.quote(C500.symbol, NOW + 41_000)?.bid).toBe(9.1);
    expect(md.stats.streamQuotesRefused).toBe(1);
  });

  it('forgets the chain quotes of contracts expired before the day of a chain read (a live process reads new contracts every day)', async () => {
    const md = client();
    await md.chain('SPY', NOW);
    snapshots = {}; // later reads list nothing: what is quoted is what was remembered
    const expiryDay = Date.parse(`${EXPIRY}T15:00:00Z`);
    await md.chain('SPY', expiryDay);
    expect(md.quote(C500.symbol, expiryDay)?.ts).toBe(Date.parse(QUOTE_T)); // it expires that day: still quoted
    const monday = Date.parse('2026-03-23T14:00:00Z');
    expect(md.quote(C500.symbol, monday)).toBeDefined(); // no chain read yet that day
    await md.chain('SPY', monday);
    expect(md.quote(C500.symbol, monday)).toBeUndefined();
    expect(md.quote(P500.symbol, monday)).toBeUndefined();
  });

  it('a held contract no chain read has listed since start (a restart) is quoted from the stream alone: volume and open interest unknown (0)', () => {
    const md = client();
    expect(md.quote(C500.symbol, NOW)).toBeUndefined(); // asked for: subscribed, nothing known yet
    md.takeStreamQuote({ symbol: C500.symbol, bidPrice: 9.1, askPrice: 9.2, timestamp: new Date(NOW + 30_000) });
    expect(md.quote(C500.symbol, NOW + 31_000)).toEqual(makeQuote({ symbol: C500.symbol, ts: NOW + 30_000, bid: 9.1, ask: 9.2, volume: 0, openInterest: 0 }));
  });

  it('rates: configured, defaulting to the simulated market’s', () => {
    expect(client().rates('SPY')).toEqual({ rate: 0.04, dividendYield: 0 });
    expect(client({ rate: 0.05, dividendYield: { SPY: 0.013 } }).rates('SPY')).toEqual({ rate: 0.05, dividendYield: 0.013 });
  });

  it('a failed request is an OptionDataUnavailableError, not an empty chain', async () => {
    const md = client({ dataUrl: `${base}/nowhere` });
    await expect(md.chain('SPY', NOW)).rejects.toBeInstanceOf(OptionDataUnavailableError);
  });

  it('spaces a burst through the one shared limiter (counts and order, on a fake clock)', async () => {
    let t = 1_000_000;
    const sleeps: number[] = [];
    const limiter = new RequestLimiter({
      maxRequests: 2,
      intervalMs: 60_000,
      now: () => t,
      sleep: async (ms) => {
        sleeps.push(ms);
        t += ms;
      },
    });
    const sent: { t: number; path: string }[] = [];
    const recording: typeof fetch = (input, init) => {
      sent.push({ t: t - 1_000_000, path: new URL(input instanceof Request ? input.url : String(input)).pathname });
      return fetch(input, init);
    };
    const md = client({ limiter, fetch: recording });
    // Two chains (two snapshot calls + one contracts call), then three more chains of the same day.
    const chains = await Promise.all([0, 1, 2, 3, 4].map((i) => md.chain('SPY', NOW + i)));
    expect(chains.every((c) => c.length === 3)).toBe(true);
    expect(sent).toHaveLength(6);
    expect(sent.map((s) => s.t)).toEqual([0, 0, 60_000, 60_000, 120_000, 120_000]);
    expect(sent.filter((s) => s.path === '/v2/options/contracts')).toHaveLength(1);
    expect(limiter.stats).toEqual({ granted: 6, delayed: 4, aborted: 0 });
    expect(sleeps).toEqual([60_000, 60_000]);
    // The server saw exactly what the limiter let through.
    expect(hits).toHaveLength(6);
  });

  it('a request whose timeout fires while it waits for a slot leaves the queue (the next one keeps its turn)', async () => {
    let t = 0;
    // A wait with a signal lasts until it aborts; one without passes the time at once.
    const sleep = (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
        if (signal === undefined) {
          t += ms;
          resolve();
        }
      });
    const limiter = new RequestLimiter({ maxRequests: 1, intervalMs: 60_000, now: () => t, sleep });
    expect(await limiter.acquire()).toBe(0);
    const timeout = new AbortController();
    const waiting = limiter.acquire(timeout.signal);
    const next = limiter.acquire();
    timeout.abort(new Error('timed out'));
    await expect(waiting).rejects.toThrow('timed out');
    expect(await next).toBe(60_000);
    expect(limiter.stats).toEqual({ granted: 2, delayed: 1, aborted: 1 });
  });
});
