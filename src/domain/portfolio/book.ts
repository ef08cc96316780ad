import type { RiskConfig } from '../config/schema.js';
import type { Decision } from '../decision.js';
import { DomainError } from '../errors.js';
import { positive } from '../values/numbers.js';
import { decideOrder, type AroundOrder, type OrderCheck, type RiskReason } from './check.js';
import { isShares } from '../values/order.js';
import { makeExposure, type Exposure } from './exposure.js';
import type { PortfolioGreeks } from './greeks.js';
import type { PortfolioState } from './state.js';
import { RunningTotals, type Contribution } from './totals.js';

/**
 * Changes after which the running totals are summed again from scratch; at least 4 × the entries
 * held, so the recount costs O(1) amortized per change.
 */
export const RESYNC_MIN_CHANGES = 65_536;

function bump(counts: Map<string, number>, key: string, by: number): void {
  const n = (counts.get(key) ?? 0) + by;
  if (n === 0) counts.delete(key);
  else counts.set(key, n);
}

function greeksOf(t: Contribution, equity: number, openPositions: number): PortfolioGreeks {
  const { netDeltaShares, netGamma, netTheta, netVega, capitalAtRisk } = t;
  return { netDeltaShares, netGamma, netTheta, netVega, capitalAtRisk, capitalAtRiskPct: capitalAtRisk / equity, openPositions };
}

/**
 * The risk authority's book, changed in place: positions (by position id), reservations (pending
 * opening orders, by client order id) and running totals of the net greeks, capital at risk,
 * entries per symbol and contracts held per symbol. A change takes the old exposure out of the
 * totals and counts the new one, so check, reserve, release, settle and every position update
 * cost O(1) whatever the number of open positions; only the snapshot reads (`toState`, iterating
 * `positions`) are O(n).
 *
 * Same semantics as the pure functions of state.ts and checkOrder (the tests hold it to them), and
 * the same cap comparisons (decideOrder). Every operation validates all its input before it
 * changes anything, so one that throws leaves the book as it was: an actor restarted after it
 * resumes from a consistent book.
 *
 * Floating-point drift: the totals are compensated (Neumaier) sums, within a few ulps of the exact
 * sum of the exposures held however many came and went; they are reset to exact zero when the book
 * empties and summed again from scratch every max(RESYNC_MIN_CHANGES, 4 × entries) changes, so the
 * error never depends on the book's history.
 */
export class RiskBook {
  private equityValue: number;
  private readonly positionsById = new Map<string, Exposure>();
  private readonly reservationsById = new Map<string, Exposure>();
  private readonly totals = new RunningTotals();
  /** Positions and reservations per option symbol (hedge shares are no open position): the open positions are its size. */
  private readonly entriesBySymbol = new Map<string, number>();
  /** Contracts held in positions per symbol, signed (reservations not counted). */
  private readonly heldBySymbol = new Map<string, number>();
  private changes = 0;

  constructor(equity: number) {
    this.equityValue = positive(equity, 'equity');
  }

  /** A book holding a PortfolioState's positions and reservations (O(n): restore, tests). */
  static from(state: PortfolioState): RiskBook {
    const book = new RiskBook(state.equity);
    for (const p of state.positions.values()) book.upsertPosition(p);
    for (const r of state.reservations.values()) book.reserve(r);
    return book;
  }

  get equity(): number {
    return this.equityValue;
  }

  /** Stored as given, like the pure state's: check and greeks refuse a non-positive equity. */
  setEquity(equity: number): void {
    this.equityValue = equity;
  }

  /** Filled positions by position id, in the order they opened (read only: a snapshot read is O(n)). */
  get positions(): ReadonlyMap<string, Exposure> {
    return this.positionsById;
  }

  /** Pending opening orders by client order id. */
  get reservations(): ReadonlyMap<string, Exposure> {
    return this.reservationsById;
  }

  /** The plain, serialisable state (copies of the maps: O(n)). */
  toState(): PortfolioState {
    return { equity: this.equityValue, positions: new Map(this.positionsById), reservations: new Map(this.reservationsById) };
  }

  /** portfolioGreeks of the book, from the running totals: O(1). */
  greeks(): PortfolioGreeks {
    positive(this.equityValue, 'equity');
    return greeksOf(this.totals.value, this.equityValue, this.entriesBySymbol.size);
  }

  /** checkOrder against this book: the same decision and reasons, in O(1). */
  check(order: OrderCheck, risk: RiskConfig): Decision<PortfolioGreeks, RiskReason> {
    const exposure = makeExposure(order.exposure);
    return decideOrder(order.effect, exposure, this.around(exposure), this.equityValue, risk);
  }

  /** Holds an approved opening order's exposure until it settles. Re-reserving the same id replaces it (idempotent retry). */
  reserve(exposure: Exposure): void {
    const e = makeExposure(exposure);
    const old = this.reservationsById.get(e.id);
    if (old !== undefined) this.count(old, -1, false);
    this.reservationsById.set(e.id, e);
    this.count(e, 1, false);
    this.changed();
  }

  /** Drops a reservation (order rejected or canceled unfilled). False (nothing changed) for an unknown id. */
  release(id: string): boolean {
    const old = this.reservationsById.get(id);
    if (old === undefined) return false;
    this.reservationsById.delete(id);
    this.count(old, -1, false);
    this.changed();
    return true;
  }

