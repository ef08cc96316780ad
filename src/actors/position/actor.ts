import { exitDeadlines } from '../../domain/exits/deadlines.js';
import { evaluateExit } from '../../domain/exits/evaluate.js';
import { isThetisOrderId, parseOrderId } from '../../domain/intents/ids.js';
import { planExit } from '../../domain/intents/exit.js';
import type { Rules } from '../../domain/config/schema.js';
import type { Features } from '../../domain/features.js';
import type { Bar } from '../../domain/values/bar.js';
import type { Position } from '../../domain/values/position.js';
import type { Greeks } from '../../domain/values/quote.js';
import type { EngineDeps } from '../deps.js';
import type { PositionMsg, TraceContext } from '../messages.js';
import { NOOP_SPAN, ThetisAttr } from '../ports/tracing.js';
import { ActorNames } from '../names.js';
import { spawnActor, supervision, tell, type ActorContext, type ActorRef } from '../runtime/index.js';
import type { TreeRefs } from '../tree.js';
import { unreachable } from '../unreachable.js';
import { positionExposure, quoteGreeks } from './exposure.js';
import { adoptAdd, closeIfFlat, onAddExecution, onEntryFilled, onExecution, onSettled } from './fills.js';
import { snapshotOf } from './journal.js';
import { awaitingHandOff, handOffRoll, rollLong } from './roll.js';
import { scaleIn } from './scale-in.js';
import { evaluateShort, rollShort } from './short-exit.js';
import type { PendingExit, PositionState, RollState, ScaleInState } from './state.js';
import { submitExit } from './submit-exit.js';

export interface PositionSeed {
  readonly position: Position;
  readonly greeks: Greeks;
  readonly entryOrderId: string;
  readonly entryWorking: boolean;
  readonly entryReasons: readonly string[];
  readonly entryFees: number;
  /**
   * What a restored position had already exited (its journal): exit orders are numbered on from
   * `seq`, so a restart never reuses a client order id, and the round trip keeps its earlier P/L.
   */
  readonly exits?: Pick<PositionState, 'exitSeq' | 'exitQty' | 'exitNotional' | 'exitFees' | 'exitReasons'>;
  /** The exit order it had in flight (a journaled position): its executions are still to come. */
  readonly pendingExit?: PendingExit;
  /** The last bar and features it saw (a journaled position), so a timer before the next bar has a market to judge on. */
  readonly lastBar?: Bar;
  readonly lastFeatures?: Features;
  /** Read from the journal (not written again until it changes). */
  readonly fromJournal?: boolean;
  /** The trace of its opening order (a new position), continued by its exits. */
  readonly trace?: TraceContext;
  /** Opened with its first tranche only: what it may still add (scaling in). */
  readonly scaleIn?: ScaleInState;
  /** A roll decided and not yet handed to the underlying (a journaled position). */
  readonly roll?: RollState;
}

/**
 * Spawns the actor of one open position: it holds the position, its trailing state and exit
 * timers, evaluates the exit rules on every bar, quote and timer, and sends closing orders
 * (never subject to risk caps). It tells the supervisor when it is flat.
 */
