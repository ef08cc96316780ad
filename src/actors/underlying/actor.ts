import { dayEntryClosed } from '../../domain/exits/time-rules.js';
import type { Rules } from '../../domain/config/schema.js';
import type { Decision } from '../../domain/decision.js';
import type { Features } from '../../domain/features.js';
import { FeatureEngine } from '../../domain/indicators/feature-engine.js';
import { IvRankTracker } from '../../domain/indicators/iv-rank.js';
import { parseOrderId } from '../../domain/intents/ids.js';
import { isTerminal } from '../../domain/orders/lifecycle.js';
import { evaluateSignal, type Signal } from '../../domain/signals/evaluate.js';
import type { SignalReason } from '../../domain/signals/reasons.js';
import type { Bar } from '../../domain/values/bar.js';
import type { Execution } from '../../domain/values/execution.js';
import { makePosition } from '../../domain/values/position.js';
import { MINUTE_MS } from '../../domain/values/time.js';
import type { EngineDeps } from '../deps.js';
import { barCorrelationId, type ScanStopped, type UnderlyingMsg } from '../messages.js';
import { ActorNames } from '../names.js';
import { spawnActor, supervision, tell, type ActorContext, type ActorRef } from '../runtime/index.js';
import type { TreeRefs } from '../tree.js';
import { unreachable } from '../unreachable.js';
import { enter } from './entry.js';
import { BarIntake } from './intake.js';
import type { PendingEntry, UnderlyingState } from './state.js';

/**
 * Spawns the actor for one ticker: bars → features → signal → entry; it forwards bars to its
 * positions. In backtests a quiet ticker also takes a window of bars in one `scan` message.
 */
