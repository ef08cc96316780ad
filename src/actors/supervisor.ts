import { rulesFor } from '../domain/config/load.js';
import { parseOrderId } from '../domain/intents/ids.js';
import type { EngineDeps } from './deps.js';
import type { PositionMsg, SupervisorMsg, UnderlyingMsg } from './messages.js';
import { ActorNames } from './names.js';
import { spawnPosition } from './position/actor.js';
import { spawnActor, stopActor, supervision, tell, type ActorRef } from './runtime/index.js';
import type { TreeRefs } from './tree.js';
import { unreachable } from './unreachable.js';

/** Who is alive: written by the supervisor (and the engine when it spawns underlyings), read for routing. */
export interface Registry {
  readonly underlyings: Map<string, ActorRef<UnderlyingMsg>>;
  readonly positions: Map<string, ActorRef<PositionMsg>>;
}

/**
 * Spawns a position actor per entry fill, stops it when flat, and routes executions to the
 * actor that owns the order (read from the deterministic client order id). Bars bypass it:
 * the engine tells underlyings directly, so this actor stays off the hot path.
 */
export function spawnSupervisor(
  parent: ActorRef<never>,
  registry: Registry,
  deps: EngineDeps,
  refs: () => TreeRefs,
): ActorRef<SupervisorMsg> {
  return spawnActor(parent, {
    name: ActorNames.supervisor,
    initialState: registry,
    supervision: supervision(),
    handle: (r: Registry, msg: SupervisorMsg, ctx) => {
      switch (msg.type) {
        case 'open-position': {
          const { position } = msg;
          const ticker = position.contract.underlying;
          const ref = spawnPosition(ctx.self, msg, rulesFor(deps.config, ticker), deps, refs());
          r.positions.set(position.id, ref);
          tell(ref, { type: 'start' });
          const underlying = r.underlyings.get(ticker);
          if (underlying) tell(underlying, { type: 'position-opened', positionId: position.id, ref, correlationId: msg.correlationId });
          return r;
        }
        case 'stop-position': {
          const ref = r.positions.get(msg.positionId);
          if (ref) stopActor(ref);
          r.positions.delete(msg.positionId);
          const underlying = r.underlyings.get(msg.underlying);
          if (underlying) tell(underlying, { type: 'position-closed', positionId: msg.positionId, correlationId: msg.correlationId });
          return r;
        }
        case 'entry-filled': {
          const ref = r.positions.get(msg.positionId);
          if (ref) tell(ref, msg);
          else ctx.log.warn({ positionId: msg.positionId }, 'entry fill for no live position');
          return r;
        }
        case 'execution': {
          const owner = parseOrderId(msg.execution.clientOrderId);
          const target = owner.effect === 'open' ? r.underlyings.get(owner.ticker) : r.positions.get(owner.positionId);
          if (target) tell(target, msg);
          else ctx.log.warn({ clientOrderId: msg.execution.clientOrderId, status: msg.execution.status }, 'execution for no live actor');
          return r;
        }
        default:
          return unreachable(msg);
      }
    },
  });
}
