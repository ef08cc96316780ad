import type { IncomingMessage, ServerResponse } from 'node:http';
import { nyDate, nyWallTimeMs } from '../../domain/calendar/index.js';
import type { Bar } from '../../domain/values/bar.js';
import { parseOcc, type OptionContract } from '../../domain/values/contract.js';
import type { ChainEntry } from '../../domain/selection/types.js';
import type { WireOptionContract, WireOptionQuote, WireOptionSnapshot, WireStockBar } from '../alpaca/market/options-wire.js';
import { rfc3339 } from '../alpaca/market/wire.js';
import type { StandinRoutes } from './route.js';

/**
 * The stand-in's market-data and option-contract REST endpoints, in Alpaca's JSON shapes (read from
 * @alpacahq/alpaca-trade-api 4.0.2: src/market-data/apis/OptionApi.ts optionChainRaw, StockApi.ts
 * stockBarsRaw / stockBarSingleRaw, src/trading/apis/AssetsApi.ts getOptionsContractsRaw, and their models):
 *
 *   GET /v1beta1/options/snapshots/{underlying}?feed&limit(≤1000, default 100)&page_token&type&
 *       strike_price_gte&strike_price_lte&expiration_date&expiration_date_gte&expiration_date_lte&root_symbol
 *       → { snapshots: { <OCC>: { latestQuote, latestTrade?, dailyBar?, greeks?, impliedVolatility? } }, next_page_token }
 *   GET /v2/options/contracts?underlying_symbols=A,B&status&show_deliverables&expiration_date(_gte|_lte)&type&
 *       strike_price_gte&strike_price_lte&root_symbol&limit(≤10000, default 100)&page_token
 *       → { option_contracts: [ … ], next_page_token }   (deliverables only with show_deliverables=true)
 *   GET /v2/stocks/bars?symbols=A,B&timeframe=1Min&start&end&limit(≤10000, default 1000)&page_token&sort
 *       → { bars: { A: [ {t,o,h,l,c,v,n,vw} ] }, next_page_token }
 *   GET /v2/stocks/{symbol}/bars?… → { bars: [ … ], symbol, next_page_token }
 *
 * Page tokens are opaque (an offset, base64). A bad query answers 422 `{ code: 42210000, message }`.
 * Authentication is the mounting server's (it checks the APCA-API-* headers before the routes).
 * What is served comes from a MarketRestSource: wire shapes as they are, so a test can leave greeks
 * out of a snapshot or give a contract multiplier "10"; chainModelSource adapts the simulated market.
 */
export interface MarketRestSource {
  /** Every option snapshot of an underlying now, keyed by OCC symbol (an unknown underlying: {}). */
  optionSnapshots(underlying: string): Readonly<Record<string, WireOptionSnapshot>> | Promise<Readonly<Record<string, WireOptionSnapshot>>>;
  /** Every listed contract of an underlying (any status: the route filters). */
  optionContracts(underlying: string): readonly WireOptionContract[] | Promise<readonly WireOptionContract[]>;
  /** A symbol's bars opened in [from, to) (ms), oldest first, of the timeframe (e.g. '1Min'). */
  stockBars(symbol: string, from: number, to: number, timeframe: string): readonly WireStockBar[] | Promise<readonly WireStockBar[]>;
  /** The stand-in's time (for Alpaca's default contract expiry bound: the next weekend); default: none applied. */
  now?(): number;
}

class BadRequest extends Error {}

/** An edit of a snapshots page before it goes out (the stand-in's faults: corrupt quotes). */
export type SnapshotsEdit = (snapshots: Record<string, WireOptionSnapshot>) => Record<string, WireOptionSnapshot>;

const SNAPSHOTS = /^\/v1beta1\/options\/snapshots\/([^/]+)$/;
const SINGLE_BARS = /^\/v2\/stocks\/([^/]+)\/bars$/;