export function spawnUnderlying(parent: ActorRef<never>, ticker: string, rules: Rules, deps: EngineDeps, refs: TreeRefs): ActorRef<UnderlyingMsg> {
  const initialState: UnderlyingState = {
    ticker,
    rules,
    intake: new BarIntake(
      new FeatureEngine(ticker, rules.indicators, rules.signals),
      IvRankTracker.create(rules.indicators.ivRankLookback, rules.indicators.ivRankMinObservations),
    ),
    positions: new Map(),
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
          return onBar(s, msg.bar, msg.correlationId, ctx.clock.now(), deps, refs);
        case 'scan':
          return onScan(s, msg.bars, msg.replyTo, deps);
        case 'execution':
          return onExecution(s, msg.execution, deps, refs);
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

/** A bar's judgement: its features and its signal. */
interface Judged {
  readonly features: Features;
  readonly signal: Decision<Signal, SignalReason>;
}

/** Takes a bar in (sequence check, features, IV rank) and judges its signal; records a rejected bar. */
function judge(s: UnderlyingState, bar: Bar, now: number, correlationId: string, deps: EngineDeps): Judged | undefined {
  const iv = deps.market.atmIv?.(s.ticker, bar.ts);
  const features = bar.symbol === s.ticker ? s.intake.take(bar, iv) : 'WRONG_SYMBOL';
  if (typeof features === 'string') {
    deps.decisions.record({ ts: now, correlationId, kind: 'bar', ok: false, underlying: s.ticker, reasons: [features] });
    return undefined;
  }
  const signal = evaluateSignal(features, { iv, ivRank: s.intake.ivRank.standing?.rank }, s.rules.signals);
  return { features, signal };
}

/** Why an approved signal cannot be entered now; undefined when the ticker is free to enter. */
function blocker(s: UnderlyingState, now: number): 'ORDER_PENDING' | 'POSITION_OPEN' | 'SESSION_ENDING' | undefined {
  if (s.pending !== undefined) return 'ORDER_PENDING';
  if (s.positions.size > 0) return 'POSITION_OPEN';
  return s.rules.signals.tradeType === 'day' && dayEntryClosed(now, s.rules.exits.time) ? 'SESSION_ENDING' : undefined;
}

function recordSignal(s: UnderlyingState, signal: Decision<Signal, SignalReason>, blocked: string | undefined, now: number, correlationId: string, deps: EngineDeps): void {
  const ok = signal.ok && blocked === undefined;
  const reasons = blocked !== undefined && signal.ok ? [blocked] : signal.reasons;
  deps.decisions.record({ ts: now, correlationId, kind: 'signal', ok, underlying: s.ticker, reasons });
}

function onBar(s: UnderlyingState, bar: Bar, correlationId: string, now: number, deps: EngineDeps, refs: TreeRefs): UnderlyingState | Promise<UnderlyingState> {
  const d = s.deferred;
  const next = d === undefined ? s : { ...s, deferred: undefined };
  const judged = d !== undefined && d.bar.ts === bar.ts && d.bar.symbol === bar.symbol ? d : judge(next, bar, now, correlationId, deps);
  if (judged === undefined) return next;
  const { features, signal } = judged;
  for (const ref of s.positions.values()) if (ref) tell(ref, { type: 'underlying-updated', bar, features, correlationId });
  const blocked = signal.ok ? blocker(next, now) : undefined;
  recordSignal(next, signal, blocked, now, correlationId, deps);
  if (!signal.ok || blocked !== undefined) return next;
  return enter(next, signal, features, now, correlationId, deps, refs).then((pending) => ({ ...next, pending }));
}

/**
 * Backtests: judges a run of bars in one message while the ticker is quiet (no position, no
 * order in flight), when nothing a bar decides depends on the clock or on another actor; each
 * bar is judged as at its minute (its open time + 1 minute), exactly as one `bar` message would
 * be. It stops at the first bar that needs the tree at its minute (a signal to act on, or the
 * ticker not quiet), keeps that bar's judgement, and reports its time: the runner then delivers
 * that bar and the rest one by one as the clock reaches them.
 */
function onScan(s: UnderlyingState, bars: readonly Bar[], replyTo: ActorRef<ScanStopped>, deps: EngineDeps): UnderlyingState {
  const first = bars[0];
  if (first !== undefined && (s.pending !== undefined || s.positions.size > 0 || s.deferred !== undefined)) {
    tell(replyTo, { ticker: s.ticker, resumeTs: first.ts });
    return s;
  }
  for (const bar of bars) {
    const now = bar.ts + MINUTE_MS;
    const correlationId = barCorrelationId(bar);
    const judged = judge(s, bar, now, correlationId, deps);
    if (judged === undefined) continue;
    const blocked = judged.signal.ok ? blocker(s, now) : undefined;
    if (judged.signal.ok && blocked === undefined) {
      tell(replyTo, { ticker: s.ticker, resumeTs: bar.ts });
      return { ...s, deferred: { bar, features: judged.features, signal: judged.signal } };
    }
    recordSignal(s, judged.signal, blocked, now, correlationId, deps);
  }
  return s;
}

function onExecution(s: UnderlyingState, e: Execution, deps: EngineDeps, refs: TreeRefs): UnderlyingState {
  const p = s.pending;
  if (p === undefined || p.intent.clientOrderId !== e.clientOrderId) {
    deps.decisions.record({ ts: e.ts, correlationId: e.correlationId, kind: 'execution', ok: false, underlying: s.ticker, symbol: e.symbol, reasons: ['UNKNOWN_ORDER'] });
    return s;
  }
  const { correlationId, clientOrderId } = p.intent;
  const positionId = parseOrderId(clientOrderId).positionId;
  // Applied by cumulative quantity, so a redelivered execution adds nothing.
  const qty = Math.max(0, e.cumQty - p.filledQty);
  const filled: PendingEntry = { ...p, filledQty: p.filledQty + qty, notional: p.notional + qty * (e.fillPrice ?? 0), fees: p.fees + (qty > 0 ? e.fees : 0) };
  const terminal = isTerminal(e.status);
  let next: UnderlyingState = { ...s, pending: terminal ? undefined : filled };
  if (filled.filledQty > 0 && !p.opened) {
    next = openPosition(next, filled, positionId, e, !terminal, deps, refs);
    if (!terminal) next = { ...next, pending: { ...filled, opened: true } };
  } else if (p.opened && (qty > 0 || terminal)) {
    const price = e.fillPrice ?? 0;
    tell(refs.supervisor, { type: 'entry-filled', positionId, qty, price, fees: qty > 0 ? e.fees : 0, final: terminal, correlationId });
  }
  if (!terminal) return next;
  if (filled.filledQty === 0) {
    tell(refs.portfolio, { type: 'release', reservationId: clientOrderId, correlationId });
    deps.decisions.record({ ts: e.ts, correlationId, kind: 'execution', ok: false, underlying: s.ticker, symbol: e.symbol, reasons: [e.reason ?? `ORDER_${e.status.toUpperCase()}`] });
    return next;
  }
  const entryPrice = filled.notional / filled.filledQty;
  const exposure = { ...p.exposure, id: positionId, qty: filled.filledQty, capitalAtRisk: entryPrice * filled.filledQty * p.contract.multiplier };
  tell(refs.portfolio, { type: 'fill-settled', reservationId: clientOrderId, filled: exposure, correlationId });
  return next;
}

/** The first fill of an opening order: the position exists from now on, with what has filled. */
function openPosition(s: UnderlyingState, f: PendingEntry, id: string, e: Execution, working: boolean, deps: EngineDeps, refs: TreeRefs): UnderlyingState {
  const entryPrice = f.notional / f.filledQty;
  const { contract } = f;
  const position = makePosition({
    id,
    contract,
    side: 'long',
    tradeType: s.rules.signals.tradeType,
    direction: contract.right === 'call' ? 'bullish' : 'bearish',
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
    correlationId: f.intent.correlationId,
  });
  deps.decisions.record({ ts: e.ts, correlationId: f.intent.correlationId, kind: 'execution', ok: true, underlying: s.ticker, symbol: e.symbol, reasons: ['ENTRY_FILLED'] });
  return { ...s, positions: new Map(s.positions).set(id, undefined) };
}
