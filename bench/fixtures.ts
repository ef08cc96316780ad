import type { DecisionEvent, DecisionSink } from '../src/actors/ports/decision-sink.js';
import type { MarketDataPort } from '../src/actors/ports/market-data.js';
import type { TradeSink } from '../src/actors/ports/trade-sink.js';
import { blackScholes } from '../src/domain/pricing/black-scholes.js';
import type { ChainEntry } from '../src/domain/selection/types.js';
import { makeBar, type Bar } from '../src/domain/values/bar.js';
import { makeContract, parseOcc, type OptionContract } from '../src/domain/values/contract.js';
import { makeQuote, type OptionQuote } from '../src/domain/values/quote.js';
import { daysToExpiry } from '../src/domain/values/time.js';

/** Tuesday 2025-03-11, 09:30 New York (EDT): the whole benchmark runs inside this session. */
export const OPEN = Date.UTC(2025, 2, 11, 13, 30);
/** That week's Friday: 3 DTE, inside the day-trade window. */
export const EXPIRY = '2025-03-14';
export const MINUTE = 60_000;

/**
 * The benchmark's market: each ticker's spot is set per minute; chains and quotes are
 * Black-Scholes prices at a flat 30 % vol with a 2 % spread and deep volume. Quotes are cached
 * per contract and minute, contracts per symbol, so the market costs little beside the tree.
 */
export class FastMarket implements MarketDataPort {
  readonly spot = new Map<string, number>();
  private readonly contracts = new Map<string, OptionContract>();
  private readonly quotes = new Map<string, { now: number; spot: number; quote: OptionQuote | undefined }>();

  chain(underlying: string, now: number): ChainEntry[] {
    const s = this.spotOf(underlying);
    const out: ChainEntry[] = [];
    for (let k = Math.round(s) - 5; k <= Math.round(s) + 5; k++) {
      for (const right of ['call', 'put'] as const) {
        const contract = makeContract({ underlying, expiry: EXPIRY, right, strike: k });
        this.contracts.set(contract.symbol, contract);
        const quote = this.quote(contract.symbol, now);
        if (quote) out.push({ contract, quote });
      }
    }
    return out;
  }

  quote(symbol: string, now: number): OptionQuote | undefined {
    let c = this.contracts.get(symbol);
    if (c === undefined) this.contracts.set(symbol, (c = parseOcc(symbol)));
    const spot = this.spotOf(c.underlying);
    const cached = this.quotes.get(symbol);
    if (cached !== undefined && cached.now === now && cached.spot === spot) return cached.quote;
    const quote = quoteFor(c, spot, now);
    this.quotes.set(symbol, { now, spot, quote });
    return quote;
  }

  rates(): { rate: number; dividendYield: number } {
    return RATES;
  }

  /** Flat 30 % at-the-money vol, as the chains are priced (the underlying actors track its rank). */
  atmIv(): number {
    return VOL;
  }

  private spotOf(underlying: string): number {
    const s = this.spot.get(underlying);
    if (s === undefined) throw new Error(`no spot for ${underlying}`);
    return s;
  }
}

const RATES = { rate: 0.04, dividendYield: 0 };
const VOL = 0.3;

function quoteFor(c: OptionContract, spot: number, now: number): OptionQuote | undefined {
  const days = Math.max(daysToExpiry(c.expiry, now), 0.5);
  const r = blackScholes({ right: c.right, spot, strike: c.strike, years: days / 365, vol: VOL, rate: RATES.rate, dividendYield: 0 });
  if (r.price < 0.05) return undefined;
  const half = Math.max(0.01, Math.round(r.price * 0.01 * 100) / 100);
  return makeQuote({
    symbol: c.symbol,
    ts: now,
    bid: Math.round((r.price - half) * 100) / 100,
    ask: Math.round((r.price + half) * 100) / 100,
    volume: 100_000,
    openInterest: 2000,
    iv: VOL,
    greeks: { delta: r.delta, gamma: r.gamma, theta: r.theta, vega: r.vega },
  });
}

/** A bar closing at `close` (open at the previous close) at minute `i` after OPEN. */
export function barAt(symbol: string, i: number, prevClose: number, close: number, volume: number): Bar {
  return makeBar({
    symbol,
    ts: OPEN + i * MINUTE,
    open: prevClose,
    high: Math.max(prevClose, close) * 1.0002,
    low: Math.min(prevClose, close) * 0.9998,
    close,
    volume,
  });
}

/** `n` distinct three-letter tickers: AAA, AAB, ... */
export function tickers(n: number): string[] {
  const letter = (k: number): string => String.fromCharCode(65 + (k % 26));
  return Array.from({ length: n }, (_, i) => letter(Math.floor(i / 676)) + letter(Math.floor(i / 26)) + letter(i));
}

/**
 * One ticker's closes and volumes, minute by minute. Warm-up: a steady climb (+0.05 %/bar at
 * volume 1000, no SMA crosses); a breakout ticker then surges (+0.15 %/bar at triple volume for
 * 5 bars) after `45 + phase` bars, so entries spread over several minutes. After the warm-up
 * every ticker drifts in a ±0.01 % zig-zag at volume 1000: no new signals, no exits on price.
 */
export function pricePath(start: number, breakout: boolean, phase: number, warmup: number, minutes: number): { closes: number[]; volumes: number[] } {
  const closes: number[] = [];
  const volumes: number[] = [];
  const surgeFrom = 45 + phase;
  let p = start;
  for (let i = 0; i < minutes; i++) {
    const surging = breakout && i >= surgeFrom && i < surgeFrom + 5;
    if (i >= warmup) p *= i % 2 === 0 ? 1.0001 : 0.9999;
    else p *= surging ? 1.0015 : 1.0005;
    closes.push(p);
    volumes.push(surging ? 3000 : 1000);
  }
  return { closes, volumes };
}

/** Counts decisions and trades and keeps nothing (a backtest's counters cost about as much). */
export class CountingSink implements DecisionSink, TradeSink {
  decisions = 0;
  denials = 0;
  trades = 0;
  record(x: DecisionEvent | { readonly positionId: string }): void {
    if ('kind' in x) {
      this.decisions++;
      if (!x.ok) this.denials++;
    } else this.trades++;
  }
}
