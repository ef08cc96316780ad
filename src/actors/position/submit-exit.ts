import type { OrderIntent } from '../../domain/values/order.js';
import type { EngineDeps } from '../deps.js';
import type { TraceContext } from '../messages.js';
import { NOOP_TRACING, ThetisAttr } from '../ports/tracing.js';
import { tell } from '../runtime/index.js';
import type { TreeRefs } from '../tree.js';
import type { PendingExit, PositionState } from './state.js';

/**
 * Sends a closing order (never subject to risk caps) and returns it as the position's exit in
 * flight. The exit continues its position's entry trace (a root, always kept, for a position with
 * none), linked to the sampled bar that triggered it.
 */
export function submitExit(s: PositionState, intent: OrderIntent, now: number, correlationId: string, deps: EngineDeps, refs: TreeRefs, trigger?: TraceContext): PendingExit {
  const exit = (deps.tracing ?? NOOP_TRACING).start('exit', s.entryTrace, {
    links: [trigger],
    attributes: {
      [ThetisAttr.ticker]: s.position.contract.underlying,
      [ThetisAttr.optionSymbol]: intent.symbol,
      [ThetisAttr.clientOrderId]: intent.clientOrderId,
      [ThetisAttr.correlationId]: correlationId,
      [ThetisAttr.positionId]: s.position.id,
      [ThetisAttr.reasons]: intent.reasons,
      [ThetisAttr.qty]: intent.qty,
      [ThetisAttr.effect]: intent.effect,
    },
  });
  tell(refs.gateway, { type: 'submit', intent, correlationId, trace: exit.trace });
  exit.end();
  return {
    clientOrderId: intent.clientOrderId,
    qty: intent.qty,
    reasons: intent.reasons,
    sentAt: now,
    cumQty: 0,
    notional: 0,
    cancelling: false,
    stageBefore: s.position.partialStage,
    ...(s.position.trailFloorPct === undefined ? {} : { floorBefore: s.position.trailFloorPct }),
  };
}
