/**
 * The sample market's option chain at an instant: every listed contract near the money with
 * its quote. Deterministic and pure given its inputs (ticker params, spot, ATM IV, now).
 */
import { addDays, daysBetween, nyDate, nyWallTimeMs, optionExpiries, SESSION_CLOSE_MINUTE_ET, shortDatedExpiries } from '../../domain/calendar/index.js';
import type { ChainFilter } from '../../domain/selection/chain-filter.js';
import type { ChainEntry } from '../../domain/selection/types.js';
import { makeContract, type OptionRight } from '../../domain/values/contract.js';
import { positive } from '../../domain/values/numbers.js';
import type { UnderlyingParams } from './params.js';
import { expiryFacts, priceContract, quoteClock } from './quote-model.js';
import { strikeGrid } from './strikes.js';

export { intrinsic, quoteAt } from './quote-model.js';
/** What contract selection consumes: a contract and its current quote (defined by selection). */
export type { ChainEntry } from '../../domain/selection/types.js';

/**
 * Listed expiries reach 60 calendar days; weeklies are listed out to 45 days (covering the 21–45
 * DTE swing window); Monday/Wednesday expiries (as on the most liquid ETFs) out to 14 days, so
 * the 3–6 DTE scalp window has an expiry every day of the week.
 */
const MAX_DTE = 60;
const MAX_WEEKLY_DTE = 45;
const MAX_SHORT_DTE = 14;
/** Strikes are listed within ±12 % of spot. */
const STRIKE_RANGE = 0.12;
const RIGHTS: readonly OptionRight[] = ['call', 'put'];

/** A day's listed expiries with their 16:00 New York close, worked out once per day (every entry asks). */
const listedByDay = new Map<string, readonly { readonly date: string; readonly close: number }[]>();

function listedOn(today: string): readonly { readonly date: string; readonly close: number }[] {
  let listed = listedByDay.get(today);
  if (listed === undefined) {
    listed = [...optionExpiries(today, addDays(today, MAX_DTE)), ...shortDatedExpiries(today, addDays(today, MAX_SHORT_DTE))]
      .filter((e) => e.kind === 'monthly' || daysBetween(today, e.date) <= MAX_WEEKLY_DTE)
      .map((e) => ({ date: e.date, close: nyWallTimeMs(e.date, SESSION_CLOSE_MINUTE_ET) }))
      .sort((a, b) => (a.date < b.date ? -1 : 1));
    if (listedByDay.size >= 64) listedByDay.clear();
    listedByDay.set(today, listed);
  }
  return listed;
}

/** Expiry dates listed at `now`: not yet expired, weeklies within 45 DTE, monthlies within 60 DTE. */
export function listedExpiries(now: number): string[] {
  return listedOn(nyDate(now))
    .filter((e) => e.close > now)
    .map((e) => e.date);
}

/**
 * The chain at `now`, ordered by expiry, strike, then call before put; only the contracts
 * inside `filter` when one is given (the rest are never priced).
 */
export function chainAt(p: UnderlyingParams, spot: number, atmIv: number, now: number, filter?: ChainFilter): ChainEntry[] {
  positive(spot, 'spot');
  positive(atmIv, 'atmIv');
  const clock = quoteClock(now);
  const strikes = strikeGrid(spot, STRIKE_RANGE).filter((k) => filter === undefined || (k >= filter.strikeMin && k <= filter.strikeMax));
  const rights = filter === undefined ? RIGHTS : [filter.right];
  const expiries = listedExpiries(now).filter((e) => filter === undefined || (e >= filter.expiryFrom && e <= filter.expiryTo));
  return expiries.flatMap((expiry) => {
    const facts = expiryFacts(expiry, now);
    return strikes.flatMap((strike) =>
      rights.map((right) => {
        const contract = makeContract({ underlying: p.symbol, expiry, right, strike });
        return { contract, quote: priceContract(contract, p, spot, atmIv, clock, facts) };
      }),
    );
  });
}
