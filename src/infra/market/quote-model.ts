/**
 * A synthetic option quote, deterministic given (contract, ticker params, spot, ATM IV, now):
 * Black-Scholes mid on the IV surface; a spread that widens away from the money, for cheap
 * options and on illiquid tickers; open interest and cumulative daily volume that fall off
 * away from the money, with some dead contracts; greeks and IV missing on ~5 % of contracts per day.
 */
import { isMonthlyExpiry, nyDate, nyWallTimeMs, session, SESSION_CLOSE_MINUTE_ET } from '../../domain/calendar/index.js';
import { blackScholes } from '../../domain/pricing/black-scholes.js';
import type { OptionContract } from '../../domain/values/contract.js';
import { positive } from '../../domain/values/numbers.js';
import { makeQuote, type OptionQuote } from '../../domain/values/quote.js';
import { cumulativeVolumeFraction } from './intraday-profile.js';
import type { UnderlyingParams } from './params.js';
import { hashUnit } from './random.js';
import { surfaceIv } from './iv-surface.js';

const YEAR_MS = 365 * 86_400_000;
const MIN_YEARS = 60_000 / YEAR_MS;
/** Spread as a fraction of price for an ATM contract of a ticker with oiScale = LIQUID_OI. */
const BASE_SPREAD = 0.03;
/** Spread growth per squared standard deviation of moneyness. */
const SPREAD_WINGS = 0.35;
const LIQUID_OI = 3000;
/** Width (in ln K/S) of the open-interest bump around the money. */
const OI_WIDTH = 0.08;
/** Width (in standard deviations of moneyness) of the volume bump: short-dated volume crowds the money. */
const VOLUME_WIDTH_SD = 1.2;
/** Daily volume falls as 1 / (1 + DTE / VOLUME_DTE_SCALE): front contracts trade most. */
const VOLUME_DTE_SCALE = 30;
/** Weeklies hold less open interest than monthlies. */
const WEEKLY_OI = 0.35;
/** Share of contracts that are nearly dead (5 % of normal OI and volume). */
const DEAD_SHARE = 0.08;
/** Share of contracts (per day) quoted without greeks and IV, as Alpaca sometimes does. */
const NO_GREEKS_SHARE = 0.05;

/** Intrinsic value per share at `spot`. */
export function intrinsic(contract: Pick<OptionContract, 'right' | 'strike'>, spot: number): number {
  return contract.right === 'call' ? Math.max(0, spot - contract.strike) : Math.max(0, contract.strike - spot);
}

/** A standard normal from a key, via Box-Muller on two hashes. */
function hashNormal(key: string): number {
  return Math.sqrt(-2 * Math.log(1 - hashUnit(`${key}|u`))) * Math.cos(2 * Math.PI * hashUnit(`${key}|v`));
}

function roundTo(x: number, tick: number, dir: 'down' | 'up'): number {
  const n = x / tick;
  const k = dir === 'down' ? Math.floor(n + 1e-9) : Math.ceil(n - 1e-9);
  return Math.round(k * tick * 100) / 100;
}

/** What every quote at one instant shares: the New York date and the share of the day's volume traded. */
export interface QuoteClock {
  readonly now: number;
  readonly date: string;
  readonly volumeFraction: number;
}

export function quoteClock(now: number): QuoteClock {
  positive(now, 'now');
  const date = nyDate(now);
  const s = session(date);
  return { now, date, volumeFraction: s === undefined ? 0 : cumulativeVolumeFraction((now - s.open) / 60_000) };
}

/** What every quote of one expiry shares at one instant. */
export interface ExpiryFacts {
  /** Years to the 16:00 New York close of expiry day (at least one minute). */
  readonly years: number;
  readonly monthly: boolean;
}

/** Per expiry, its 16:00 New York close and whether it is a monthly: worked out once (every quote asks). */
const expiries = new Map<string, { readonly close: number; readonly monthly: boolean }>();

export function expiryFacts(expiry: string, now: number): ExpiryFacts {
  let e = expiries.get(expiry);
  if (e === undefined) {
    if (expiries.size >= 1024) expiries.clear();
    e = { close: nyWallTimeMs(expiry, SESSION_CLOSE_MINUTE_ET), monthly: isMonthlyExpiry(expiry) };
    expiries.set(expiry, e);
  }
  return { years: Math.max(MIN_YEARS, (e.close - now) / YEAR_MS), monthly: e.monthly };
}

