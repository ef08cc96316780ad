/**
 * Alpaca option wire payloads → domain ChainEntry values, pure (no I/O, no clock): the one parser
 * between options-wire.ts and the domain. Built the way the simulated market builds its chain
 * (src/infra/market/chain-model.ts: makeContract from parts, makeQuote with volume, open interest,
 * and iv + greeks together or not at all), except that where Alpaca leaves greeks or IV out they are
 * computed here by Black-Scholes from the mid, or the contract is skipped with a reason. A missing
 * greek is never taken as 0.
 */
import { nyDate } from '../../../domain/calendar/index.js';
import { DomainError } from '../../../domain/errors.js';
import { blackScholes } from '../../../domain/pricing/black-scholes.js';
import { impliedVol } from '../../../domain/pricing/implied-vol.js';
import { pricingYears } from '../../../domain/selection/fill-greeks.js';
import type { ChainEntry } from '../../../domain/selection/types.js';
import { makeContract, parseOcc, type OptionContract } from '../../../domain/values/contract.js';
import { daysToExpiry } from '../../../domain/values/time.js';
import { makeQuote, mid, type Greeks, type OptionQuote } from '../../../domain/values/quote.js';
import type { WireOptionContract, WireOptionSnapshot } from './options-wire.js';

/** Why a contract of a chain was left out. Stable codes: counted per reason. */
export const OPTION_SKIP_REASONS = [
  /** The snapshot key is not an OCC symbol. */
  'BAD_SYMBOL',
  /** The symbol's root is not the underlying asked for (e.g. an adjusted root). */
  'WRONG_UNDERLYING',
  /** The snapshot is not of Alpaca's shape (a field of the wrong type). */
  'MALFORMED_SNAPSHOT',
  /** No latest quote in the snapshot. */
  'NO_QUOTE',
  /** The quote fails validation: which way is its QuoteFlaw (the detail, and counted per flaw). */
  'BAD_QUOTE',
  /** The trading API does not list the contract (so no open interest, multiplier or deliverables). */
  'NO_CONTRACT',
  /** Listed but not active or not tradable. */
  'NOT_TRADABLE',
  /** Multiplier or size other than 100. */
  'NON_STANDARD_MULTIPLIER',
  /** Deliverables other than 100 shares of the underlying (after a corporate action). */
  'NON_STANDARD_DELIVERABLES',
  /** No open interest reported (or not a whole number). */
  'NO_OPEN_INTEREST',
  /** Past expiry. */
  'EXPIRED',
  /** Greeks missing and no underlying price known to compute them. */
  'NO_SPOT',
  /** Greeks missing and the mid has no implied vol (below intrinsic, above the ceiling, …). */
  'NO_IV_SOLUTION',
] as const;
export type OptionSkipReason = (typeof OPTION_SKIP_REASONS)[number];

/** What is wrong with a quote (a snapshot's latest quote or one from the stream). Stable codes: counted per flaw. */
export const QUOTE_FLAWS = [
  /** A price not a finite number (NaN: null in JSON). */
  'NOT_A_NUMBER',
  /** Bid 0: no buyer. */
  'ZERO_BID',
  /** A negative bid or a non-positive ask. */
  'NOT_POSITIVE',
  /** Bid above ask. */
  'CROSSED',
  /** Its time does not parse. */
  'BAD_TIME',
  /** Older than the client's max quote age at the time it is judged. */
  'STALE',
  /** Anything else makeQuote refuses (e.g. a negative daily volume). */
  'INVALID',
] as const;
export type QuoteFlaw = (typeof QUOTE_FLAWS)[number];

/** The flaw of a quote's prices and time, if any; `now` undefined: staleness not judged. */
export function quoteFlaw(q: { readonly bid: number | null | undefined; readonly ask: number | null | undefined; readonly ts: number }, now: number | undefined, maxAgeMs: number): QuoteFlaw | undefined {
  const { bid, ask } = q;
  if (typeof bid !== 'number' || typeof ask !== 'number' || !Number.isFinite(bid) || !Number.isFinite(ask)) return 'NOT_A_NUMBER';
  if (bid === 0) return 'ZERO_BID';
  if (bid < 0 || ask <= 0) return 'NOT_POSITIVE';
  if (bid > ask) return 'CROSSED';
  if (!Number.isFinite(q.ts)) return 'BAD_TIME';
  if (now !== undefined && now - q.ts > maxAgeMs) return 'STALE';
  return undefined;
}

export type Translated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: OptionSkipReason; readonly detail?: string };