/** Market-data REST over `source`; each snapshots page goes out through `editSnapshots` when given (the stand-in's faults). */
export function marketRoutes(source: MarketRestSource, editSnapshots?: SnapshotsEdit): StandinRoutes {
  return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (req.method !== 'GET') return false;
    const path = url.pathname;
    try {
      const snap = SNAPSHOTS.exec(path);
      if (snap) {
        const p = await snapshotsPage(source, decodeURIComponent(snap[1] as string), url.searchParams);
        return send(res, 200, editSnapshots === undefined ? p : { ...p, snapshots: editSnapshots(p.snapshots) });
      }
      if (path === '/v2/options/contracts') return send(res, 200, await contractsPage(source, url.searchParams));
      if (path === '/v2/stocks/bars') return send(res, 200, await barsPage(source, url.searchParams));
      const single = SINGLE_BARS.exec(path);
      if (single && single[1] !== 'bars') {
        const symbol = decodeURIComponent(single[1] as string);
        const page = await barsPage(source, withSymbols(url.searchParams, symbol));
        return send(res, 200, { bars: page.bars[symbol] ?? [], symbol, next_page_token: page.next_page_token });
      }
      return false;
    } catch (e) {
      if (e instanceof BadRequest) return send(res, 422, { code: 42210000, message: e.message });
      throw e;
    }
  };
}

function send(res: ServerResponse, status: number, body: unknown): true {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
  return true;
}

function withSymbols(q: URLSearchParams, symbol: string): URLSearchParams {
  const copy = new URLSearchParams(q);
  copy.set('symbols', symbol);
  return copy;
}

function limitOf(q: URLSearchParams, fallback: number, max: number): number {
  const raw = q.get('limit');
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new BadRequest(`invalid limit: must be between 1 and ${max}`);
  return n;
}

function numberOf(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new BadRequest(`invalid ${name}`);
  return n;
}

function dateOf(q: URLSearchParams, name: string): string | undefined {
  const raw = q.get(name);
  if (raw === null) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) throw new BadRequest(`invalid ${name}: expected YYYY-MM-DD`);
  return raw;
}

function offsetOf(q: URLSearchParams): number {
  const raw = q.get('page_token');
  if (raw === null || raw === '') return 0;
  const n = Number(Buffer.from(raw, 'base64').toString('utf8'));
  if (!Number.isInteger(n) || n < 0) throw new BadRequest('invalid page_token');
  return n;
}

function page<T>(items: readonly T[], offset: number, limit: number): { items: T[]; next: string | null } {
  const end = offset + limit;
  return { items: items.slice(offset, end), next: end < items.length ? Buffer.from(String(end), 'utf8').toString('base64') : null };
}

interface ContractFilter {
  readonly type?: string;
  readonly strikeGte?: number;
  readonly strikeLte?: number;
  readonly expiry?: string;
  readonly expiryGte?: string;
  readonly expiryLte?: string;
  readonly root?: string;
}

function contractFilterOf(q: URLSearchParams): ContractFilter {
  const type = q.get('type');
  if (type !== null && type !== 'call' && type !== 'put') throw new BadRequest('invalid type: expected call or put');
  const f: Record<string, string | number> = {};
  const set = (k: keyof ContractFilter, v: string | number | undefined | null) => {
    if (v !== undefined && v !== null) f[k] = v;
  };
  set('type', type);
  set('strikeGte', numberOf(q, 'strike_price_gte'));
  set('strikeLte', numberOf(q, 'strike_price_lte'));
  set('expiry', dateOf(q, 'expiration_date'));
  set('expiryGte', dateOf(q, 'expiration_date_gte'));
  set('expiryLte', dateOf(q, 'expiration_date_lte'));
  set('root', q.get('root_symbol'));
  return f as ContractFilter;
}

function matches(c: { type: string; strike: number; expiry: string; root: string }, f: ContractFilter): boolean {
  return (
    (f.type === undefined || c.type === f.type) &&
    (f.strikeGte === undefined || c.strike >= f.strikeGte) &&
    (f.strikeLte === undefined || c.strike <= f.strikeLte) &&
    (f.expiry === undefined || c.expiry === f.expiry) &&
    (f.expiryGte === undefined || c.expiry >= f.expiryGte) &&
    (f.expiryLte === undefined || c.expiry <= f.expiryLte) &&
    (f.root === undefined || c.root === f.root)
  );
}

function occFacts(symbol: string): { type: string; strike: number; expiry: string; root: string } | undefined {
  try {
    const c = parseOcc(symbol);
    return { type: c.right, strike: c.strike, expiry: c.expiry, root: c.underlying };
  } catch {
    return undefined;
  }
}

