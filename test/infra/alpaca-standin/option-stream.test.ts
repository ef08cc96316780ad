import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Alpaca, streaming } from '@alpacahq/alpaca-trade-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isStale, type OptionQuote } from '../../../src/domain/values/quote.js';
import { AlpacaOptionsMarketData } from '../../../src/infra/alpaca/market/options.js';
import type { QuoteFlaw } from '../../../src/infra/alpaca/market/options-translate.js';
import type { WireOptionSnapshot } from '../../../src/infra/alpaca/market/options-wire.js';
import type { OptionQuoteFlaw } from '../../../src/infra/alpaca-standin/faults.js';
import { AlpacaStandin } from '../../../src/infra/alpaca-standin/standin.js';
import { generateMarket } from '../../../src/infra/market/generate.js';
import { openMarket, type Market } from '../../../src/infra/market/load.js';
import { eventually } from '../../helpers/eventually.js';

const KEYS = { keyId: 'PKOPTSTREAMTEST', secret: 'option-stream-secret' };

/** The stand-in's fault flaws and the reasons Thetis's option client counts them by (worked out from each flaw's description). */
const FLAW_REASON: Record<OptionQuoteFlaw, QuoteFlaw> = { nan: 'NOT_A_NUMBER', crossed: 'CROSSED', 'zero-bid': 'ZERO_BID', stale: 'STALE' };
const FLAWS = Object.keys(FLAW_REASON) as OptionQuoteFlaw[];

interface ChainRow {
  readonly symbol: string;
  readonly bid: number;
  readonly ask: number;
}

async function control(base: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${base}/_standin/${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }) });
  return res.json();
}

/** The snapshots of an underlying as Alpaca's REST answers them (one page holds the stand-in's whole chain). */
async function snapshots(base: string, underlying: string): Promise<Record<string, WireOptionSnapshot>> {
  const res = await fetch(`${base}/v1beta1/options/snapshots/${underlying}?limit=1000`, { headers: { 'APCA-API-KEY-ID': KEYS.keyId, 'APCA-API-SECRET-KEY': KEYS.secret } });
  const body = (await res.json()) as { snapshots: Record<string, WireOptionSnapshot>; next_page_token: string | null };
  expect(body.next_page_token).toBeNull();
  return body.snapshots;
}