/** What the trading API says about a contract, as kept in the daily cache. */
export interface ContractFacts {
  readonly symbol: string;
  readonly openInterest: number;
  /** 'YYYY-MM-DD' of the open interest, when given. */
  readonly openInterestDate?: string;
}

export const STANDARD_MULTIPLIER = 100;

function deliverablesStandard(c: WireOptionContract): boolean {
  // Without deliverables (the list asked with show_deliverables=true normally has them) only the multiplier is checked.
  if (c.deliverables === undefined) return true;
  if (c.deliverables.length !== 1) return false;
  const [d] = c.deliverables as [NonNullable<WireOptionContract['deliverables']>[number]];
  return d.type === 'equity' && d.symbol === c.underlying_symbol && Number(d.amount) === STANDARD_MULTIPLIER && Number(d.allocation_percentage) === 100;
}

/** A contract record of the trading API → its facts, or why it cannot be traded as the symbol suggests. */
export function contractFacts(c: WireOptionContract): Translated<ContractFacts> {
  if (c.status !== 'active' || !c.tradable) return { ok: false, reason: 'NOT_TRADABLE', detail: `status ${c.status}, tradable ${c.tradable}` };
  if (Number(c.multiplier) !== STANDARD_MULTIPLIER || Number(c.size) !== STANDARD_MULTIPLIER) {
    return { ok: false, reason: 'NON_STANDARD_MULTIPLIER', detail: `multiplier ${c.multiplier}, size ${c.size}` };
  }
  if (!deliverablesStandard(c)) return { ok: false, reason: 'NON_STANDARD_DELIVERABLES' };
  const oi = c.open_interest === null || c.open_interest === undefined ? Number.NaN : Number(c.open_interest);
  if (!Number.isInteger(oi) || oi < 0) return { ok: false, reason: 'NO_OPEN_INTEREST' };
  return { ok: true, value: { symbol: c.symbol, openInterest: oi, ...(c.open_interest_date ? { openInterestDate: c.open_interest_date } : {}) } };
}

export interface SnapshotContext {
  readonly underlying: string;
  readonly now: number;
  /** The underlying's price, when known (needed only to compute missing greeks). */
  readonly spot: number | undefined;
  readonly rate: number;
  readonly dividendYield: number;
  /** A quote older than this at `now` is refused (BAD_QUOTE, STALE). */
  readonly maxQuoteAgeMs: number;
}

export interface TranslatedEntry {
  readonly entry: ChainEntry;
  /** Greeks (and IV) were computed here, not given by Alpaca. */
  readonly computedGreeks: boolean;
}

/** The greeks when all four are given (null counts as absent: never a zero); else undefined. */
function completeGreeks(g: WireOptionSnapshot['greeks']): Greeks | undefined {
  if (g === undefined) return undefined;
  const { delta, gamma, theta, vega, rho } = g;
  if (delta == null || gamma == null || theta == null || vega == null) return undefined;
  return Object.freeze(rho == null ? { delta, gamma, theta, vega } : { delta, gamma, theta, vega, rho });
}

function contractOf(symbol: string, underlying: string): Translated<OptionContract> {
  let parsed: OptionContract;
  try {
    parsed = parseOcc(symbol);
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, reason: 'BAD_SYMBOL', detail: e.message };
    throw e;
  }
  if (parsed.underlying !== underlying) return { ok: false, reason: 'WRONG_UNDERLYING' };
  return { ok: true, value: makeContract({ underlying, expiry: parsed.expiry, right: parsed.right, strike: parsed.strike, multiplier: STANDARD_MULTIPLIER }) };
}

type GreeksPart = Translated<{ iv?: number; greeks: Greeks; computed: boolean }>;

/** Given greeks when complete; else computed from the given IV or the IV of the mid. */
function greeksFor(contract: OptionContract, snap: WireOptionSnapshot, price: number, ctx: SnapshotContext): GreeksPart {
  const given = completeGreeks(snap.greeks);
  const givenIv = snap.impliedVolatility != null && snap.impliedVolatility > 0 ? snap.impliedVolatility : undefined;
  const years = pricingYears(contract.expiry, ctx.now);
  if (given !== undefined) {
    if (givenIv !== undefined || years === undefined || ctx.spot === undefined) return { ok: true, value: { ...(givenIv === undefined ? {} : { iv: givenIv }), greeks: given, computed: false } };
    const solved = impliedVol({ right: contract.right, spot: ctx.spot, strike: contract.strike, years, rate: ctx.rate, dividendYield: ctx.dividendYield, price });
    return { ok: true, value: { ...(solved.ok ? { iv: solved.value } : {}), greeks: given, computed: false } };
  }
  if (years === undefined) return { ok: false, reason: 'EXPIRED' };
  if (ctx.spot === undefined) return { ok: false, reason: 'NO_SPOT' };
  const base = { right: contract.right, spot: ctx.spot, strike: contract.strike, years, rate: ctx.rate, dividendYield: ctx.dividendYield };
  let iv = givenIv;
  if (iv === undefined) {
    const solved = impliedVol({ ...base, price });
    if (!solved.ok) return { ok: false, reason: 'NO_IV_SOLUTION', detail: solved.reasons.join(',') };
    iv = solved.value;
  }
  const { delta, gamma, theta, vega, rho } = blackScholes({ ...base, vol: iv });
  return { ok: true, value: { iv, greeks: Object.freeze({ delta, gamma, theta, vega, rho }), computed: true } };
}