export function spawnPosition(parent: ActorRef<never>, seed: PositionSeed, rules: Rules, deps: EngineDeps, refs: TreeRefs): ActorRef<PositionMsg> {
  const initialState: PositionState = {
    position: seed.position,
    greeks: seed.greeks,
    entryReasons: seed.entryReasons,
    entryFees: seed.entryFees,
    entryOrderId: seed.entryOrderId,
    entryWorking: seed.entryWorking,
    exitSeq: seed.exits?.exitSeq ?? 0,
    exitQty: seed.exits?.exitQty ?? 0,
    exitNotional: seed.exits?.exitNotional ?? 0,
    exitFees: seed.exits?.exitFees ?? 0,
    exitReasons: seed.exits?.exitReasons ?? [],
    deadlines: exitDeadlines(seed.position, rules.exits.time, deps.calendar),
    armed: false,
    ...(seed.pendingExit === undefined ? {} : { pendingExit: seed.pendingExit }),
    ...(seed.lastBar === undefined ? {} : { lastBar: seed.lastBar }),
    ...(seed.lastFeatures === undefined ? {} : { lastFeatures: seed.lastFeatures }),
    ...(seed.trace === undefined ? {} : { entryTrace: seed.trace }),
    ...(seed.scaleIn === undefined ? {} : { scaleIn: seed.scaleIn }),
    ...(seed.roll === undefined ? {} : { roll: seed.roll }),
  };
  return spawnActor(parent, {
    name: ActorNames.position(seed.position.id),
    initialState,
    supervision: supervision(),
    // Journaled after every message that changed it, before the next (a failed write crashes it: it
    // restarts from the last state written, never carrying on as if written).
    handle: (s: PositionState, msg: PositionMsg, ctx: ActorContext<PositionMsg>): PositionState | Promise<PositionState> => {
      const next = handle(s, msg, ctx);
      return next instanceof Promise ? next.then((n) => handedOff(s, n, msg, ctx)) : handedOff(s, next, msg, ctx);
    },
  });

  /** Journaled first; then a roll whose close just left the position flat hands its open to the underlying. */
  function handedOff(s: PositionState, next: PositionState, msg: PositionMsg, ctx: ActorContext<PositionMsg>): PositionState | Promise<PositionState> {
    const hand = () => {
      if (awaitingHandOff(next) && !awaitingHandOff(s)) handOffRoll(next, refs, ctx.self);
      return next;
    };
    const saved = journaled(s, next, msg, ctx);
    return saved instanceof Promise ? saved.then(hand) : hand();
  }

  function journaled(s: PositionState, next: PositionState, msg: PositionMsg, ctx: ActorContext<PositionMsg>): PositionState | Promise<PositionState> {
    const journal = deps.journal;
    // A new position is journaled at its start; one read from the journal is there already ('start'
    // only arms its timers, which the journal does not hold: they follow from the position).
    if (journal === undefined || next === s || (msg.type === 'start' && seed.fromJournal === true)) return next;
    return journal.save(snapshotOf(next, ctx.clock.now())).then(() => next);
  }

  function handle(s: PositionState, msg: PositionMsg, ctx: ActorContext<PositionMsg>): PositionState | Promise<PositionState> {
    const now = ctx.clock.now();
    switch (msg.type) {
      case 'start':
        if (s.armed) return s;
        for (const at of s.deadlines) ctx.tellAt(Math.max(at, now), { type: 'timer', at, correlationId: s.position.id });
        // A scale-in order in flight when it was last journaled: its risk is held again until it ends.
        if (s.scaleIn?.pending !== undefined) tell(refs.portfolio, { type: 'reservation-restored', exposure: s.scaleIn.pending.exposure });
        // Journaled flat between a roll's two legs: the open is handed to the underlying again (deduplicated by its id).
        handOffRoll(s, refs, ctx.self);
        return { ...s, armed: true };
      case 'underlying-updated': {
        const quote = deps.market.quote(s.position.contract.symbol, now) ?? s.lastQuote;
        const next = refreshGreeks({ ...s, lastBar: msg.bar, lastFeatures: msg.features, lastQuote: quote }, now, deps, refs);
        // A roll the underlying was too busy to take is handed to it again.
        if (awaitingHandOff(s)) handOffRoll(s, refs, ctx.self);
        const judged = evaluate(next, now, msg.correlationId, rules, deps, refs, msg.trace);
        const roll = (x: PositionState) => (x.position.structure === undefined ? rollLong : rollShort)(x, now, msg.correlationId, rules, deps, refs, msg.trace);
        if (judged.scaleIn === undefined) return roll(judged);
        return scaleIn(judged, now, msg.correlationId, rules, deps, refs, msg.trace).then(roll);
      }
      case 'quote':
        return evaluate(refreshGreeks({ ...s, lastQuote: msg.quote }, now, deps, refs), now, msg.correlationId, rules, deps, refs);
      case 'timer':
        return evaluate(s, now, msg.correlationId, rules, deps, refs);
      case 'execution': {
        const e = msg.execution;
        const span =
          msg.trace === undefined || deps.tracing === undefined
            ? NOOP_SPAN
            : deps.tracing.child('exit.execution', msg.trace, {
                attributes: { [ThetisAttr.positionId]: s.position.id, [ThetisAttr.clientOrderId]: e.clientOrderId, [ThetisAttr.optionSymbol]: e.symbol, [ThetisAttr.correlationId]: e.correlationId, [ThetisAttr.status]: e.status, 'thetis.fill_qty': e.fillQty, 'thetis.position.qty_before': s.position.qty },
              });
        let next: PositionState;
        try {
          const t = span.trace ?? msg.trace;
          next = e.clientOrderId === s.scaleIn?.pending?.clientOrderId ? onAddExecution(s, e, deps, refs, t) : isAddOrder(e.clientOrderId) ? adoptAdd(s, e, deps, refs, t) : onExecution(s, e, deps, refs, t);
          span.set({ 'thetis.position.qty_after': next.position.qty });
        } finally {
          span.end();
        }
        // An exit cancelled to be re-priced is decided again at once; one rejected or expired waits
        // for the next bar or timer (a broker that keeps refusing is not hammered).
        return s.pendingExit?.cancelling === true && next.pendingExit === undefined && next.position.qty > 0
          ? evaluate(next, now, msg.correlationId, rules, deps, refs)
          : next;
      }
      case 'entry-filled':
        return onEntryFilled(s, msg, now, deps, refs);
      case 'settled':
        return onSettled(s, msg, deps, refs);
      case 'roll-answer':
        // Taken (opened, or denied and recorded): the round trip is over. Busy: asked again on the next bar.
        if (!msg.taken || s.roll === undefined) return s;
        return closeIfFlat({ ...s, roll: undefined }, now, s.position.id, deps, refs, s.entryTrace);
      default:
        return unreachable(msg);
    }
  }
}

