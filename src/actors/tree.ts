import type { GatewayMsg, PortfolioMsg, SupervisorMsg } from './messages.js';
import type { ActorRef } from './runtime/index.js';

/** The fixed actors every underlying and position actor talks to. */
export interface TreeRefs {
  readonly supervisor: ActorRef<SupervisorMsg>;
  readonly portfolio: ActorRef<PortfolioMsg>;
  readonly gateway: ActorRef<GatewayMsg>;
}