  /** Sets a position's current exposure (after a fill, a mark or a partial close); qty 0 removes it. */
  upsertPosition(exposure: Exposure): void {
    const e = makeExposure(exposure);
    if (e.qty === 0) {
      this.removePosition(e.id);
      return;
    }
    const old = this.positionsById.get(e.id);
    if (old !== undefined) this.count(old, -1, true);
    this.positionsById.set(e.id, e);
    this.count(e, 1, true);
    this.changed();
  }

  /**
   * Applies the latest exposure of a position already held (qty 0 removes); one not held is
   * ignored (false), so a late update cannot resurrect it. updateHeldPositions, one at a time.
   */
  updateHeldPosition(exposure: Exposure): boolean {
    if (!this.positionsById.has(exposure.id)) return false;
    this.upsertPosition(exposure);
    return true;
  }

  /** Removes a closed position. False (nothing changed) for an unknown id. */
  removePosition(id: string): boolean {
    const old = this.positionsById.get(id);
    if (old === undefined) return false;
    this.positionsById.delete(id);
    this.count(old, -1, true);
    this.changed();
    return true;
  }

  /**
   * Settles an opening order at its terminal event, as settleFill does: the reservation goes, and
   * the filled part (undefined when nothing filled) is added to the position `filled.id` (qty and
   * capital at risk summed, greeks taken from the fill). False (nothing changed) for a reservation
   * already settled, so a duplicate terminal event cannot double a position. Throws, changing
   * nothing, for a fill that does not match its position.
   */
  settleFill(reservationId: string, filled: Exposure | undefined): boolean {
    if (!this.reservationsById.has(reservationId)) return false;
    if (filled === undefined) return this.release(reservationId);
    const fill = makeExposure(filled);
    const held = this.positionsById.get(fill.id);
    let position = fill;
    if (held !== undefined) {
      if (held.symbol !== fill.symbol) {
        throw new DomainError('FILL_SYMBOL_MISMATCH', `fill for ${fill.symbol} does not match position ${fill.id} in ${held.symbol}`, 'symbol');
      }
      if (Math.sign(held.qty) * Math.sign(fill.qty) < 0) {
        throw new DomainError('FILL_SIDE_MISMATCH', `settleFill adds opening fills; reduce position ${fill.id} with upsertPosition`, 'qty');
      }
      position = makeExposure({ ...fill, qty: held.qty + fill.qty, capitalAtRisk: held.capitalAtRisk + fill.capitalAtRisk });
    }
    this.release(reservationId);
    this.upsertPosition(position);
    return true;
  }

  /** Sums the totals again from scratch, positions then reservations (O(n); also run by itself, amortized). */
  resync(): void {
    this.totals.reset();
    for (const p of this.positionsById.values()) this.totals.add(p, 1);
    for (const r of this.reservationsById.values()) this.totals.add(r, 1);
    this.changes = 0;
  }

  /**
   * The greeks without the order (a reservation with its id taken out) and with it, from the
   * totals: O(1), the same products as contribution(), no intermediate objects.
   */
  private around(order: Exposure): AroundOrder {
    positive(this.equityValue, 'equity');
    const t = this.totals;
    let netDeltaShares = t.delta.value;
    let netGamma = t.gamma.value;
    let netTheta = t.theta.value;
    let netVega = t.vega.value;
    let capitalAtRisk = t.risk.value;
    let symbols = this.entriesBySymbol.size;
    let onOrderSymbol = this.entriesBySymbol.get(order.symbol) ?? 0;
    const replaced = this.reservationsById.get(order.id);
    if (replaced !== undefined) {
      const shares = replaced.qty * replaced.multiplier;
      netDeltaShares -= shares * replaced.delta;
      netGamma -= shares * replaced.gamma;
      netTheta -= shares * replaced.theta;
      netVega -= shares * replaced.vega;
      capitalAtRisk -= replaced.capitalAtRisk;
      if (!isShares(replaced) && this.entriesBySymbol.get(replaced.symbol) === 1) symbols -= 1;
      if (replaced.symbol === order.symbol) onOrderSymbol -= 1;
    }
    const shares = order.qty * order.multiplier;
    const equity = this.equityValue;
    const before: PortfolioGreeks = { netDeltaShares, netGamma, netTheta, netVega, capitalAtRisk, capitalAtRiskPct: capitalAtRisk / equity, openPositions: symbols };
    const afterRisk = capitalAtRisk + order.capitalAtRisk;
    const after: PortfolioGreeks = {
      netDeltaShares: netDeltaShares + shares * order.delta,
      netGamma: netGamma + shares * order.gamma,
      netTheta: netTheta + shares * order.theta,
      netVega: netVega + shares * order.vega,
      capitalAtRisk: afterRisk,
      capitalAtRiskPct: afterRisk / equity,
      openPositions: symbols + (onOrderSymbol > 0 || isShares(order) ? 0 : 1),
    };
    return { before, after, held: this.heldBySymbol.get(order.symbol) ?? 0 };
  }

  /** Counts an entry in (+1) or out (−1) of every running total. */
  private count(e: Exposure, sign: 1 | -1, position: boolean): void {
    this.totals.add(e, sign);
    if (!isShares(e)) bump(this.entriesBySymbol, e.symbol, sign);
    if (position) bump(this.heldBySymbol, e.symbol, sign * e.qty);
  }

  private changed(): void {
    const entries = this.positionsById.size + this.reservationsById.size;
    if (entries === 0) {
      this.totals.reset(); // an empty book is exactly zero
      this.changes = 0;
    } else if (++this.changes >= Math.max(RESYNC_MIN_CHANGES, 4 * entries)) {
      this.resync();
    }
  }
}
