import type { RiskConfig } from '../../domain/config/schema.js';
import {
  checkOrder,
  emptyPortfolio,
  portfolioGreeks,
  release,
  reserve,
  settleFill,
  upsertPosition,
  type PortfolioState,
} from '../../domain/portfolio/index.js';
import type { PortfolioMsg } from '../messages.js';
import { ActorNames } from '../names.js';
import { spawnActor, supervision, tell, type ActorRef } from '../runtime/index.js';
import { unreachable } from '../unreachable.js';

/**
 * The one risk authority: aggregates greeks and capital at risk, checks and reserves budget for
 * an opening order in one step (so concurrent entries can never jointly break a cap), releases it
 * on reject or cancel, and turns it into a position on fill. Closing orders never come here.
 */
export function spawnPortfolio(parent: ActorRef<never>, equity: number, risk: RiskConfig): ActorRef<PortfolioMsg> {
  return spawnActor(parent, {
    name: ActorNames.portfolio,
    initialState: emptyPortfolio(equity),
    supervision: supervision(),
    handle: (s: PortfolioState, msg: PortfolioMsg): PortfolioState => {
      switch (msg.type) {
        case 'get-equity':
          tell(msg.replyTo, s.equity);
          return s;
        case 'reserve': {
          const decision = checkOrder({ effect: 'open', exposure: msg.exposure }, s, risk);
          tell(msg.replyTo, decision);
          return decision.ok ? reserve(s, msg.exposure) : s;
        }
        case 'release':
          return release(s, msg.reservationId);
        case 'fill-settled':
          return settleFill(s, msg.reservationId, msg.filled);
        case 'position-adopted':
          return upsertPosition(s, msg.exposure);
        case 'exposure-updated':
          // Updates only positions the portfolio holds (qty 0 removes); a late update cannot resurrect one.
          return msg.exposure.id in s.positions ? upsertPosition(s, msg.exposure) : s;
        case 'equity-updated':
          return { ...s, equity: msg.equity };
        case 'get-portfolio':
          tell(msg.replyTo, {
            equity: s.equity,
            greeks: portfolioGreeks(s),
            positions: Object.values(s.positions),
            reservations: Object.values(s.reservations),
          });
          return s;
        default:
          return unreachable(msg);
      }
    },
  });
}
