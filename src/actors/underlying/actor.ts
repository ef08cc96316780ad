import type { Rules } from '../../domain/config/schema.js';
import { FeatureEngine } from '../../domain/indicators/feature-engine.js';
import { parseOrderId } from '../../domain/intents/ids.js';
import { evaluateSignal } from '../../domain/signals/evaluate.js';
import { barSequenceProblem, type Bar } from '../../domain/values/bar.js';
import type { Execution } from '../../domain/values/execution.js';
import { makePosition } from '../../domain/values/position.js';
import type { EngineDeps } from '../deps.js';
import type { UnderlyingMsg } from '../messages.js';
import { ActorNames } from '../names.js';
import { spawnActor, supervision, tell, type ActorContext, type ActorRef } from '../runtime/index.js';
import type { TreeRefs } from '../tree.js';
import { unreachable } from '../unreachable.js';
import { enter } from './entry.js';
import type { UnderlyingState } from './state.js';

const TERMINAL = new Set<Execution['status']>(['filled', 'canceled', 'expired', 'rejected']);

/** Spawns the actor for one ticker: bars → features → signal → entry; it forwards bars to its positions. */
export function spawnUnderlying(parent: ActorRef<never>, ticker: string, rules: Rules, deps: EngineDeps, refs: TreeRefs): ActorRef<UnderlyingMsg> {
  const initialState: UnderlyingState = {
    ticker,
    rules,
    engine: new FeatureEngine(ticker, rules.indicators, rules.signals),
    lastTs: undefined,
    positions: new Map(),
    pending: undefined,
  };
  return spawnActor(parent, {
    name: ActorNames.underlying(ticker),
    initialState,
    supervision: supervision(),
    handle: (s: UnderlyingState, msg: UnderlyingMsg, ctx: ActorContext<UnderlyingMsg>) => {
      switch (msg.type) {
        case 'bar':
          return onBar(s, msg.bar, msg.correlationId, ctx.clock.now(), deps, refs);
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

function onBar(s: UnderlyingState, bar: Bar, correlationId: string, now: number, deps: EngineDeps, refs: TreeRefs): UnderlyingState | Promise<UnderlyingState> {
  const problem = barSequenceProblem(s.lastTs, bar);
  if (problem !== undefined || bar.symbol !== s.ticker) {
    deps.decisions.record({ ts: now, correlationId, kind: 'bar', ok: false, underlying: s.ticker, reasons: [problem ?? 'WRONG_SYMBOL'] });
    return s;
  }
  const features = s.engine.update(bar);
  const next = { ...s, lastTs: bar.ts };
  for (const ref of s.positions.values()) if (ref) tell(ref, { type: 'underlying-updated', bar, features, correlationId });
  const signal = evaluateSignal(features, {}, s.rules.signals);
  if (!signal.ok) {
    deps.decisions.record({ ts: now, correlationId, kind: 'signal', ok: false, underlying: s.ticker, reasons: signal.reasons });
    return next;
  }
  const busy = s.pending !== undefined ? 'ORDER_PENDING' : s.positions.size > 0 ? 'POSITION_OPEN' : undefined;
  deps.decisions.record({ ts: now, correlationId, kind: 'signal', ok: busy === undefined, underlying: s.ticker, reasons: busy ? [busy] : signal.reasons });
  if (busy) return next;
  return enter(next, signal, features, now, correlationId, deps, refs).then((pending) => ({ ...next, pending }));
}

function onExecution(s: UnderlyingState, e: Execution, deps: EngineDeps, refs: TreeRefs): UnderlyingState {
  const p = s.pending;
  if (p === undefined || p.intent.clientOrderId !== e.clientOrderId) {
    deps.decisions.record({ ts: e.ts, correlationId: e.correlationId, kind: 'execution', ok: false, underlying: s.ticker, symbol: e.symbol, reasons: ['UNKNOWN_ORDER'] });
    return s;
  }
  const filled = { ...p, filledQty: p.filledQty + e.fillQty, notional: p.notional + e.fillQty * (e.fillPrice ?? 0), fees: p.fees + e.fees };
  if (!TERMINAL.has(e.status)) return { ...s, pending: filled };
  const { correlationId } = p.intent;
  if (filled.filledQty === 0) {
    tell(refs.portfolio, { type: 'release', reservationId: p.intent.clientOrderId, correlationId });
    deps.decisions.record({ ts: e.ts, correlationId, kind: 'execution', ok: false, underlying: s.ticker, symbol: e.symbol, reasons: [e.reason ?? `ORDER_${e.status.toUpperCase()}`] });
    return { ...s, pending: undefined };
  }
  const entryPrice = filled.notional / filled.filledQty;
  const id = parseOrderId(p.intent.clientOrderId).positionId;
  const { contract } = p;
  const position = makePosition({
    id,
    contract,
    side: 'long',
    tradeType: s.rules.signals.tradeType,
    direction: contract.right === 'call' ? 'bullish' : 'bearish',
    qty: filled.filledQty,
    initialQty: filled.filledQty,
    entryPrice,
    entryTs: e.ts,
    entryUnderlying: p.entryUnderlying,
    ...(p.entryIv === undefined ? {} : { entryIv: p.entryIv }),
    peakOptionPrice: entryPrice,
    peakUnderlying: p.entryUnderlying,
    partialStage: 0,
  });
  const exposure = { ...p.exposure, id, qty: filled.filledQty, capitalAtRisk: entryPrice * filled.filledQty * contract.multiplier };
  tell(refs.portfolio, { type: 'fill-settled', reservationId: p.intent.clientOrderId, filled: exposure, correlationId });
  tell(refs.supervisor, { type: 'open-position', position, entryReasons: p.entryReasons, entryFees: filled.fees, correlationId });
  deps.decisions.record({ ts: e.ts, correlationId, kind: 'execution', ok: true, underlying: s.ticker, symbol: e.symbol, reasons: ['ENTRY_FILLED'] });
  return { ...s, pending: undefined, positions: new Map(s.positions).set(id, undefined) };
}