/**
 * One snapshot → a ChainEntry. `facts` is the contract's record from the daily contracts cache
 * (undefined when not listed, or the reason it was refused).
 */
export function snapshotEntry(symbol: string, snap: WireOptionSnapshot, facts: Translated<ContractFacts> | undefined, ctx: SnapshotContext): Translated<TranslatedEntry> {
  const contract = contractOf(symbol, ctx.underlying);
  if (!contract.ok) return contract;
  if (daysToExpiry(contract.value.expiry, ctx.now) < 0) return { ok: false, reason: 'EXPIRED' };
  const q = snap.latestQuote;
  const ts = q === undefined ? Number.NaN : Date.parse(q.t);
  // A bad quote is judged before the listing: every bad quote served is counted as such.
  const flaw = q === undefined ? undefined : quoteFlaw({ bid: q.bp, ask: q.ap, ts }, ctx.now, ctx.maxQuoteAgeMs);
  if (flaw !== undefined) return { ok: false, reason: 'BAD_QUOTE', detail: flaw };
  if (facts === undefined) return { ok: false, reason: 'NO_CONTRACT' };
  if (!facts.ok) return facts;
  if (q === undefined) return { ok: false, reason: 'NO_QUOTE' };
  // The daily bar is the contract's latest one: a bar of an earlier day means no trades today.
  const volume = snap.dailyBar !== undefined && nyDate(Date.parse(snap.dailyBar.t)) === nyDate(ctx.now) ? snap.dailyBar.v : 0;
  const last = snap.latestTrade !== undefined && snap.latestTrade.p > 0 ? snap.latestTrade.p : undefined;
  let plain: OptionQuote;
  try {
    plain = makeQuote({ symbol: contract.value.symbol, ts, bid: q.bp, ask: q.ap, volume, openInterest: facts.value.openInterest, ...(last === undefined ? {} : { last }) });
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, reason: 'BAD_QUOTE', detail: 'INVALID' };
    throw e;
  }
  const g = greeksFor(contract.value, snap, mid(plain), ctx);
  if (!g.ok) return g;
  const quote = makeQuote({ ...plain, ...(g.value.iv === undefined ? {} : { iv: g.value.iv }), greeks: g.value.greeks });
  return { ok: true, value: { entry: Object.freeze({ contract: contract.value, quote }), computedGreeks: g.value.computed } };
}

/**
 * The ATM implied vol of a chain: at its nearest expiry at least `minDte` days out, the IV of the
 * contract nearest the money (the mean of call and put when both sit at that strike). Nearest the
 * money: strike nearest `spot` when known, else |delta| nearest 0.5.
 */
export function atmIvOf(entries: readonly ChainEntry[], now: number, spot: number | undefined, minDte: number): number | undefined {
  const withIv = entries.filter((e) => e.quote.iv !== undefined && daysToExpiry(e.contract.expiry, now) >= minDte);
  if (withIv.length === 0) return undefined;
  const expiry = withIv.reduce((a, e) => (e.contract.expiry < a ? e.contract.expiry : a), (withIv[0] as ChainEntry).contract.expiry);
  const front = withIv.filter((e) => e.contract.expiry === expiry);
  const distance = (e: ChainEntry): number =>
    spot !== undefined ? Math.abs(e.contract.strike - spot) : e.quote.greeks ? Math.abs(Math.abs(e.quote.greeks.delta) - 0.5) : Number.POSITIVE_INFINITY;
  const best = Math.min(...front.map(distance));
  if (!Number.isFinite(best)) return undefined;
  const strike = (front.find((e) => distance(e) === best) as ChainEntry).contract.strike;
  const atStrike = front.filter((e) => e.contract.strike === strike);
  return atStrike.reduce((s, e) => s + (e.quote.iv as number), 0) / atStrike.length;
}