async function snapshotsPage(source: MarketRestSource, underlying: string, q: URLSearchParams): Promise<{ snapshots: Record<string, WireOptionSnapshot>; next_page_token: string | null }> {
  const feed = q.get('feed');
  if (feed !== null && feed !== 'indicative' && feed !== 'opra') throw new BadRequest('invalid feed');
  const limit = limitOf(q, 100, 1000);
  const filter = contractFilterOf(q);
  const all = await source.optionSnapshots(underlying);
  const symbols = Object.keys(all)
    .filter((s) => {
      const f = occFacts(s);
      return f === undefined ? Object.keys(filter).length === 0 : matches(f, filter);
    })
    .sort();
  const p = page(symbols, offsetOf(q), limit);
  return { snapshots: Object.fromEntries(p.items.map((s) => [s, all[s] as WireOptionSnapshot])), next_page_token: p.next };
}

/** Alpaca: without any expiration filter, contracts expiring up to the next weekend. */
function nextWeekend(now: number): string {
  const today = nyDate(now);
  const day = new Date(`${today}T00:00:00Z`).getUTCDay();
  const toSunday = (7 - day) % 7;
  return new Date(Date.parse(`${today}T00:00:00Z`) + toSunday * 86_400_000).toISOString().slice(0, 10);
}

async function contractsPage(source: MarketRestSource, q: URLSearchParams): Promise<{ option_contracts: WireOptionContract[]; next_page_token: string | null }> {
  const underlyings = (q.get('underlying_symbols') ?? '').split(',').filter((s) => s !== '');
  const status = q.get('status') ?? 'active';
  if (status !== 'active' && status !== 'inactive') throw new BadRequest('invalid status');
  const limit = limitOf(q, 100, 10_000);
  let filter = contractFilterOf(q);
  if (filter.expiry === undefined && filter.expiryGte === undefined && filter.expiryLte === undefined && source.now !== undefined) {
    filter = { ...filter, expiryLte: nextWeekend(source.now()) };
  }
  const showDeliverables = q.get('show_deliverables') === 'true';
  const lists = await Promise.all(underlyings.map((u) => source.optionContracts(u)));
  const all = lists
    .flat()
    .filter(
      (c) =>
        c.status === status &&
        matches({ type: c.type, strike: Number(c.strike_price), expiry: c.expiration_date, root: c.root_symbol ?? c.underlying_symbol }, filter),
    )
    .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  const p = page(all, offsetOf(q), limit);
  const items = p.items.map((c) => {
    if (showDeliverables) return c;
    const { deliverables: _omit, ...rest } = c;
    return rest;
  });
  return { option_contracts: items, next_page_token: p.next };
}

function timeOf(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null) return undefined;
  const ms = Date.parse(raw);
  if (!Number.isFinite(ms)) throw new BadRequest(`invalid ${name}`);
  return ms;
}

async function barsPage(source: MarketRestSource, q: URLSearchParams): Promise<{ bars: Record<string, WireStockBar[]>; next_page_token: string | null }> {
  const symbols = (q.get('symbols') ?? '').split(',').filter((s) => s !== '');
  if (symbols.length === 0) throw new BadRequest('missing symbols');
  const timeframe = q.get('timeframe');
  if (timeframe === null) throw new BadRequest('missing timeframe');
  const start = timeOf(q, 'start') ?? Number.NEGATIVE_INFINITY;
  const end = timeOf(q, 'end') ?? Number.POSITIVE_INFINITY;
  const limit = limitOf(q, 1000, 10_000);
  const sort = q.get('sort') ?? 'asc';
  if (sort !== 'asc' && sort !== 'desc') throw new BadRequest('invalid sort');
  const rows: [string, WireStockBar][] = [];
  for (const symbol of [...symbols].sort()) {
    // Alpaca's end is inclusive.
    const bars = [...(await source.stockBars(symbol, start, end + 1, timeframe))];
    if (sort === 'desc') bars.reverse();
    for (const b of bars) rows.push([symbol, b]);
  }
  const p = page(rows, offsetOf(q), limit);
  const bars: Record<string, WireStockBar[]> = {};
  for (const [symbol, b] of p.items) (bars[symbol] ??= []).push(b);
  return { bars, next_page_token: p.next };
}

// ---------------------------------------------------------------------------------------------
// A source over the simulated market (src/infra/market): chains as the replay prices them.

