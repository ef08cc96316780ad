import { nyDate } from '../calendar/session.js';
import { isThetisOrderId } from '../intents/ids.js';
import { isOccSymbol, parseOcc } from '../values/contract.js';
import { sideSign, type Position } from '../values/position.js';

/** A position as one side sees it: signed quantity (long > 0). */
export interface Holding {
  readonly symbol: string;
  readonly qty: number;
}

/**
 * What a position holds at the venue, per contract: a long or a short of its contract, or every leg of
 * a sold structure (its short leg −units, a spread's wing +units), as the venue lists them.
 */
export function positionHoldings(p: Pick<Position, 'contract' | 'side' | 'qty' | 'structure'>): Holding[] {
  if (p.structure === undefined) return [{ symbol: p.contract.symbol, qty: sideSign(p.side) * p.qty }];
  return p.structure.legs.map((l) => ({ symbol: l.contract.symbol, qty: sideSign(l.side) * l.ratio * p.qty }));
}

/**
 * What the venue did to a position by itself: an option exercised, assigned or expired at the venue
 * (Alpaca's non-trade activities OPEXC, OPASN, OPEXP), or a fill of an order Thetis did not place (a
 * liquidation, a trader's order by hand).
 */
export interface VenueChange {
  readonly kind: 'exercise' | 'assignment' | 'expiry' | 'foreign-fill';
  /** The option symbol it changed. */
  readonly symbol: string;
  /** Signed change of the option position, in contracts (a sell of 2 long contracts: -2). */
  readonly qty: number;
  /** Price per share of a fill; for an exercise or assignment, the intrinsic value per share where the venue says it; else undefined. */
  readonly price?: number;
  readonly ts: number;
}

export interface ReconcileInput {
  readonly now: number;
  /** The engine's open positions (after catching up on its orders' states), one entry per position. */
  readonly engine: readonly Holding[];
  /** The engine's delta hedges (hedging.delta): shares per ticker (symbol = the ticker), signed. */
  readonly hedges?: readonly Holding[];
  /** The venue's positions. */
  readonly venue: readonly Holding[];
  readonly changes: readonly VenueChange[];
  /** Orders working at the venue. */
  readonly venueOpenOrders: readonly { readonly clientOrderId: string; readonly symbol: string }[];
  /** Client order ids the order store holds. */
  readonly knownOrderIds: ReadonlySet<string>;
}

export type AdoptReason = 'EXPIRED_AT_VENUE' | 'EXERCISED_AT_VENUE' | 'ASSIGNED_AT_VENUE' | 'LIQUIDATED_AT_VENUE';
export type MismatchReason = 'POSITION_MISSING_AT_BROKER' | 'BROKER_POSITION_UNKNOWN' | 'POSITION_QTY_MISMATCH' | 'UNKNOWN_THETIS_ORDER' | 'FOREIGN_OPEN_ORDER';

/**
 * A venue change the engine takes as done: its positions in `symbol` are closed at `price` per share
 * (undefined: at intrinsic value, from the last underlying price the position saw).
 */
export interface Adoption {
  readonly reason: AdoptReason;
  readonly symbol: string;
  readonly price?: number;
}

export interface Mismatch {
  readonly reason: MismatchReason;
  readonly symbol: string;
  /** For a trader: what each side holds. */
  readonly detail: string;
}

export interface Reconciliation {
  /** True when nothing is left unexplained: entries may go on. */
  readonly ok: boolean;
  readonly adoptions: readonly Adoption[];
  readonly mismatches: readonly Mismatch[];
  /** Venue positions Thetis does not manage and that do not halt it (shares after an exercise, beyond any hedge), for the report. */
  readonly notes: readonly string[];
}

/**
 * The start-up (and after-halt) reconciliation of the engine's positions with the venue's, one
 * algorithm for every venue. Per option symbol, the engine's quantity must equal the venue's. A
 * shortfall at the venue is adopted when the venue explains it (its exercise, assignment, expiry or
 * a fill of an order Thetis did not place, such as a liquidation, adding up to the whole position)
 * or when the contract has expired; any other difference is a mismatch, and so is an order working
 * at the venue that the store does not know (Thetis's id) or that Thetis did not place. Fail closed:
 * a mismatch halts new entries, never exits. Shares at the venue are not managed by Thetis (a note),
 * except a ticker's delta hedge, which is Thetis's own: the venue must hold at least the hedge, on its
 * side (beyond it, shares an exercise or assignment left, noted), else a mismatch as for an option.
 */