/** A contract's deterministic draws for one day (a contract is quoted every minute it is held). */
interface Draws {
  readonly spreadNoise: number;
  readonly oiNoise: number;
  readonly volumeNoise: number;
  /** 0.05 for a nearly dead contract, else 1. */
  readonly dead: number;
  readonly withGreeks: boolean;
}

/** The draws of the day being quoted (hashing the keys was a hot spot); a new day starts afresh. */
const drawsOfDay = { date: '', bySymbol: new Map<string, Draws>() };

function drawsFor(symbol: string, date: string): Draws {
  if (drawsOfDay.date !== date) {
    drawsOfDay.date = date;
    drawsOfDay.bySymbol.clear();
  }
  let d = drawsOfDay.bySymbol.get(symbol);
  if (d === undefined) {
    d = {
      spreadNoise: hashNormal(`${symbol}|${date}|spread`),
      oiNoise: hashNormal(`${symbol}|oi`),
      volumeNoise: hashNormal(`${symbol}|${date}|vol`),
      dead: hashUnit(`${symbol}|dead`) < DEAD_SHARE ? 0.05 : 1,
      withGreeks: hashUnit(`${symbol}|${date}|greeks`) >= NO_GREEKS_SHARE,
    };
    drawsOfDay.bySymbol.set(symbol, d);
  }
  return d;
}

/** The quote of one contract given the shared clock and expiry facts (chainAt prices a whole chain this way). */
export function priceContract(contract: OptionContract, p: UnderlyingParams, spot: number, atmIv: number, clock: QuoteClock, facts: ExpiryFacts): OptionQuote {
  const { years } = facts;
  const vol = surfaceIv(p, atmIv, spot, contract.strike, years);
  const bs = blackScholes({ right: contract.right, spot, strike: contract.strike, years, vol, rate: p.rate, dividendYield: p.dividendYield });
  const m = Math.log(contract.strike / spot);
  const z = Math.abs(m) / (vol * Math.sqrt(Math.max(years, 1 / 365)));
  const liquidity = Math.min(3, Math.max(0.2, p.oiScale / LIQUID_OI));
  const tick = bs.price >= 3 ? 0.05 : 0.01;
  const d = drawsFor(contract.symbol, clock.date);
  const pct = (BASE_SPREAD * (1 + SPREAD_WINGS * z * z) * Math.exp(0.2 * d.spreadNoise)) / Math.sqrt(liquidity);
  const half = Math.max(tick, (bs.price * pct) / 2);
  const bid = Math.max(0.01, roundTo(bs.price - half, tick, 'down'));
  const ask = Math.max(roundTo(bs.price + half, tick, 'up'), Math.round((bid + tick) * 100) / 100);
  const oi = p.oiScale * Math.exp(-0.5 * (m / OI_WIDTH) ** 2) * (facts.monthly ? 1 : WEEKLY_OI) * d.dead * Math.exp(0.5 * d.oiNoise);
  const dteFactor = 1 / (1 + (years * 365) / VOLUME_DTE_SCALE);
  const dayVolume = p.volumeScale * Math.exp(-0.5 * (z / VOLUME_WIDTH_SD) ** 2) * d.dead * dteFactor * Math.exp(0.5 * d.volumeNoise);
  return makeQuote({
    symbol: contract.symbol,
    ts: clock.now,
    bid,
    ask,
    volume: Math.floor(dayVolume * clock.volumeFraction),
    openInterest: Math.floor(oi),
    ...(d.withGreeks ? { iv: vol, greeks: { delta: bs.delta, gamma: bs.gamma, theta: bs.theta, vega: bs.vega, rho: bs.rho } } : {}),
  });
}

/** The quote of a held contract: the same quote chainAt gives for the same inputs. */
export function quoteAt(contract: OptionContract, p: UnderlyingParams, spot: number, atmIv: number, now: number): OptionQuote {
  positive(spot, 'spot');
  positive(atmIv, 'atmIv');
  return priceContract(contract, p, spot, atmIv, quoteClock(now), expiryFacts(contract.expiry, now));
}
