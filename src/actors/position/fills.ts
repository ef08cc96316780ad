import { intrinsicValue } from '../../domain/premium/settlement.js';
import { isTerminal } from '../../domain/orders/lifecycle.js';
import { fillDelta } from '../../domain/orders/progress.js';
import type { Execution } from '../../domain/values/execution.js';
import { makePosition } from '../../domain/values/position.js';
import type { EngineDeps } from '../deps.js';
import type { ContractSettled, EntryFilled, TraceContext } from '../messages.js';
import { tell } from '../runtime/index.js';
import type { TreeRefs } from '../tree.js';
import { positionExposure } from './exposure.js';
import type { PositionState } from './state.js';
import { closeTrade } from './trade.js';

/** How a position's quantity changes: its closing fills, late entry fills, expiry settlement. */

/** A fill (or the end) of the position's own closing order. */
export function onExecution(s: PositionState, e: Execution, deps: EngineDeps, refs: TreeRefs, trace?: TraceContext): PositionState {
  const pending = s.pendingExit;
  const underlying = s.position.contract.underlying;
  if (pending === undefined || pending.clientOrderId !== e.clientOrderId) {
    deps.decisions.record({ ts: e.ts, correlationId: e.correlationId, kind: 'execution', ok: false, underlying, symbol: e.symbol, reasons: ['UNKNOWN_ORDER'] });
    return s;
  }
  // Applied by cumulative quantity and average price, so a redelivered execution changes nothing.
  const { qty: filled, notional } = fillDelta(pending, e);
  let next: PositionState = { ...s, pendingExit: { ...pending, cumQty: pending.cumQty + filled, notional: pending.notional + notional } };
  if (filled > 0) {
    const position = { ...s.position, qty: s.position.qty - filled };
    next = {
      ...next,
      position,
      exitQty: s.exitQty + filled,
      exitNotional: s.exitNotional + notional,
      exitFees: s.exitFees + e.fees,
      exitReasons: [...new Set([...s.exitReasons, ...pending.reasons])],
    };
    tell(refs.portfolio, { type: 'exposure-updated', exposure: positionExposure(position, s.greeks) });
  }
  if (!isTerminal(e.status)) return next;
  if (pending.cumQty + filled === 0) {
    if (!pending.cancelling) {
      deps.decisions.record({ ts: e.ts, correlationId: e.correlationId, kind: 'execution', ok: false, underlying, symbol: e.symbol, reasons: [e.reason ?? `ORDER_${e.status.toUpperCase()}`] });
    }
    // Nothing sold: a partial exit that did not happen is not a stage taken.
    const { trailFloorPct: _floor, ...rest } = next.position;
    const position = { ...rest, partialStage: pending.stageBefore, ...(pending.floorBefore === undefined ? {} : { trailFloorPct: pending.floorBefore }) };
    next = { ...next, position };
  }
  if (next.roll !== undefined && next.position.qty > 0) {
    // A roll's close that ended short of flat: the roll is given up, the position holds what is left (and may roll again on a later bar).
    deps.decisions.record({ ts: e.ts, correlationId: e.correlationId, kind: 'roll', ok: false, underlying, symbol: e.symbol, reasons: ['ROLL_CLOSE_UNFILLED'] });
    next = { ...next, roll: undefined };
  }
  return closeIfFlat({ ...next, pendingExit: undefined }, e.ts, e.correlationId, deps, refs, trace);
}

/** More of the opening order filled: the position grows at the blended entry price. */
export function onEntryFilled(s: PositionState, msg: EntryFilled, now: number, deps: EngineDeps, refs: TreeRefs): PositionState {
  const p = s.position;
  const initialQty = p.initialQty + msg.qty;
  const entryPrice = msg.qty > 0 ? (p.entryPrice * p.initialQty + msg.price * msg.qty) / initialQty : p.entryPrice;
  const position = makePosition({ ...p, qty: p.qty + msg.qty, initialQty, entryPrice });
  if (msg.qty > 0) tell(refs.portfolio, { type: 'exposure-updated', exposure: positionExposure(position, s.greeks) });
  const next = { ...s, position, entryFees: s.entryFees + msg.fees, entryWorking: !msg.final };
  return closeIfFlat(next, now, msg.correlationId, deps, refs, msg.trace);
}

/**
 * A fill (or the end) of the position's scale-in order: the position grows at the blended entry
 * price, as for a late entry fill. When it ends, its reservation goes back: what filled is in the
 * position's exposure already.
 */