/** Greeks from the latest quote (Black-Scholes where it has none), reported to the portfolio. */
function refreshGreeks(s: PositionState, now: number, deps: EngineDeps, refs: TreeRefs): PositionState {
  if (s.lastBar === undefined) return s;
  const market = { spot: s.lastBar.close, now, ...deps.market.rates(s.position.contract.underlying) };
  const wing = s.position.structure?.legs[1];
  const greeks = quoteGreeks(s.position, s.lastQuote, market, wing === undefined ? undefined : deps.market.quote(wing.contract.symbol, now)) ?? s.greeks;
  tell(refs.portfolio, { type: 'exposure-updated', exposure: positionExposure(s.position, greeks) });
  return { ...s, greeks };
}

function evaluate(s: PositionState, now: number, correlationId: string, rules: Rules, deps: EngineDeps, refs: TreeRefs, trigger?: TraceContext): PositionState {
  const pending = s.pendingExit;
  if (pending !== undefined) {
    // An exit still working after exitRepriceMs is cancelled; its end re-evaluates at today's price.
    if (pending.cancelling || now - pending.sentAt < rules.execution.exitRepriceMs) return s;
    tell(refs.gateway, { type: 'cancel', clientOrderId: pending.clientOrderId, correlationId, trace: s.entryTrace });
    return { ...s, pendingExit: { ...pending, cancelling: true } };
  }
  if (s.lastBar === undefined || s.lastFeatures === undefined || s.position.qty === 0) return s;
  if (s.position.structure !== undefined) return evaluateShort(s, now, correlationId, rules, deps, refs, trigger);
  const decision = evaluateExit(s.position, { now, bar: s.lastBar, features: s.lastFeatures, quote: s.lastQuote }, rules.exits, deps.calendar, deps.config.risk);
  if (decision.action === 'hold') return { ...s, position: decision.position };
  // Exiting: whatever of the opening order or a scale-in add has not filled yet is no longer wanted.
  if (s.entryWorking) tell(refs.gateway, { type: 'cancel', clientOrderId: s.entryOrderId, correlationId, trace: s.entryTrace });
  const add = s.scaleIn?.pending;
  if (add !== undefined && !add.cancelling) tell(refs.gateway, { type: 'cancel', clientOrderId: add.clientOrderId, correlationId, trace: s.entryTrace });
  const scaleInState = s.scaleIn === undefined ? {} : { scaleIn: { ...s.scaleIn, done: true, ...(add === undefined ? {} : { pending: { ...add, cancelling: true } }) } };
  const seq = s.exitSeq + 1;
  const intent = planExit(s.position, decision, s.lastQuote, seq, now, correlationId, rules.execution);
  deps.decisions.record({ ts: now, correlationId, kind: 'exit', ok: true, underlying: s.position.contract.underlying, symbol: intent.symbol, reasons: decision.reasons });
  const pendingExit = submitExit(s, intent, now, correlationId, deps, refs, trigger);
  return { ...s, ...scaleInState, position: decision.position, exitSeq: seq, pendingExit };
}

/** A scale-in order's id (`th-…-aN`); an id Thetis did not make is not one. */
function isAddOrder(id: string): boolean {
  return isThetisOrderId(id) && parseOrderId(id).role === 'add';
}