export function reconcileHoldings(input: ReconcileInput): Reconciliation {
  const engine = totals(input.engine);
  const hedges = totals(input.hedges ?? []);
  const venue = new Map<string, number>();
  const shares = new Map<string, number>();
  const notes: string[] = [];
  for (const h of input.venue) {
    if (isOccSymbol(h.symbol)) venue.set(h.symbol, (venue.get(h.symbol) ?? 0) + h.qty);
    else if (hedges.has(h.symbol)) shares.set(h.symbol, (shares.get(h.symbol) ?? 0) + h.qty);
    else notes.push(`${h.symbol}: ${h.qty} shares at the broker, not managed by Thetis (an exercise or assignment leaves shares)`);
  }
  const adoptions: Adoption[] = [];
  const mismatches: Mismatch[] = [];
  for (const [ticker, hedge] of hedges) {
    const v = shares.get(ticker) ?? 0;
    const detail = `Thetis's delta hedge holds ${hedge} shares, the broker ${v}`;
    if (Math.sign(v) !== Math.sign(hedge) || Math.abs(v) < Math.abs(hedge)) mismatches.push({ reason: v === 0 ? 'POSITION_MISSING_AT_BROKER' : 'POSITION_QTY_MISMATCH', symbol: ticker, detail });
    else if (v !== hedge) notes.push(`${ticker}: ${v} shares at the broker, ${hedge} of them Thetis's delta hedge; ${v - hedge} not managed by Thetis (an exercise or assignment leaves shares)`);
  }
  const today = () => nyDate(input.now);
  for (const symbol of new Set([...engine.keys(), ...venue.keys()])) {
    const e = engine.get(symbol) ?? 0;
    const v = venue.get(symbol) ?? 0;
    if (e === v) continue;
    const detail = `Thetis holds ${e}, the broker ${v}`;
    if (e === 0) {
      mismatches.push({ reason: 'BROKER_POSITION_UNKNOWN', symbol, detail });
      continue;
    }
    const adoption = v === 0 ? explained(symbol, e, input.changes, today) : undefined;
    if (adoption) adoptions.push(adoption);
    else mismatches.push({ reason: v === 0 ? 'POSITION_MISSING_AT_BROKER' : 'POSITION_QTY_MISMATCH', symbol, detail });
  }
  for (const o of input.venueOpenOrders) {
    if (input.knownOrderIds.has(o.clientOrderId)) continue;
    const thetis = isThetisOrderId(o.clientOrderId);
    if (!thetis && !isOccSymbol(o.symbol)) continue;
    mismatches.push({
      reason: thetis ? 'UNKNOWN_THETIS_ORDER' : 'FOREIGN_OPEN_ORDER',
      symbol: o.symbol,
      detail: thetis ? `order ${o.clientOrderId} is working at the broker but not in the order store` : `order ${o.clientOrderId} working at the broker was not placed by Thetis`,
    });
  }
  return { ok: mismatches.length === 0, adoptions, mismatches, notes };
}

/** The venue's own changes that take the whole position `held` away, as an adoption; undefined when they do not. */
function explained(symbol: string, held: number, changes: readonly VenueChange[], today: () => string): Adoption | undefined {
  const own = changes.filter((c) => c.symbol === symbol);
  const removed = own.reduce((sum, c) => sum + c.qty, 0);
  if (own.length > 0 && removed === -held) {
    const fills = own.filter((c) => c.kind === 'foreign-fill' && c.price !== undefined);
    if (fills.length === own.length) {
      const qty = fills.reduce((sum, c) => sum + Math.abs(c.qty), 0);
      const price = fills.reduce((sum, c) => sum + Math.abs(c.qty) * (c.price ?? 0), 0) / qty;
      return { reason: 'LIQUIDATED_AT_VENUE', symbol, price };
    }
    const last = own[own.length - 1];
    if (last?.kind === 'expiry') return { reason: 'EXPIRED_AT_VENUE', symbol, price: 0 };
    const at = last?.price === undefined ? {} : { price: last.price };
    if (last?.kind === 'assignment') return { reason: 'ASSIGNED_AT_VENUE', symbol, ...at };
    return { reason: 'EXERCISED_AT_VENUE', symbol, ...at };
  }
  // Expired (its last session is over) with no report of how: settled at intrinsic value, which is 0 out of the money.
  if (parseOcc(symbol).expiry < today()) return { reason: 'EXPIRED_AT_VENUE', symbol };
  return undefined;
}

function totals(holdings: readonly Holding[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const h of holdings) if (h.qty !== 0) out.set(h.symbol, (out.get(h.symbol) ?? 0) + h.qty);
  return out;
}
