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
  /** Option symbol → ids of the positions holding it, to route option quotes. */
  readonly holders: Map<string, Set<string>>;
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
    // A child past its restart budget has stopped. A position actor's position is still open at
    // the broker: record it loudly (reconciliation adopts it on the next start); an underlying
    // actor is respawned on its next bar.
    onChildFailure: (r: Registry, failure, ctx) => {
      const name = failure.actor.slice(failure.actor.lastIndexOf('/') + 1);
      const position = [...r.positions].find(([, ref]) => ref.name === name);
      const underlying = [...r.underlyings].find(([, ref]) => ref.name === name);
      if (position) forget(r, position[0]);
      if (underlying) r.underlyings.delete(underlying[0]);
      const ticker = underlying?.[0] ?? position?.[0].split('-')[0] ?? '';
      const reason = position ? 'POSITION_ACTOR_FAILED' : underlying ? 'UNDERLYING_ACTOR_FAILED' : 'ACTOR_FAILED';
      ctx.log.error({ actor: failure.actor, crashes: failure.crashes }, 'child actor failed past its restart budget');
      deps.decisions.record({ ts: ctx.clock.now(), correlationId: name, kind: 'supervision', ok: false, underlying: ticker, reasons: [reason] });
      return r;
    },
    handle: (r: Registry, msg: SupervisorMsg, ctx) => {
      switch (msg.type) {
        case 'open-position': {
          const { position } = msg;
          const ticker = position.contract.underlying;
          const ref = spawnPosition(ctx.self, msg, rulesFor(deps.config, ticker), deps, refs());
          r.positions.set(position.id, ref);
          const holders = r.holders.get(position.contract.symbol) ?? new Set<string>();
          r.holders.set(position.contract.symbol, holders.add(position.id));
          tell(ref, { type: 'start' });
          const underlying = r.underlyings.get(ticker);
          if (underlying) tell(underlying, { type: 'position-opened', positionId: position.id, ref, correlationId: msg.correlationId });
          return r;
        }
        case 'stop-position': {
          const ref = r.positions.get(msg.positionId);
          if (ref) stopActor(ref);
          forget(r, msg.positionId);
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

function forget(r: Registry, positionId: string): void {
  r.positions.delete(positionId);
  for (const [symbol, ids] of r.holders) if (ids.delete(positionId) && ids.size === 0) r.holders.delete(symbol);
}
