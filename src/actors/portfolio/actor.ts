import type { RiskConfig } from '../../domain/config/schema.js';
import type { Exposure } from '../../domain/portfolio/exposure.js';
import {
  checkOrder,
  emptyPortfolio,
  portfolioGreeks,
  release,
  reserve,
  settleFill,
  updateHeldPositions,
  upsertPosition,
  type PortfolioState,
} from '../../domain/portfolio/index.js';
import { parseOrderId } from '../../domain/intents/ids.js';
import { deny } from '../../domain/decision.js';
import type { GatewayMsg, PortfolioMsg } from '../messages.js';
import { ActorNames } from '../names.js';
import { spawnActor, supervision, tell, type ActorContext, type ActorRef } from '../runtime/index.js';
import { unreachable } from '../unreachable.js';
import type { RiskApprovals } from './approvals.js';

/**
 * The book, and the latest exposure updates not yet folded into it. Every position reports its
 * greeks each minute; folding them one by one would copy the book per update, so they wait here
 * (latest per position) and are applied in one pass before anything reads the book.
 */
interface PortfolioActorState {
  readonly book: PortfolioState;
  readonly updates: Map<string, Exposure>;
  /**
   * Positions reported flat. Their opening order's settlement can arrive later (a cancel
   * acknowledged after the exit filled): it then only releases the reservation, never adds a
   * position that no longer exists. A position reported held again (the rest of its entry filled
   * late) leaves this set.
   */
  readonly closed: Set<string>;
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
    initialState: { book: emptyPortfolio(equity), updates: new Map<string, Exposure>(), closed: new Set<string>() },
    supervision: supervision(),
    handle: (s: PortfolioActorState, msg: PortfolioMsg, ctx: ActorContext<PortfolioMsg>): PortfolioActorState => {
      if (msg.type === 'exposure-updated') {
        s.updates.set(msg.exposure.id, msg.exposure);
        if (msg.exposure.qty === 0) s.closed.add(msg.exposure.id);
        else s.closed.delete(msg.exposure.id);
        return s;
      }
      const book = next(s.updates.size === 0 ? s.book : fold(s.book, s.updates), msg, s.closed, ctx.clock.now());
      s.updates.clear(); // folded in: cleared only once the message was handled without a crash
      return { ...s, book };
    },
  });

  /**
   * The book with the latest exposure updates. A position's updates count from its settlement
   * (its reservation stands for it until then). One reported held that is neither in the book nor
   * awaiting settlement went flat and grew again from a late fill of its entry, after that entry
   * settled: its report puts it back, so its risk is counted.
   */
  function fold(book: PortfolioState, updates: ReadonlyMap<string, Exposure>): PortfolioState {
    let out = book;
    let awaiting: ReadonlySet<string> | undefined;
    for (const e of updates.values()) {
      if (e.qty === 0 || out.positions.has(e.id)) continue;
      awaiting ??= awaitingSettlement(out);
      if (!awaiting.has(e.id)) out = upsertPosition(out, e);
    }
    return updateHeldPositions(out, updates.values());
  }

  function next(s: PortfolioState, msg: Exclude<PortfolioMsg, { type: 'exposure-updated' }>, closed: ReadonlySet<string>, now: number): PortfolioState {
    switch (msg.type) {
      case 'get-equity':
        tell(msg.replyTo, s.equity);
        return s;
      case 'reserve': {
        if (now > msg.deadline) {
          tell(msg.replyTo, deny(['RISK_CHECK_EXPIRED']));
          return s;
        }
        const decision = checkOrder({ effect: 'open', exposure: msg.exposure }, s, risk);
        if (!decision.ok) {
          tell(msg.replyTo, decision);
          return s;
        }
        const reserved = reserve(s, msg.exposure);
        tell(gateway, { type: 'submit', intent: msg.intent, approval: approvals.issue(msg.intent), correlationId: msg.correlationId });
        tell(msg.replyTo, decision);
        return reserved;
      }
      case 'release':
        return release(s, msg.reservationId);
      case 'fill-settled':
        return settleFill(s, msg.reservationId, msg.filled && !closed.has(msg.filled.id) ? msg.filled : undefined);
      case 'position-adopted':
        return closed.has(msg.exposure.id) ? s : upsertPosition(s, msg.exposure);
      case 'equity-updated':
        return { ...s, equity: msg.equity };
      case 'get-portfolio':
        tell(msg.replyTo, {
          equity: s.equity,
          greeks: portfolioGreeks(s),
          positions: [...s.positions.values()],
          reservations: [...s.reservations.values()],
        });
        return s;
      default:
        return unreachable(msg);
    }
  }
}

/** The positions whose opening order still holds a reservation (keyed by its client order id: entries' are Thetis ids). */
function awaitingSettlement(book: PortfolioState): ReadonlySet<string> {
  return new Set([...book.reservations.keys()].map((id) => parseOrderId(id).positionId));
}
