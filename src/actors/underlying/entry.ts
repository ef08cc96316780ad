import type { Decision } from '../../domain/decision.js';
import { planEntry } from '../../domain/intents/entry.js';
import { chainFilterFor } from '../../domain/selection/chain-filter.js';
import type { PortfolioGreeks, RiskReason } from '../../domain/portfolio/index.js';
import type { Signal } from '../../domain/signals/evaluate.js';
import type { Features } from '../../domain/features.js';
import type { EngineDeps } from '../deps.js';
import { DEFAULT_ASK_TIMEOUT_MS } from '../deps.js';
import type { ActorRef, Clock } from '../runtime/index.js';
import { ask } from '../runtime/index.js';
import type { TreeRefs } from '../tree.js';
import type { PendingEntry, UnderlyingState } from './state.js';

/**
 * An approved signal → chain → selection → sizing → the portfolio's atomic check-and-reserve
 * → the order intent, which the portfolio forwards to the gateway when it approves. Every denial is recorded with its stage and reasons.
 * Returns the pending entry when an order was sent.
 */
export async function enter(
  s: UnderlyingState,
  signal: Decision<Signal, string> & { ok: true },
  features: Features,
  clock: Pick<Clock, 'now'>,
  correlationId: string,
  deps: EngineDeps,
  refs: TreeRefs,
): Promise<PendingEntry | undefined> {
  const { ticker } = s;
  const now = clock.now();
  const record = (kind: 'selection' | 'sizing' | 'risk' | 'order', ok: boolean, reasons: readonly string[], symbol?: string) =>
    deps.decisions.record({ ts: now, correlationId, kind, ok, underlying: ticker, symbol, reasons });
  const timeout = deps.askTimeoutMs ?? DEFAULT_ASK_TIMEOUT_MS;
  const spot = features.close;
  const filter = chainFilterFor(
    { underlying: ticker, direction: signal.value.direction, tradeType: signal.value.tradeType, spot, now },
    s.rules.selection,
  );
  const [chain, equity] = await Promise.all([
    deps.market.chain(ticker, now, filter),
    ask(refs.portfolio, (replyTo: ActorRef<number>) => ({ type: 'get-equity' as const, replyTo }), timeout),
  ]);
  const plan = planEntry(
    {
      signal: signal.value,
      chain,
      spot,
      atrPct: features.atr === undefined ? undefined : features.atr / spot,
      equity,
      kelly: deps.kelly,
      rates: deps.market.rates(ticker),
      now,
      correlationId,
      signalReasons: signal.reasons,
    },
    s.rules,
    deps.config.risk,
  );
  if (plan.stage === 'selection') {
    record('selection', false, plan.decision.reasons);
    return undefined;
  }
  if (plan.stage === 'sizing') {
    record('sizing', false, plan.decision.reasons, plan.selected.contract.symbol);
    return undefined;
  }
  const { intent, exposure, selected } = plan.order;
  record('selection', true, selected.reasons, intent.symbol);
  const approval = await ask(
    refs.portfolio,
    // The portfolio refuses it once this ask has timed out: an order must not go out for an entry given up on.
    (replyTo: ActorRef<Decision<PortfolioGreeks, RiskReason>>) => ({
      type: 'reserve' as const,
      intent,
      exposure,
      context: { exposure, entryUnderlying: spot, ...(selected.quote.iv === undefined ? {} : { entryIv: selected.quote.iv }) },
      deadline: clock.now() + timeout,
      correlationId,
      replyTo,
    }),
    timeout,
  );
  record('risk', approval.ok, approval.reasons, intent.symbol);
  if (!approval.ok) return undefined;
  // Approved: the portfolio has forwarded the order to the gateway.
  record('order', true, intent.reasons, intent.symbol);
  return {
    intent,
    contract: selected.contract,
    exposure,
    entryUnderlying: spot,
    entryIv: selected.quote.iv,
    entryReasons: intent.reasons,
    opened: false,
    filledQty: 0,
    notional: 0,
    fees: 0,
  };
}
