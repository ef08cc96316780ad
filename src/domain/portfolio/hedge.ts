import { DomainError } from '../errors.js';
import { finite, nonNegative } from '../values/numbers.js';
import type { OrderEffect, OrderSide } from '../values/order.js';
import { atMost, moreThan, THRESHOLD_TOLERANCE } from '../values/threshold.js';

export const HEDGE_REASONS = [
  /** A hedge order: shares traded against the options' delta. */
  'DELTA_HEDGE',
  /** |net delta| (options plus hedge shares) is more than risk.maxNetDeltaShares. */
  'NET_DELTA_OVER_CAP',
  /** |net delta| is within the cap: nothing to hedge. */
  'NET_DELTA_WITHIN_CAP',
  /** Every underlying on the breach's side is hedged to flat: net delta stays beyond the target. */
  'HEDGE_SHORT_OF_TARGET',
  /** A closing order: the hedge is larger than its underlying's option delta, cut back to it. */
  'HEDGE_REDUCE',
  /** A closing order: the hedge's options are gone (or now point its way), the hedge is bought or sold back whole. */
  'HEDGE_UNWIND',
  /** A hedge order not sent: no price of its underlying seen yet (the engine's, beside the plan's reasons). */
  'HEDGE_NO_PRICE',
  /** An order of the hedge taken in from its execution: one the hedge did not track (its risk ask timed out as the portfolio approved it). */
  'HEDGE_ORDER_ADOPTED',
] as const;
export type HedgeReason = (typeof HEDGE_REASONS)[number];

/** One underlying's delta, in share equivalents. */
export interface UnderlyingDelta {
  readonly ticker: string;
  /** Σ qty × multiplier × delta of its option positions (+ long the underlying). */
  readonly optionDeltaShares: number;
  /** Shares held as its hedge, signed (+ long, − short); whole. */
  readonly hedgeShares: number;
}

/** A share order of the plan: an opening one (effect 'open') grows a hedge and goes through the risk gate; a closing one never does. */
export interface HedgeOrder {
  readonly ticker: string;
  readonly side: OrderSide;
  readonly effect: OrderEffect;
  /** Whole shares. */
  readonly qty: number;
  readonly reasons: readonly HedgeReason[];
}

export interface HedgePlan {
  /** Net delta before the plan: options plus hedge shares. */
  readonly netDeltaShares: number;
  /** Net delta once every order of the plan filled. */
  readonly netAfter: number;
  /** Closing orders first (reductions and unwinds, by ticker), then opening ones (largest option delta first). */
  readonly orders: readonly HedgeOrder[];
  readonly reasons: readonly HedgeReason[];
}

export interface HedgeLimits {
  /** risk.maxNetDeltaShares. */
  readonly capShares: number;
  /** hedging.delta.targetShareOfCap. */
  readonly targetShareOfCap: number;
}

/** The most shares that may hedge an option delta: never past flat, whole shares. */
function hedgeRoom(optionDeltaShares: number): number {
  return Math.floor(Math.abs(optionDeltaShares) + THRESHOLD_TOLERANCE);
}

/** Whole shares that bring `excess` (> 0) to zero or just past it (a fraction left over is traded, not kept). */
function sharesFor(excess: number): number {
  return Math.ceil(excess - THRESHOLD_TOLERANCE * Math.max(1, excess));
}

function check(underlyings: readonly UnderlyingDelta[], limits: HedgeLimits): void {
  nonNegative(limits.capShares, 'capShares');
  if (!(limits.targetShareOfCap >= 0 && limits.targetShareOfCap <= 1)) throw new DomainError('OUT_OF_RANGE', `targetShareOfCap must be in [0, 1], got ${limits.targetShareOfCap}`, 'targetShareOfCap');
  const seen = new Set<string>();
  for (const u of underlyings) {
    if (seen.has(u.ticker)) throw new DomainError('DUPLICATE_TICKER', `underlying ${u.ticker} given twice`, 'ticker');
    seen.add(u.ticker);
    finite(u.optionDeltaShares, 'optionDeltaShares');
    if (!Number.isInteger(u.hedgeShares)) throw new DomainError('NOT_WHOLE', `hedgeShares must be whole, got ${u.hedgeShares}`, 'hedgeShares');
  }
}

