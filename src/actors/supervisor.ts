import { rulesFor } from '../domain/config/load.js';
import { parseOrderId } from '../domain/intents/ids.js';
import { parseOcc } from '../domain/values/contract.js';
import type { EngineDeps } from './deps.js';
import type { PositionMsg, SupervisorMsg, UnderlyingMsg } from './messages.js';
import { ActorNames } from './names.js';
import { spawnPosition } from './position/actor.js';
import { seedFrom } from './position/journal.js';
import type { PositionJournal } from './ports/position-journal.js';
import { spawnActor, stopActor, supervision, tell, type ActorRef, type Logger } from './runtime/index.js';
import type { TreeRefs } from './tree.js';
import { spawnUnderlying } from './underlying/actor.js';
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
    // the broker: it is recorded loudly and, with a journal, spawned again from its last snapshot
    // (without one, reconciliation adopts it on the next start). An underlying actor is spawned
    // again at once, with the ticker's open positions: the executions of its orders and the bars
    // of its positions must keep finding it.
    onChildFailure: (r: Registry, failure, ctx) => {
      const name = failure.actor.slice(failure.actor.lastIndexOf('/') + 1);
      const position = [...r.positions].find(([, ref]) => ref.name === name);
      const underlying = [...r.underlyings].find(([, ref]) => ref.name === name);
      if (position) forget(r, position[0]);
      if (underlying) {
        r.underlyings.delete(underlying[0]);
        underlyingOf(r, underlying[0], ctx.self, deps, refs());
      }
      const ticker = underlying?.[0] ?? position?.[0].split('-')[0] ?? '';
      const reason = position ? 'POSITION_ACTOR_FAILED' : underlying ? 'UNDERLYING_ACTOR_FAILED' : 'ACTOR_FAILED';
      ctx.log.error({ actor: failure.actor, crashes: failure.crashes }, 'child actor failed past its restart budget');
      deps.decisions.record({ ts: ctx.clock.now(), correlationId: name, kind: 'supervision', ok: false, underlying: ticker, reasons: [reason] });
      if (position && deps.journal) respawnFromJournal(position[0], ticker, deps.journal, ctx.self, ctx.log, () => ctx.clock.now(), deps);
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
          const owner = ownerOf(msg.execution.clientOrderId);
          if (owner === undefined) {
            // Not a Thetis order: one the broker placed itself (a liquidation, an exercise), or a
            // trader's by hand. Recorded loudly for reconciliation to adopt; never routed, never a crash.
            const e = msg.execution;
            ctx.log.error({ clientOrderId: e.clientOrderId, symbol: e.symbol, status: e.status, cumQty: e.cumQty }, 'execution of an order Thetis did not place');
            deps.decisions.record({ ts: e.ts, correlationId: e.correlationId, kind: 'execution', ok: false, underlying: underlyingOfSymbol(e.symbol), symbol: e.symbol, reasons: ['FOREIGN_ORDER'] });
            return r;
          }
          const target = owner.role === 'entry' ? r.underlyings.get(owner.ticker) : r.positions.get(owner.positionId);
          if (target) tell(target, msg);
          else ctx.log.warn({ clientOrderId: msg.execution.clientOrderId, status: msg.execution.status }, 'execution for no live actor');
          return r;
        }
        case 'open-roll': {
          // A rolled long's open, handed from its position to its underlying; with none, the position asks again on its next bar.
          const underlying = r.underlyings.get(parseOcc(msg.symbol).underlying);
          if (underlying) tell(underlying, msg);
          else ctx.log.warn({ positionId: msg.rolledFrom, symbol: msg.symbol }, 'roll open for no live underlying');
          return r;
        }
        default:
          return unreachable(msg);
      }
    },
  });
}

/**
 * The ticker's underlying actor, spawned under the supervisor when it has none: the first time the
 * ticker is seen, or at once after its actor failed past its restart budget. A new one is given the
 * ticker's open positions, so their bars (and the exits those drive) keep coming.
 */
export function underlyingOf(r: Registry, ticker: string, supervisor: ActorRef<never>, deps: EngineDeps, refs: TreeRefs): ActorRef<UnderlyingMsg> {
  const known = r.underlyings.get(ticker);
  if (known) return known;
  const ref = spawnUnderlying(supervisor, ticker, rulesFor(deps.config, ticker), deps, refs, positionsOf(r, ticker));
  r.underlyings.set(ticker, ref);
  return ref;
}

/** The live position actors on the ticker's contracts, by position id. */
function positionsOf(r: Registry, ticker: string): Map<string, ActorRef<PositionMsg>> {
  const out = new Map<string, ActorRef<PositionMsg>>();
  for (const [symbol, ids] of r.holders) {
    if (parseOcc(symbol).underlying !== ticker) continue;
    for (const id of ids) {
      const ref = r.positions.get(id);
      if (ref) out.set(id, ref);
    }
  }
  return out;
}

/** Reads the position's last snapshot from the journal and has the supervisor spawn its actor again from it. */
function respawnFromJournal(positionId: string, ticker: string, journal: PositionJournal, self: ActorRef<SupervisorMsg>, log: Logger, now: () => number, deps: EngineDeps): void {
  const record = (ok: boolean, reason: string) => deps.decisions.record({ ts: now(), correlationId: positionId, kind: 'supervision', ok, underlying: ticker, reasons: [reason] });
  const respawn = async () => {
    const snapshot = (await journal.openPositions()).find((s) => s.id === positionId);
    if (snapshot === undefined) throw new Error('not in the journal');
    tell(self, { type: 'open-position', ...seedFrom(snapshot), correlationId: positionId });
    record(true, 'POSITION_RESPAWNED_FROM_JOURNAL');
  };
  respawn().catch((error: unknown) => {
    log.error({ positionId, error: error instanceof Error ? error.message : String(error) }, 'failed position actor not spawned again from the journal: left for reconciliation');
    record(false, 'POSITION_NOT_IN_JOURNAL');
  });
}

/** Who owns an order, from its client order id; undefined for an id Thetis did not make. */
function ownerOf(clientOrderId: string): ReturnType<typeof parseOrderId> | undefined {
  try {
    return parseOrderId(clientOrderId);
  } catch {
    return undefined;
  }
}

function underlyingOfSymbol(symbol: string): string {
  try {
    return parseOcc(symbol).underlying;
  } catch {
    return '';
  }
}

function forget(r: Registry, positionId: string): void {
  r.positions.delete(positionId);
  for (const [symbol, ids] of r.holders) if (ids.delete(positionId) && ids.size === 0) r.holders.delete(symbol);
}