describe('the stand-in’s options stream, through the real SDK', () => {
  let dir: string;
  let market: Market;
  let underlying: string;
  let standin: AlpacaStandin | undefined;
  const streams: streaming.OptionDataStream[] = [];
  const clients: AlpacaOptionsMarketData[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'thetis-option-stream-'));
    await generateMarket({ dir, seed: 7, tickers: 1, days: 1, start: '2025-06-02' });
    market = await openMarket(dir);
    underlying = market.tickers[0]?.symbol ?? '';
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    for (const s of streams.splice(0)) s.disconnect();
    for (const c of clients.splice(0)) c.close();
    await standin?.close();
    standin = undefined;
  });

  async function start(): Promise<AlpacaStandin> {
    const s = (standin = await AlpacaStandin.start({ market, keys: KEYS, speed: 0 }));
    await s.step(30);
    return s;
  }

  /** Two contracts of the chain with a two-sided quote. */
  async function twoContracts(s: AlpacaStandin): Promise<[ChainRow, ChainRow]> {
    const rows = ((await control(s.url, 'GET', `chain?underlying=${underlying}`)) as ChainRow[]).filter((r) => r.bid > 0.5 && r.ask > r.bid);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    return [rows[0] as ChainRow, rows[1] as ChainRow];
  }

  function optionStream(s: AlpacaStandin, keys = KEYS): streaming.OptionDataStream {
    const stream = new Alpaca(keys).marketData.optionStream({ url: s.optionStream.url() });
    streams.push(stream);
    return stream;
  }

  it('authenticates, takes subscriptions, and pushes each minute the quote the snapshots show; unsubscribing stops them', async () => {
    const s = await start();
    const [a, b] = await twoContracts(s);
    const quotes: streaming.StreamQuote[] = [];
    const stream = optionStream(s);
    stream.onQuote((q) => quotes.push(q));
    stream.subscribeForQuotes([a.symbol, b.symbol]);
    stream.connect();
    await eventually(() => expect(s.optionStream.subscribedQuotes()).toEqual([a.symbol, b.symbol].sort()), { timeoutMs: 5_000 });
    expect(s.optionStream.authenticatedSessions(KEYS.keyId)).toBe(1);
    expect(s.optionStream.actions.find((x) => x.action === 'auth')).toEqual({ action: 'auth', key: KEYS.keyId, secret: '***' });

    await s.step(1);
    await eventually(() => expect(quotes.map((q) => q.symbol).sort()).toEqual([a.symbol, b.symbol].sort()), { timeoutMs: 5_000 });
    // The same minute's snapshots (the clock has not moved since): each stream quote equals its snapshot's latest quote.
    const snaps = await snapshots(s.url, underlying);
    for (const q of quotes) {
      const lq = snaps[q.symbol]?.latestQuote;
      expect(lq).toBeDefined();
      expect({ bid: q.bidPrice, ask: q.askPrice, bidSize: q.bidSize, askSize: q.askSize, t: q.timestamp.getTime() }).toEqual({ bid: lq?.bp, ask: lq?.ap, bidSize: lq?.bs, askSize: lq?.as, t: Date.parse(lq?.t ?? '') });
      // And the chain model's quote at the stand-in's clock.
      const model = (await control(s.url, 'GET', `quote?symbol=${encodeURIComponent(q.symbol)}`)) as OptionQuote;
      expect([q.bidPrice, q.askPrice, q.timestamp.getTime()]).toEqual([model.bid, model.ask, model.ts]);
    }
    expect(quotes.every((q) => q.timestamp.getTime() === s.now)).toBe(true);

    // Unsubscribed from a: the next minutes bring b's quotes only (a's would have come first on the same socket).
    stream.unsubscribeFromQuotes([a.symbol]);
    await eventually(() => expect(s.optionStream.subscribedQuotes()).toEqual([b.symbol]), { timeoutMs: 5_000 });
    const before = quotes.length;
    await s.step(2);
    await eventually(() => expect(quotes.filter((q) => q.symbol === b.symbol && q.timestamp.getTime() === s.now)).toHaveLength(1), { timeoutMs: 5_000 });
    expect(quotes.slice(before).map((q) => q.symbol)).toEqual([b.symbol, b.symbol]);
  });

  it('refuses a bad key as Alpaca does (402 auth failed), and serves /v1beta1/opra too', async () => {
    const s = await start();
    const errors: string[] = [];
    const bad = optionStream(s, { keyId: KEYS.keyId, secret: 'wrong' });
    bad.onError((e) => errors.push(String(e)));
    bad.connect();
    await eventually(() => expect(errors).toContain('auth failed'), { timeoutMs: 5_000 });
    expect(s.optionStream.stats.authFailures).toBe(1);
    expect(s.optionStream.authenticatedSessions()).toBe(0);

    const [a] = await twoContracts(s);
    const opra = new Alpaca(KEYS).marketData.optionStream({ url: s.optionStream.url('opra') });
    streams.push(opra);
    const quotes: streaming.StreamQuote[] = [];
    opra.onQuote((q) => quotes.push(q));
    opra.subscribeForQuotes([a.symbol]);
    opra.connect();
    await eventually(() => expect(s.optionStream.subscribedQuotes()).toEqual([a.symbol]), { timeoutMs: 5_000 });
    await s.step(1);
    await eventually(() => expect(quotes).toHaveLength(1), { timeoutMs: 5_000 });
  });

  /** Thetis's option client against the stand-in (REST and the stream). */
  function client(s: AlpacaStandin): AlpacaOptionsMarketData {
    const md = new AlpacaOptionsMarketData({ ...KEYS, dataUrl: s.url, tradingUrl: s.url, streamUrl: s.optionStream.url(), spot: () => s.data.spot(underlying), getRetries: 0 });
    clients.push(md);
    return md;
  }

  it('bad snapshot quotes (NaN, crossed, zero bid, stale) are each refused by the option client with its reason counted; no entry comes of them', async () => {
    const s = await start();
    const md = client(s);
    const clean = await md.chain(underlying, s.now);
    // The stand-in's whole chain for the underlying, counted independently of the client.
    const served = s.data.chain(underlying, s.now).length;
    expect(clean.length).toBeGreaterThan(4);
    expect(md.stats.skipped).toBe(0);

    for (const flaw of FLAWS) {
      s.inject({ kind: 'bad-option-quote', flaw, on: 'snapshots' });
      const chain = await md.chain(underlying, s.now);
      expect(chain, flaw).toEqual([]);
      expect(md.lastSkipped.map((x) => `${x.reason} ${x.detail}`), flaw).toEqual(Array(served).fill(`BAD_QUOTE ${FLAW_REASON[flaw]}`));
      expect(s.faults.corrupted.snapshots[flaw]).toBe(served);
      await control(s.url, 'DELETE', 'faults');
    }
    expect(md.stats.badQuotes).toEqual({ NOT_A_NUMBER: served, ZERO_BID: served, NOT_POSITIVE: 0, CROSSED: served, BAD_TIME: 0, STALE: served, INVALID: 0 });
    expect(md.stats.skippedBy.BAD_QUOTE).toBe(4 * served);
    // Several flaws at once share the contracts out: the k-th symbol of the page gets the
    // ((k + minute) mod 4)-th flaw (the order injected). Every quote still refused, each flaw counted.
    s.inject(FLAWS.map((flaw) => ({ kind: 'bad-option-quote', flaw, on: 'both' })));
    const minute = s.state().minutes;
    const symbols = s.data.chain(underlying, s.now).map((e) => e.contract.symbol).sort();
    const expected = new Map(symbols.map((symbol, k) => [symbol, FLAW_REASON[FLAWS[(k + minute) % 4] as OptionQuoteFlaw]]));
    expect(await md.chain(underlying, s.now)).toEqual([]);
    expect(new Map(md.lastSkipped.map((x) => [x.symbol, x.detail]))).toEqual(expected);
    for (const flaw of FLAWS) {
      const n = [...expected.values()].filter((r) => r === FLAW_REASON[flaw]).length;
      expect(n).toBeGreaterThan(0);
      expect(md.stats.badQuotes[FLAW_REASON[flaw]]).toBe(served + n);
      expect(s.faults.corrupted.snapshots[flaw]).toBe(served + n);
    }
    expect(md.stats.skippedBy.BAD_QUOTE).toBe(5 * served);
  });

  it('bad stream quotes are refused with their reasons counted; the held contract keeps its last good quote, which goes stale (exits fall back to the underlying)', async () => {
    const s = await start();
    const md = client(s);
    const [a] = await twoContracts(s);
    await md.chain(underlying, s.now);
    const base = md.quote(a.symbol, s.now) as OptionQuote;
    expect(base.bid).toBe(a.bid);
    await eventually(() => expect(s.optionStream.subscribedQuotes()).toEqual([a.symbol]), { timeoutMs: 5_000 });

    // A good minute: the stream quote is taken and laid over the chain's.
    await s.step(1);
    await eventually(() => expect(md.stats.streamQuotes).toBe(1), { timeoutMs: 5_000 });
    const model = (await control(s.url, 'GET', `quote?symbol=${encodeURIComponent(a.symbol)}`)) as OptionQuote;
    const live = md.quote(a.symbol, s.now) as OptionQuote;
    expect([live.bid, live.ask, live.ts]).toEqual([model.bid, model.ask, s.now]);

    // Then each flaw for a minute.
    for (const flaw of FLAWS) {
      s.inject({ kind: 'bad-option-quote', flaw, on: 'stream', minutes: 1 });
      await s.step(1);
      await eventually(() => expect(md.stats.streamQuotesRefusedBy[FLAW_REASON[flaw]]).toBe(1), { timeoutMs: 5_000 });
      expect(md.quote(a.symbol, s.now)).toEqual(live);
    }
    expect(s.faults.corrupted.stream).toEqual({ nan: 1, crossed: 1, 'zero-bid': 1, stale: 1 });
    expect(md.stats.streamQuotesRefused).toBe(4);
    expect(md.stats.streamQuotes).toBe(1);
    expect(s.state().faults).toEqual([]);
    // The quote kept is 4 minutes old: past a 2-minute max age the exits use (the default
    // quoteMaxAgeMs), so the position's exits fall back to the underlying and time rules.
    expect(s.now - live.ts).toBe(4 * 60_000);
    expect(isStale(live, s.now, 120_000)).toBe(true);
  });
});
