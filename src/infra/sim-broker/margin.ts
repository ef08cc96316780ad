import type { OptionContract } from '../../domain/values/contract.js';
import { roundMicro } from './fills.js';

/** Option contracts held (signed), by contract. */
export type OptionHoldings = ReadonlyMap<string, { readonly contract: OptionContract; readonly qty: number }>;

export interface Requirement {
  /** Cash the option shorts hold, dollars. */
  readonly collateral: number;
  /** Short call contracts covered neither by a long call of their expiry nor by shares: Alpaca offers no level that allows them. */
  readonly nakedCalls: number;
}

interface Lot {
  strike: number;
  qty: number;
  readonly multiplier: number;
}

function lots(list: readonly { contract: OptionContract; qty: number }[]): Lot[] {
  return list.map((h) => ({ strike: h.contract.strike, qty: Math.abs(h.qty), multiplier: h.contract.multiplier }));
}

/**
 * Pairs shorts with longs of one underlying, expiry and right, best cover first, and returns the
 * shorts left unpaired and the collateral of the pairs: a pair holds what it can lose at expiry,
 * max(0, short strike − long strike) × multiplier for puts, max(0, long − short) × multiplier for calls.
 */
function pair(shorts: Lot[], longs: Lot[], right: OptionContract['right']): { collateral: number; unpaired: Lot[] } {
  const put = right === 'put';
  // Puts: the highest short strike with the highest long strike; calls: the lowest with the lowest.
  const order = (a: Lot, b: Lot) => (put ? b.strike - a.strike : a.strike - b.strike);
  shorts.sort(order);
  longs.sort(order);
  let collateral = 0;
  let li = 0;
  for (const s of shorts) {
    while (s.qty > 0 && li < longs.length) {
      const l = longs[li] as Lot;
      const n = Math.min(s.qty, l.qty);
      collateral += n * Math.max(0, put ? s.strike - l.strike : l.strike - s.strike) * s.multiplier;
      s.qty -= n;
      l.qty -= n;
      if (l.qty === 0) li += 1;
    }
  }
  return { collateral, unpaired: shorts.filter((s) => s.qty > 0) };
}

/**
 * What option shorts require of a cash account, as Alpaca's levels 1–3 allow them: a short put
 * paired with a long put of its expiry (a spread) holds the spread's width × multiplier; alone it
 * is cash-secured (strike × multiplier). A short call paired with a long call holds the width;
 * alone it must be covered by `shares` of the underlying (multiplier shares a contract, a covered
 * call, nothing held), else it is naked.
 */
export function requirement(holdings: OptionHoldings, shares: (underlying: string) => number): Requirement {
  const groups = new Map<string, { contract: OptionContract; qty: number }[]>();
  for (const h of holdings.values()) {
    if (h.qty === 0) continue;
    const key = `${h.contract.underlying}|${h.contract.expiry}|${h.contract.right}`;
    groups.set(key, [...(groups.get(key) ?? []), h]);
  }
  let collateral = 0;
  const uncoveredCalls = new Map<string, number>();
  for (const list of groups.values()) {
    const { right, underlying } = (list[0] as { contract: OptionContract }).contract;
    const { collateral: paired, unpaired } = pair(lots(list.filter((h) => h.qty < 0)), lots(list.filter((h) => h.qty > 0)), right);
    collateral += paired;
    for (const s of unpaired) {
      if (right === 'put') collateral += s.qty * s.strike * s.multiplier;
      else uncoveredCalls.set(underlying, (uncoveredCalls.get(underlying) ?? 0) + s.qty * s.multiplier);
    }
  }
  let nakedCalls = 0;
  for (const [underlying, needed] of uncoveredCalls) nakedCalls += Math.ceil(Math.max(0, needed - Math.max(0, shares(underlying))) / 100);
  return { collateral: roundMicro(collateral), nakedCalls };
}
