import type { Rules } from '../../domain/config/schema.js';
import { FeatureEngine } from '../../domain/indicators/feature-engine.js';
import { IvRankTracker } from '../../domain/indicators/iv-rank.js';
import { parseOrderId } from '../../domain/intents/ids.js';
import { maxLossPerContract } from '../../domain/premium/risk.js';
import { isTerminal } from '../../domain/orders/lifecycle.js';
import { fillDelta } from '../../domain/orders/progress.js';
import type { Execution } from '../../domain/values/execution.js';
import { makePosition } from '../../domain/values/position.js';
import type { EngineDeps } from '../deps.js';
import type { PositionMsg, TraceContext, UnderlyingMsg } from '../messages.js';
import { NOOP_SPAN, ThetisAttr, traceField } from '../ports/tracing.js';
import { ActorNames } from '../names.js';
import { spawnActor, supervision, tell, type ActorContext, type ActorRef, type Logger } from '../runtime/index.js';
import type { TreeRefs } from '../tree.js';
import { unreachable } from '../unreachable.js';
import { onBar, onScan } from './bars.js';
import { BarIntake } from './intake.js';
import { openRoll } from './roll.js';
import type { PendingEntry, UnderlyingState } from './state.js';

/**
 * Spawns the actor for one ticker: bars → features → signal → entry; it forwards bars to its
 * positions (`positions`: those already open, when it is spawned again after a failure). In
 * backtests a quiet ticker also takes a window of bars in one `scan` message.
 */
export function spawnUnderlying(
  parent: ActorRef<never>,
  ticker: string,
  rules: Rules,
  deps: EngineDeps,
  refs: TreeRefs,
  positions: ReadonlyMap<string, ActorRef<PositionMsg>> = new Map(),
): ActorRef<UnderlyingMsg> {
  const intake = new BarIntake(new FeatureEngine(ticker, rules.indicators, rules.signals), IvRankTracker.create(rules.indicators.ivRankLookback, rules.indicators.ivRankMinObservations));
  intake.seedIv(deps.ivHistory?.seeded(ticker) ?? []);
  const initialState: UnderlyingState = {
    ticker,
    rules,
    intake,
    positions,
    pending: undefined,
    deferred: undefined,
  };
  return spawnActor(parent, {
    name: ActorNames.underlying(ticker),
    initialState,
    supervision: supervision(),
    handle: (s: UnderlyingState, msg: UnderlyingMsg, ctx: ActorContext<UnderlyingMsg>) => {
      switch (msg.type) {
        case 'bar':
          return onBar(s, msg.bar, msg.correlationId, ctx.clock, deps, refs);
        case 'scan':
          return onScan(s, msg.bars, msg.replyTo, deps);
        case 'execution':
          return onTracedExecution(s, msg.execution, msg.trace, deps, refs, ctx.log);
        case 'resume-entry':
          if (s.pending !== undefined) {
            ctx.log.warn({ ticker, kept: s.pending.intent.clientOrderId, dropped: msg.pending.intent.clientOrderId }, 'an entry is already in flight: the one resumed is left for reconciliation');
            return s;
          }
          return { ...s, pending: msg.pending };
        case 'open-roll':
          return openRoll(s, msg, ctx.clock.now(), deps, refs);
        case 'position-opened':
          return { ...s, positions: new Map(s.positions).set(msg.positionId, msg.ref) };
        case 'position-closed': {
          const positions = new Map(s.positions);
          positions.delete(msg.positionId);
          return { ...s, positions };
        }
        default:
          return unreachable(msg);
      }
    },
  });
}

/** An opening order's execution as a span (`entry.execution`) continuing its trace, which the position it opens carries on. */
function onTracedExecution(s: UnderlyingState, e: Execution, trace: TraceContext | undefined, deps: EngineDeps, refs: TreeRefs, log: Logger): UnderlyingState {
  const span =
    trace === undefined || deps.tracing === undefined
      ? NOOP_SPAN
      : deps.tracing.child('entry.execution', trace, {
          attributes: { [ThetisAttr.ticker]: s.ticker, [ThetisAttr.clientOrderId]: e.clientOrderId, [ThetisAttr.optionSymbol]: e.symbol, [ThetisAttr.correlationId]: e.correlationId, [ThetisAttr.status]: e.status, 'thetis.fill_qty': e.fillQty, 'thetis.cum_qty': e.cumQty },
        });
  try {
    return onExecution(s, e, deps, refs, log, span.trace ?? trace);
  } finally {
    span.end();
  }
}

