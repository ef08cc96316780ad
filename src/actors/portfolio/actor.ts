import type { RiskConfig } from '../../domain/config/schema.js';
import { makeExposure, type Exposure } from '../../domain/portfolio/exposure.js';
import { RiskBook, type PortfolioGreeks, type RiskReason } from '../../domain/portfolio/index.js';
import { parseOrderId } from '../../domain/intents/ids.js';
import { deny, type Decision } from '../../domain/decision.js';
import type { GatewayMsg, PortfolioMsg } from '../messages.js';
import { ActorNames } from '../names.js';
import { spawnActor, supervision, tell, type ActorContext, type ActorRef } from '../runtime/index.js';
import { unreachable } from '../unreachable.js';
import type { RiskApprovals } from './approvals.js';

/**
 * The book and two indexes, all changed in place, every change O(1) whatever the number of open
 * positions (exposure updates are applied as they come: no buffer, no copy of the book). Each
 * message validates its input before it changes anything, so a handler that throws leaves the
 * state as it was and a restart resumes from it. The book's plain, serialisable form is
 * `book.toState()` (RiskBook.from takes it back).
 */
interface PortfolioActorState {
  readonly book: RiskBook;
  /**
   * Positions reported flat. Their opening order's settlement can arrive later (a cancel
   * acknowledged after the exit filled): it then only releases the reservation, never adds a
   * position that no longer exists. A position reported held again (the rest of its entry filled
   * late) leaves this set.
   */
  readonly closed: Set<string>;
  /** Reservations per position id (parsed from their client order ids): the positions awaiting settlement. */
  readonly awaiting: Map<string, number>;
  /** While reconciliation halts new entries, its reasons: every opening order is denied with them. Empty: not halted. */
  halt: readonly string[];
}

/** The position an opening order's reservation stands for. Throws (FOREIGN_ORDER_ID) for an id Thetis did not make. */
function positionOf(reservationId: string): string {
  return parseOrderId(reservationId).positionId;
}

function bump(counts: Map<string, number>, key: string, by: 1 | -1): void {
  const n = (counts.get(key) ?? 0) + by;
  if (n === 0) counts.delete(key);
  else counts.set(key, n);
}

/**
 * The one risk authority: aggregates greeks and capital at risk, checks and reserves budget for
 * an opening order in one step (so concurrent entries can never jointly break a cap), releases it
 * on reject or cancel, and turns it into a position on fill. An approved opening order is forwarded
 * to the gateway from here, with the approval the gateway redeems: no other path can send one.
 * Closing orders never come here.
 */
export function spawnPortfolio(
  parent: ActorRef<never>,
  equity: number,
  risk: RiskConfig,
  gateway: ActorRef<GatewayMsg>,
  approvals: Pick<RiskApprovals, 'issue'>,
): ActorRef<PortfolioMsg> {
  return spawnActor(parent, {
    name: ActorNames.portfolio,
    initialState: { book: new RiskBook(equity), closed: new Set<string>(), awaiting: new Map<string, number>(), halt: [] },
    supervision: supervision(),
    handle: (s: PortfolioActorState, msg: PortfolioMsg, ctx: ActorContext<PortfolioMsg>): PortfolioActorState => {
      handle(s, msg, ctx.clock.now());
      return s;
    },
  });

  function handle(s: PortfolioActorState, msg: PortfolioMsg, now: number): void {
    const { book, closed, awaiting } = s;
    switch (msg.type) {
      case 'exposure-updated': {
        const e = makeExposure(msg.exposure);
        applyExposure(book, awaiting, e);
        if (e.qty === 0) closed.add(e.id);
        else closed.delete(e.id);
        return;
      }
      case 'get-equity':
        tell(msg.replyTo, book.equity);
        return;
      case 'reserve': {
        if (now > msg.deadline) {
          tell(msg.replyTo, deny(['RISK_CHECK_EXPIRED']));
          return;
        }
        if (s.halt.length > 0) {
          // The halt's codes come from reconciliation (ENTRIES_HALTED first), outside RiskReason's list.
          tell(msg.replyTo, deny(s.halt) as Decision<PortfolioGreeks, string> as Decision<PortfolioGreeks, RiskReason>);
          return;
        }
        const decision = book.check({ effect: 'open', exposure: msg.exposure }, risk);
        if (!decision.ok) {
          tell(msg.replyTo, decision);
          return;
        }
        hold(book, awaiting, msg.exposure);
        tell(gateway, {
          type: 'submit',
          intent: msg.intent,
          approval: approvals.issue(msg.intent),
          ...(msg.context === undefined ? {} : { context: msg.context }),
          correlationId: msg.correlationId,
          // The decision chain's trace goes on with the approved order.
          ...(msg.trace === undefined ? {} : { trace: msg.trace }),
        });
        tell(msg.replyTo, decision);
        return;
      }
      case 'reservation-restored': // an entry in flight when the engine last stopped: held again unchecked (it was approved then)
        hold(book, awaiting, msg.exposure);
        return;
      case 'release':
        if (book.release(msg.reservationId)) bump(awaiting, positionOf(msg.reservationId), -1);
        return;
      case 'fill-settled':
        if (book.settleFill(msg.reservationId, msg.filled && !closed.has(msg.filled.id) ? msg.filled : undefined)) {
          bump(awaiting, positionOf(msg.reservationId), -1);
        }
        return;
      case 'position-adopted':
        if (!closed.has(msg.exposure.id)) book.upsertPosition(msg.exposure);
        return;
      case 'equity-updated':
        book.setEquity(msg.equity);
        return;
      case 'entries-halted':
        s.halt = [...msg.reasons];
        return;
      case 'get-portfolio':
        tell(msg.replyTo, {
          equity: book.equity,
          greeks: book.greeks(),
          positions: [...book.positions.values()],
          reservations: [...book.reservations.values()],
        });
        return;
      default:
        unreachable(msg);
    }
  }
}

/** Reserves an opening order's exposure (a retry replaces it) and counts its position as awaiting settlement. */
function hold(book: RiskBook, awaiting: Map<string, number>, exposure: Exposure): void {
  const position = positionOf(exposure.id); // throws before anything changes for an id Thetis did not make
  const retry = book.reservations.has(exposure.id);
  book.reserve(exposure);
  if (!retry) bump(awaiting, position, 1);
}

/**
 * A position's latest exposure, applied to the book at once (O(1)). It counts from the position's
 * settlement (its reservation stands for it until then); qty 0 removes a held one. One reported
 * held that is neither in the book nor awaiting settlement went flat and grew again from a late
 * fill of its entry, after that entry settled: its report puts it back, so its risk is counted.
 */
function applyExposure(book: RiskBook, awaiting: ReadonlyMap<string, number>, e: Exposure): void {
  if (book.updateHeldPosition(e)) return;
  if (e.qty !== 0 && !awaiting.has(e.id)) book.upsertPosition(e);
}