export interface ChainModelSourceOptions {
  /** The stand-in's time. */
  readonly now: () => number;
  /** The chain at `now` (e.g. a ReplayMarketData's `chain`, advanced with the replay). */
  readonly chain: (underlying: string, now: number) => readonly ChainEntry[];
  /** The bars of a symbol opened in [from, to) (e.g. from the market's bar reader). */
  readonly bars?: (symbol: string, from: number, to: number) => readonly Bar[] | Promise<readonly Bar[]>;
  /** Contracts whose snapshots carry no greeks and IV (besides those the model leaves out itself). */
  readonly withoutGreeks?: (symbol: string) => boolean;
  /** A multiplier per contract other than 100 (an adjusted contract): `() => undefined` for none. */
  readonly multiplier?: (symbol: string) => number | undefined;
  /** Quote sizes (default 10). */
  readonly quoteSize?: number;
}

/** A contract's trading-API record as Alpaca writes it. */
export function wireContract(c: OptionContract, openInterest: number, date: string, multiplier = 100): WireOptionContract {
  return {
    id: `standin-${c.symbol}`,
    symbol: c.symbol,
    name: `${c.underlying} ${c.expiry} ${c.right === 'call' ? 'Call' : 'Put'} ${c.strike}`,
    status: 'active',
    tradable: true,
    expiration_date: c.expiry,
    root_symbol: c.underlying,
    underlying_symbol: c.underlying,
    underlying_asset_id: `standin-${c.underlying}`,
    type: c.right,
    style: 'american',
    strike_price: String(c.strike),
    multiplier: String(multiplier),
    size: String(multiplier),
    open_interest: String(openInterest),
    open_interest_date: date,
    close_price: null,
    close_price_date: null,
    deliverables: [
      {
        type: 'equity',
        symbol: c.underlying,
        asset_id: `standin-${c.underlying}`,
        amount: String(multiplier),
        allocation_percentage: '100',
        settlement_type: 'T+1',
        settlement_method: 'CCC',
        delayed_settlement: false,
      },
    ],
  };
}

/** A quote as Alpaca writes an option quote (snapshot latestQuote; the stream adds T and S, `t` there a msgpack timestamp). */
export function wireOptionQuote(q: { readonly bid: number; readonly ask: number; readonly ts: number }, size = 10): WireOptionQuote {
  return { ap: q.ask, as: size, ax: 'C', bp: q.bid, bs: size, bx: 'C', c: ' ', t: rfc3339(q.ts) };
}

/** A chain entry as Alpaca's snapshot of it (the daily bar only when it traded today). */
export function wireSnapshot(e: ChainEntry, withGreeks: boolean, size = 10): WireOptionSnapshot {
  const q = e.quote;
  const snap: { -readonly [K in keyof WireOptionSnapshot]: WireOptionSnapshot[K] } = {
    latestQuote: wireOptionQuote(q, size),
  };
  if (q.volume > 0) {
    const m = Math.round(((q.bid + q.ask) / 2) * 100) / 100;
    snap.dailyBar = { o: m, h: m, l: m, c: m, v: q.volume, n: Math.max(1, Math.round(q.volume / 5)), vw: m, t: rfc3339(nyWallTimeMs(nyDate(q.ts), 0)) };
  }
  if (withGreeks && q.greeks !== undefined) snap.greeks = { delta: q.greeks.delta, gamma: q.greeks.gamma, theta: q.greeks.theta, vega: q.greeks.vega, ...(q.greeks.rho === undefined ? {} : { rho: q.greeks.rho }) };
  if (withGreeks && q.iv !== undefined) snap.impliedVolatility = q.iv;
  return snap;
}

export function chainModelSource(o: ChainModelSourceOptions): MarketRestSource {
  return {
    now: o.now,
    optionSnapshots(underlying) {
      const now = o.now();
      return Object.fromEntries(o.chain(underlying, now).map((e) => [e.contract.symbol, wireSnapshot(e, !(o.withoutGreeks?.(e.contract.symbol) ?? false), o.quoteSize)]));
    },
    optionContracts(underlying) {
      const now = o.now();
      const date = nyDate(now);
      return o.chain(underlying, now).map((e) => wireContract(e.contract, e.quote.openInterest, date, o.multiplier?.(e.contract.symbol) ?? 100));
    },
    async stockBars(symbol, from, to, timeframe) {
      if (timeframe !== '1Min' && timeframe !== '1T') throw new BadRequest(`timeframe ${timeframe} not served by the stand-in (1Min only)`);
      return ((await o.bars?.(symbol, from, to)) ?? []).map((b) => ({ t: rfc3339(b.ts), o: b.open, h: b.high, l: b.low, c: b.close, v: b.volume, n: 1, vw: (b.high + b.low + b.close) / 3 }));
    },
  };
}