function onExecution(s: UnderlyingState, e: Execution, deps: EngineDeps, refs: TreeRefs, log: Logger, trace: TraceContext | undefined): UnderlyingState {
  const p = s.pending;
  if (p === undefined || p.intent.clientOrderId !== e.clientOrderId) return onUnknownExecution(s, e, deps, refs, log);
  const { correlationId, clientOrderId } = p.intent;
  const positionId = parseOrderId(clientOrderId).positionId;
  // Applied by cumulative quantity and average price, so a redelivered execution adds nothing.
  const { qty, notional } = fillDelta({ cumQty: p.filledQty, notional: p.notional }, e);
  const filled: PendingEntry = { ...p, filledQty: p.filledQty + qty, notional: p.notional + notional, fees: p.fees + (qty > 0 ? e.fees : 0) };
  const terminal = isTerminal(e.status);
  let next: UnderlyingState = { ...s, pending: terminal ? undefined : filled };
  if (filled.filledQty > 0 && !p.opened) {
    next = openPosition(next, filled, positionId, e, !terminal, deps, refs, trace);
    if (!terminal) next = { ...next, pending: { ...filled, opened: true } };
  } else if (p.opened && (qty > 0 || terminal)) {
    const price = qty > 0 ? notional / qty : 0;
    tell(refs.supervisor, { type: 'entry-filled', positionId, qty, price, fees: qty > 0 ? e.fees : 0, final: terminal, correlationId, ...traceField(trace) });
  }
  if (!terminal) return next;
  if (filled.filledQty === 0) {
    tell(refs.portfolio, { type: 'release', reservationId: clientOrderId, correlationId });
    deps.decisions.record({ ts: e.ts, correlationId, kind: 'execution', ok: false, underlying: s.ticker, symbol: e.symbol, reasons: [e.reason ?? `ORDER_${e.status.toUpperCase()}`] });
    return next;
  }
  const entryPrice = filled.notional / filled.filledQty;
  const units = filled.filledQty;
  // A sold structure is short its units and risks its maximum loss; a long risks the premium paid.
  const exposure =
    p.structure === undefined
      ? { ...p.exposure, id: positionId, qty: units, capitalAtRisk: entryPrice * units * p.contract.multiplier }
      : { ...p.exposure, id: positionId, qty: -units, capitalAtRisk: units * maxLossPerContract(p.structure, entryPrice) };
  tell(refs.portfolio, { type: 'fill-settled', reservationId: clientOrderId, filled: exposure, correlationId });
  return next;
}

/**
 * An execution for an opening order this actor does not hold: one it sent before it failed past
 * its restart budget and was spawned again without it. A working one is cancelled (nothing may
 * keep filling unwatched); a final one with nothing filled gives back its risk reservation. A fill
 * is recorded loudly: its contracts are at the broker with no position actor, for reconciliation
 * to adopt, as for a failed position actor.
 */
function onUnknownExecution(s: UnderlyingState, e: Execution, deps: EngineDeps, refs: TreeRefs, log: Logger): UnderlyingState {
  const order = parseOrderId(e.clientOrderId);
  const orphan = order.role === 'entry' && order.ticker === s.ticker;
  const correlationId = e.correlationId;
  if (orphan && !isTerminal(e.status)) tell(refs.gateway, { type: 'cancel', clientOrderId: e.clientOrderId, correlationId });
  if (orphan && isTerminal(e.status) && e.cumQty === 0) tell(refs.portfolio, { type: 'release', reservationId: e.clientOrderId, correlationId });
  const reason = !orphan ? 'UNKNOWN_ORDER' : e.cumQty > 0 ? 'ORPHANED_ENTRY_FILLED' : 'ORPHANED_ENTRY';
  if (reason === 'ORPHANED_ENTRY_FILLED') log.error({ clientOrderId: e.clientOrderId, symbol: e.symbol, cumQty: e.cumQty }, 'entry filled with no actor holding it: left for reconciliation');
  deps.decisions.record({ ts: e.ts, correlationId, kind: 'execution', ok: false, underlying: s.ticker, symbol: e.symbol, reasons: [reason] });
  return s;
}

/** The first fill of an opening order: the position exists from now on, with what has filled. */
function openPosition(s: UnderlyingState, f: PendingEntry, id: string, e: Execution, working: boolean, deps: EngineDeps, refs: TreeRefs, trace: TraceContext | undefined): UnderlyingState {
  const entryPrice = f.notional / f.filledQty;
  const { contract } = f;
  const position = makePosition({
    id,
    contract,
    // A sold structure is short its short leg (a put for a bullish view, a call for a bearish one).
    side: f.structure === undefined ? 'long' : 'short',
    // A sold structure is held for weeks (30–60 DTE in, out by 21): a swing whatever the ticker's style.
    tradeType: f.structure === undefined ? s.rules.signals.tradeType : 'swing',
    direction: (contract.right === 'call') === (f.structure === undefined) ? 'bullish' : 'bearish',
    ...(f.structure === undefined ? {} : { structure: f.structure }),
    qty: f.filledQty,
    initialQty: f.filledQty,
    entryPrice,
    entryTs: e.ts,
    entryUnderlying: f.entryUnderlying,
    ...(f.entryIv === undefined ? {} : { entryIv: f.entryIv }),
    peakOptionPrice: entryPrice,
    peakUnderlying: f.entryUnderlying,
    partialStage: 0,
  });
  const { delta, gamma, theta, vega } = f.exposure;
  tell(refs.supervisor, {
    type: 'open-position',
    position,
    greeks: { delta, gamma, theta, vega },
    entryOrderId: f.intent.clientOrderId,
    entryWorking: working,
    entryReasons: f.entryReasons,
    entryFees: f.fees,
    ...(f.scaleIn === undefined ? {} : { scaleIn: { plan: f.scaleIn, seq: 0, done: false } }),
    correlationId: f.intent.correlationId,
    // The position's exits and their fills continue its entry's trace.
    ...(trace === undefined ? {} : { trace }),
  });
  deps.decisions.record({ ts: e.ts, correlationId: f.intent.correlationId, kind: 'execution', ok: true, underlying: s.ticker, symbol: e.symbol, reasons: ['ENTRY_FILLED'] });
  return { ...s, positions: new Map(s.positions).set(id, undefined) };
}