export function onAddExecution(s: PositionState, e: Execution, deps: EngineDeps, refs: TreeRefs, trace?: TraceContext): PositionState {
  const scaleIn = s.scaleIn;
  const pending = scaleIn?.pending;
  if (scaleIn === undefined || pending === undefined) return s;
  const { qty: filled, notional } = fillDelta(pending, e);
  const cumQty = pending.cumQty + filled;
  let next: PositionState = { ...s, scaleIn: { ...scaleIn, pending: { ...pending, cumQty, notional: pending.notional + notional } } };
  if (filled > 0) {
    const p = s.position;
    const initialQty = p.initialQty + filled;
    const position = makePosition({ ...p, qty: p.qty + filled, initialQty, entryPrice: (p.entryPrice * p.initialQty + notional) / initialQty });
    next = { ...next, position, entryFees: s.entryFees + e.fees, entryReasons: [...new Set([...s.entryReasons, ...pending.reasons])] };
  }
  const terminal = isTerminal(e.status);
  // When it ends its reservation goes first, so what filled is then counted once, by the position's exposure.
  if (terminal) tell(refs.portfolio, { type: 'release', reservationId: pending.clientOrderId, correlationId: e.correlationId });
  if (filled > 0) tell(refs.portfolio, { type: 'exposure-updated', exposure: positionExposure(next.position, s.greeks) });
  if (!terminal) return next;
  const reasons = cumQty > 0 ? ['SCALE_IN_FILLED'] : [e.reason ?? `ORDER_${e.status.toUpperCase()}`];
  deps.decisions.record({ ts: e.ts, correlationId: e.correlationId, kind: 'execution', ok: cumQty > 0, underlying: s.position.contract.underlying, symbol: e.symbol, reasons });
  return closeIfFlat({ ...next, scaleIn: { plan: scaleIn.plan, seq: scaleIn.seq, done: true } }, e.ts, e.correlationId, deps, refs, trace);
}

/**
 * An execution of one of this position's scale-in orders that it is not tracking: one the portfolio
 * sent after the position's ask had timed out, or sent before a crash the journal did not see. It is
 * taken up as the add in flight (fills grow the position, its end gives back the reservation) and,
 * while working, cancelled: nothing keeps filling unwatched. Recorded loudly.
 */
export function adoptAdd(s: PositionState, e: Execution, deps: EngineDeps, refs: TreeRefs, trace?: TraceContext): PositionState {
  const scaleIn = s.scaleIn;
  if (scaleIn === undefined || scaleIn.pending !== undefined) return onExecution(s, e, deps, refs, trace);
  const working = !isTerminal(e.status);
  if (working) tell(refs.gateway, { type: 'cancel', clientOrderId: e.clientOrderId, correlationId: e.correlationId, trace: s.entryTrace });
  deps.decisions.record({ ts: e.ts, correlationId: e.correlationId, kind: 'execution', ok: false, underlying: s.position.contract.underlying, symbol: e.symbol, reasons: ['ORPHANED_ADD'] });
  const exposure = { ...positionExposure(s.position, s.greeks), id: e.clientOrderId };
  const pending = { clientOrderId: e.clientOrderId, qty: Math.max(e.cumQty, 1), reasons: ['TRANCHE_ADD'], sentAt: e.ts, cumQty: 0, notional: 0, exposure, cancelling: working };
  return onAddExecution({ ...s, scaleIn: { ...scaleIn, done: true, pending } }, e, deps, refs, trace);
}

/** Expiry settled what was still held: the position closes at the settlement price. */
export function onSettled(s: PositionState, msg: ContractSettled, deps: EngineDeps, refs: TreeRefs): PositionState {
  const qty = s.position.qty;
  if (qty === 0) return s;
  const { contract, structure } = s.position;
  const spot = s.lastBar?.close ?? s.position.entryUnderlying;
  // A sold structure settles at what its legs are worth together (short − long), whatever one leg's report says.
  const price =
    structure === undefined
      ? (msg.price ?? intrinsicValue(contract, spot))
      : Math.max(0, structure.legs.reduce((v, l) => v + (l.side === 'short' ? 1 : -1) * intrinsicValue(l.contract, spot), 0));
  const reason = msg.reason ?? (price > 0 ? 'EXPIRED_ITM_SETTLED' : 'EXPIRED_WORTHLESS');
  deps.decisions.record({ ts: msg.ts, correlationId: msg.correlationId, kind: 'exit', ok: true, underlying: s.position.contract.underlying, symbol: s.position.contract.symbol, reasons: [reason] });
  const next: PositionState = {
    ...s,
    position: { ...s.position, qty: 0 },
    pendingExit: undefined,
    // Settled at expiry: the roll's close did not happen, so there is nothing to roll into.
    roll: undefined,
    entryWorking: false,
    exitQty: s.exitQty + qty,
    exitNotional: s.exitNotional + qty * price,
    exitReasons: [...new Set([...s.exitReasons, reason])],
  };
  tell(refs.portfolio, { type: 'exposure-updated', exposure: positionExposure(next.position, s.greeks) });
  return closeIfFlat(next, msg.ts, msg.correlationId, deps, refs, msg.trace);
}

/**
 * Flat, with no order of its own working, no entry or add fill still to come and no roll still to
 * hand to the underlying: record the trade and stop.
 */
export function closeIfFlat(s: PositionState, ts: number, correlationId: string, deps: EngineDeps, refs: TreeRefs, trace: TraceContext | undefined): PositionState {
  if (s.position.qty > 0 || s.pendingExit !== undefined || s.entryWorking || s.scaleIn?.pending !== undefined || s.roll !== undefined) return s;
  deps.trades.record(closeTrade(s, ts), trace);
  const underlying = s.position.contract.underlying;
  tell(refs.supervisor, { type: 'stop-position', positionId: s.position.id, underlying, correlationId });
  return s;
}