/** The closing order that makes a hedge lawful again (opposite its options, at most their delta), or none. */
function correction(u: UnderlyingDelta): HedgeOrder | undefined {
  const h = u.hedgeShares;
  if (h === 0) return undefined;
  const side: OrderSide = h > 0 ? 'sell' : 'buy';
  const opposite = Math.sign(u.optionDeltaShares) === -Math.sign(h);
  if (!opposite || hedgeRoom(u.optionDeltaShares) === 0) return { ticker: u.ticker, side, effect: 'close', qty: Math.abs(h), reasons: ['HEDGE_UNWIND'] };
  const excess = Math.abs(h) - hedgeRoom(u.optionDeltaShares);
  return excess > 0 ? { ticker: u.ticker, side, effect: 'close', qty: excess, reasons: ['HEDGE_REDUCE'] } : undefined;
}

function signedShares(o: HedgeOrder): number {
  return o.side === 'buy' ? o.qty : -o.qty;
}

/**
 * The delta hedge: share orders that keep the book's net delta (options plus hedge shares) within
 * risk.maxNetDeltaShares. First every hedge is made lawful again by closing orders: one whose
 * options are gone or now point its way is unwound (HEDGE_UNWIND), one larger than its options'
 * delta is cut back to it (HEDGE_REDUCE). Then, when |net| is more than the cap (moreThan), shares
 * are traded to bring it back to sign × targetShareOfCap × cap: on the underlyings whose option
 * delta has the breach's sign, largest |delta| first (ties by ticker), each hedged at most to flat
 * (floor |option delta| shares, opposite sign), the last one by the whole shares that reach the
 * target (a fraction of a share left over is traded, so net ends at or just inside the target).
 * Pure: quantities only, the intent builder prices them.
 */
export function planDeltaHedge(underlyings: readonly UnderlyingDelta[], limits: HedgeLimits): HedgePlan {
  check(underlyings, limits);
  const netDeltaShares = underlyings.reduce((n, u) => n + u.optionDeltaShares + u.hedgeShares, 0);
  const closes = [...underlyings]
    .sort((a, b) => a.ticker.localeCompare(b.ticker))
    .map(correction)
    .filter((o): o is HedgeOrder => o !== undefined);
  const hedged = new Map(underlyings.map((u) => [u.ticker, u.hedgeShares]));
  for (const o of closes) hedged.set(o.ticker, (hedged.get(o.ticker) ?? 0) + signedShares(o));
  let net = underlyings.reduce((n, u) => n + u.optionDeltaShares + (hedged.get(u.ticker) ?? 0), 0);
  if (!moreThan(Math.abs(net), limits.capShares)) return { netDeltaShares, netAfter: net, orders: closes, reasons: ['NET_DELTA_WITHIN_CAP'] };

  const sign = Math.sign(net);
  const target = sign * limits.targetShareOfCap * limits.capShares;
  let wanted = sharesFor(Math.abs(net - target));
  const candidates = underlyings
    .filter((u) => Math.sign(u.optionDeltaShares) === sign)
    .sort((a, b) => Math.abs(b.optionDeltaShares) - Math.abs(a.optionDeltaShares) || a.ticker.localeCompare(b.ticker));
  const opens: HedgeOrder[] = [];
  for (const u of candidates) {
    if (wanted === 0) break;
    const qty = Math.min(wanted, hedgeRoom(u.optionDeltaShares) - Math.abs(hedged.get(u.ticker) ?? 0));
    if (qty <= 0) continue;
    opens.push({ ticker: u.ticker, side: sign > 0 ? 'sell' : 'buy', effect: 'open', qty, reasons: ['DELTA_HEDGE', 'NET_DELTA_OVER_CAP'] });
    net -= sign * qty;
    wanted -= qty;
  }
  const short = atMost(Math.abs(net), Math.abs(target)) ? [] : (['HEDGE_SHORT_OF_TARGET'] as const);
  return { netDeltaShares, netAfter: net, orders: [...closes, ...opens], reasons: ['NET_DELTA_OVER_CAP', ...short] };
}
