import { DomainError } from '../errors.js';
import { finite, nonNegative, positive, type Mutable } from './numbers.js';

/** Option greeks per share: theta per calendar day, vega per 1 vol point (0.01), rho per 1 rate point. */
export interface Greeks {
  readonly delta: number;
  readonly gamma: number;
  readonly theta: number;
  readonly vega: number;
  readonly rho?: number;
}

/** A validated option quote. Greeks and IV are optional: a missing greek is absent, never 0. */
export interface OptionQuote {
  readonly symbol: string;
  readonly ts: number;
  readonly bid: number;
  readonly ask: number;
  readonly last?: number;
  /** Today's traded volume (contracts). */
  readonly volume: number;
  /** Open interest (contracts), as of the last daily update. */
  readonly openInterest: number;
  /** Implied volatility as a decimal (0.25 = 25 %). */
  readonly iv?: number;
  readonly greeks?: Greeks;
  /** bid === ask: valid but worth flagging. */
  readonly locked: boolean;
}

export type RawQuote = Omit<OptionQuote, 'locked'>;

export class QuoteError extends DomainError {
  override readonly name = 'QuoteError';
}

/** Every field check of a quote but the crossed one; throws a DomainError naming the field. */
function checkQuoteFields(raw: RawQuote): void {
  finite(raw.ts, 'ts');
  finite(raw.bid, 'bid');
  finite(raw.ask, 'ask');
  if (raw.bid === 0) throw new DomainError('ZERO_BID', 'bid is 0', 'bid');
  positive(raw.bid, 'bid');
  positive(raw.ask, 'ask');
  if (raw.last !== undefined) positive(raw.last, 'last');
  nonNegative(raw.volume, 'volume');
  nonNegative(raw.openInterest, 'openInterest');
  if (raw.iv !== undefined) positive(raw.iv, 'iv');
  if (raw.greeks) {
    finite(raw.greeks.delta, 'greeks.delta');
    finite(raw.greeks.gamma, 'greeks.gamma');
    finite(raw.greeks.theta, 'greeks.theta');
    finite(raw.greeks.vega, 'greeks.vega');
    if (raw.greeks.rho !== undefined) finite(raw.greeks.rho, 'greeks.rho');
  }
}

/**
 * Validates a quote: finite numbers, bid > 0 (a zero bid has no buyer), ask >= bid
 * (crossed quotes are rejected), non-negative volume and OI, finite greeks when present.
 */
export function makeQuote(raw: RawQuote): OptionQuote {
  try {
    checkQuoteFields(raw);
  } catch (e) {
    if (e instanceof DomainError) throw new QuoteError(e.code, `quote ${raw.symbol}: ${e.message}`, e.field, { cause: e });
    throw e;
  }
  if (raw.bid > raw.ask) throw new QuoteError('CROSSED_QUOTE', `quote ${raw.symbol}: bid ${raw.bid} > ask ${raw.ask}`, 'bid');
  // Built field by field: V8 gives a frozen spread copy a slow path. Absent optionals stay absent.
  const q: Mutable<OptionQuote> = { symbol: raw.symbol, ts: raw.ts, bid: raw.bid, ask: raw.ask, volume: raw.volume, openInterest: raw.openInterest, locked: raw.bid === raw.ask };
  if (raw.last !== undefined) q.last = raw.last;
  if (raw.iv !== undefined) q.iv = raw.iv;
  if (raw.greeks !== undefined) q.greeks = raw.greeks;
  return Object.freeze(q);
}

export function mid(q: { bid: number; ask: number }): number {
  return (q.bid + q.ask) / 2;
}

/** The seed's corrected spread: (ask − bid) / mid, not over the bid. */
export function spreadPct(q: { bid: number; ask: number }): number {
  return (q.ask - q.bid) / mid(q);
}

export function quoteAgeMs(q: { ts: number }, now: number): number {
  return now - q.ts;
}

export function isStale(q: { ts: number }, now: number, maxAgeMs: number): boolean {
  return now - q.ts > maxAgeMs;
}
