import { DomainError } from '../errors.js';
import { positive } from '../values/numbers.js';
import { makeExposure, type Exposure } from './exposure.js';

/**
 * A portfolio as plain data (structured-cloneable): `positions` are filled (keyed by position id);
 * `reservations` are pending opening orders (keyed by client order id), counted as if filled until
 * they settle. Every function here returns a new state and none mutates, at the cost of a copy of a
 * map per change: the reference model, and the form of snapshots and one-off reads (status). The
 * risk authority keeps a RiskBook (book.ts), the same operations in O(1) each.
 */
export interface PortfolioState {
  readonly equity: number;
  readonly positions: ReadonlyMap<string, Exposure>;
  readonly reservations: ReadonlyMap<string, Exposure>;
}

export function emptyPortfolio(equity: number): PortfolioState {
  return { equity: positive(equity, 'equity'), positions: new Map(), reservations: new Map() };
}

function without(map: ReadonlyMap<string, Exposure>, id: string): Map<string, Exposure> {
  const rest = new Map(map);
  rest.delete(id);
  return rest;
}

/** Holds an approved opening order's exposure until it settles. Re-reserving the same id replaces it (idempotent retry). */
export function reserve(state: PortfolioState, exposure: Exposure): PortfolioState {
  const e = makeExposure(exposure);
  return { ...state, reservations: new Map(state.reservations).set(e.id, e) };
}

/** Drops a reservation (order rejected or canceled unfilled). An unknown id changes nothing. */
export function release(state: PortfolioState, id: string): PortfolioState {
  if (!state.reservations.has(id)) return state;
  return { ...state, reservations: without(state.reservations, id) };
}

/** Sets a position's current exposure (after a fill, a mark or a partial close); qty 0 removes it. */
export function upsertPosition(state: PortfolioState, exposure: Exposure): PortfolioState {
  const e = makeExposure(exposure);
  if (e.qty === 0) return removePosition(state, e.id);
  return { ...state, positions: new Map(state.positions).set(e.id, e) };
}

/**
 * Applies the latest exposures of positions already held, in one copy of the book (qty 0
 * removes); exposures of positions not held are ignored, so a late update cannot resurrect one.
 */
export function updateHeldPositions(state: PortfolioState, exposures: Iterable<Exposure>): PortfolioState {
  let positions: Map<string, Exposure> | undefined;
  for (const raw of exposures) {
    if (!state.positions.has(raw.id)) continue;
    const e = makeExposure(raw);
    positions ??= new Map(state.positions);
    if (e.qty === 0) positions.delete(e.id);
    else positions.set(e.id, e);
  }
  return positions === undefined ? state : { ...state, positions };
}

/** Removes a closed position. An unknown id changes nothing. */
export function removePosition(state: PortfolioState, id: string): PortfolioState {
  if (!state.positions.has(id)) return state;
  return { ...state, positions: without(state.positions, id) };
}

/**
 * Settles an opening order at its terminal event: the reservation goes, and the filled part
 * (its cumulative fill; undefined when nothing filled) is added to the position `filled.id`
 * (qty and capital at risk summed, greeks taken from the fill). Until then a partially filled
 * order keeps counting in full. A repeat for a settled reservation changes nothing, so a
 * duplicate terminal event cannot double a position.
 */
export function settleFill(state: PortfolioState, reservationId: string, filled: Exposure | undefined): PortfolioState {
  if (!state.reservations.has(reservationId)) return state;
  const next = release(state, reservationId);
  if (filled === undefined) return next;
  const fill = makeExposure(filled);
  const held = next.positions.get(fill.id);
  if (held === undefined) return upsertPosition(next, fill);
  if (held.symbol !== fill.symbol) {
    throw new DomainError('FILL_SYMBOL_MISMATCH', `fill for ${fill.symbol} does not match position ${fill.id} in ${held.symbol}`, 'symbol');
  }
  if (Math.sign(held.qty) * Math.sign(fill.qty) < 0) {
    throw new DomainError('FILL_SIDE_MISMATCH', `settleFill adds opening fills; reduce position ${fill.id} with upsertPosition`, 'qty');
  }
  return upsertPosition(next, { ...fill, qty: held.qty + fill.qty, capitalAtRisk: held.capitalAtRisk + fill.capitalAtRisk });
}
