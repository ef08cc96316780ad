import type { Decision } from '../../domain/decision.js';
import { scaleInPlan } from '../../domain/intents/add.js';
import { planEntry } from '../../domain/intents/entry.js';
import { planShortPremiumEntry } from '../../domain/intents/short-entry.js';
import { shortPremiumChainFilter } from '../../domain/premium/chain-filter.js';
import { chainFilterFor } from '../../domain/selection/chain-filter.js';
import type { PortfolioGreeks, RiskReason } from '../../domain/portfolio/index.js';
import type { Signal } from '../../domain/signals/evaluate.js';
import type { Features } from '../../domain/features.js';
import type { EngineDeps } from '../deps.js';
import { NOOP_TRACING, ThetisAttr, type TraceSpan } from '../ports/tracing.js';
import { DEFAULT_ASK_TIMEOUT_MS } from '../deps.js';
import type { ActorRef, Clock } from '../runtime/index.js';
import { ask } from '../runtime/index.js';
import type { TreeRefs } from '../tree.js';
import type { PendingEntry, UnderlyingState } from './state.js';

/**
 * An approved signal → chain → selection → sizing → the portfolio's atomic check-and-reserve
 * → the order intent, which the portfolio forwards to the gateway when it approves. Every denial is recorded with its stage and reasons.
 * Returns the pending entry when an order was sent.
 *
 * Traced: `contract.selection` and `sizing` as children of a sampled bar's span; once an order
 * intent is produced, an `order` span — the bar's child, or (an unsampled bar) a root that is always
 * kept, the bar's ticker and correlation id on it — with `risk.check` under it; the order's trace goes
 * with the reserve to the portfolio and on to the gateway and NATS.
 */
export async function enter(
  s: UnderlyingState,
  signal: Decision<Signal, string> & { ok: true },
  features: Features,
  clock: Pick<Clock, 'now'>,
  correlationId: string,
  deps: EngineDeps,
  refs: TreeRefs,
  bar: TraceSpan,
): Promise<PendingEntry | undefined> {
  const { ticker } = s;
  const tracing = deps.tracing ?? NOOP_TRACING;
  const selection = tracing.child('contract.selection', bar.trace, {
    attributes: { [ThetisAttr.ticker]: ticker, [ThetisAttr.correlationId]: correlationId, 'thetis.signal.direction': signal.value.direction, 'thetis.signal.trade_type': signal.value.tradeType },
  });
  const now = clock.now();
  const record = (kind: 'selection' | 'sizing', ok: boolean, reasons: readonly string[], symbol?: string) =>
    deps.decisions.record({ ts: now, correlationId, kind, ok, underlying: ticker, symbol, reasons });
  const timeout = deps.askTimeoutMs ?? DEFAULT_ASK_TIMEOUT_MS;
  const spot = features.close;
  if (signal.value.premiumSide === 'short' && s.rules.premium.enabled) {
    selection.end();
    const sell = await planSell(s, signal, features, now, correlationId, deps, refs);
    return sell === undefined ? undefined : reserveEntry(sell, s, clock, correlationId, deps, refs, bar);
  }
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
      atr: features.atr,
      equity,
      kelly: deps.kelly,
      rates: deps.market.rates(ticker),
      ...(deps.calendar === undefined ? {} : { calendar: deps.calendar }),
      now,
      correlationId,
      signalReasons: signal.reasons,
    },
    s.rules,
    deps.config.risk,
  );
  if (plan.stage === 'selection') {
    record('selection', false, plan.decision.reasons);
    selection.set({ [ThetisAttr.reasons]: plan.decision.reasons, 'thetis.selection.ok': false, 'thetis.chain.contracts': chain.length });
    selection.end();
    return undefined;
  }
  const chosen = plan.stage === 'sizing' ? plan.selected : plan.order.selected;
  selection.set({ [ThetisAttr.optionSymbol]: chosen.contract.symbol, [ThetisAttr.reasons]: chosen.reasons, 'thetis.selection.ok': true, 'thetis.chain.contracts': chain.length });
  selection.end();
  // Selection and sizing are one pure call (planEntry): the sizing span records its outcome.
  const sizing = tracing.child('sizing', bar.trace, { attributes: { [ThetisAttr.ticker]: ticker, [ThetisAttr.optionSymbol]: chosen.contract.symbol, 'thetis.equity': equity } });
  if (plan.stage === 'sizing') {
    record('sizing', false, plan.decision.reasons, plan.selected.contract.symbol);
    sizing.set({ [ThetisAttr.reasons]: plan.decision.reasons, 'thetis.sizing.ok': false });
    sizing.end();
    return undefined;
  }
  const { intent, exposure, selected } = plan.order;
  const scaleIn = scaleInPlan(plan.order.sizing);
  sizing.set({ [ThetisAttr.qty]: intent.qty, 'thetis.sizing.uncapped_contracts': plan.order.sizing.uncappedContracts, 'thetis.sizing.ok': true });
  sizing.end();
  record('selection', true, selected.reasons, intent.symbol);
  return reserveEntry(
    { intent, exposure, contract: selected.contract, entryUnderlying: spot, ...(selected.quote.iv === undefined ? {} : { entryIv: selected.quote.iv }), ...(scaleIn === undefined ? {} : { scaleIn }) },
    s,
    clock,
    correlationId,
    deps,
    refs,
    bar,
  );
}

/** What an approved plan sends: the order and the entry it opens (a long's contract, or a sold structure's short leg and the structure). */
export type PlannedEntry = Pick<PendingEntry, 'intent' | 'exposure' | 'contract' | 'entryUnderlying'> & Partial<Pick<PendingEntry, 'entryIv' | 'scaleIn' | 'structure'>>;

/**
 * The portfolio's atomic check-and-reserve of a planned entry (an entry, or a rolled long's open),
 * which forwards it to the gateway when it approves; the pending entry when it did. A denial is
 * recorded with `deniedAs` before the gate's reasons. Traced as an `order` span (the bar's child, or a
 * root always kept) with `risk.check` under it.
 */
export async function reserveEntry(
  p: PlannedEntry,
  s: UnderlyingState,
  clock: Pick<Clock, 'now'>,
  correlationId: string,
  deps: EngineDeps,
  refs: TreeRefs,
  bar: TraceSpan,
  deniedAs: readonly string[] = [],
): Promise<PendingEntry | undefined> {
  const { ticker } = s;
  const { intent, exposure } = p;
  const tracing = deps.tracing ?? NOOP_TRACING;
  const now = clock.now();
  const record = (kind: 'risk' | 'order', ok: boolean, reasons: readonly string[]) => deps.decisions.record({ ts: now, correlationId, kind, ok, underlying: ticker, symbol: intent.symbol, reasons });
  const timeout = deps.askTimeoutMs ?? DEFAULT_ASK_TIMEOUT_MS;
  // Every chain that produces an order is kept: the bar's child when it was sampled, else a root of its own.
  const order = tracing.start('order', bar.trace, {
    attributes: {
      [ThetisAttr.ticker]: ticker,
      [ThetisAttr.optionSymbol]: intent.symbol,
      [ThetisAttr.clientOrderId]: intent.clientOrderId,
      [ThetisAttr.correlationId]: correlationId,
      [ThetisAttr.reasons]: intent.reasons,
      [ThetisAttr.effect]: intent.effect,
      [ThetisAttr.side]: intent.side,
      [ThetisAttr.qty]: intent.qty,
      [ThetisAttr.sampled]: bar.recording,
      ...(intent.limitPrice === undefined ? {} : { 'thetis.order.limit_price': intent.limitPrice }),
    },
  });
  const risk = tracing.child('risk.check', order.trace, { attributes: { [ThetisAttr.clientOrderId]: intent.clientOrderId, 'thetis.capital_at_risk': exposure.capitalAtRisk } });
  const approval = await ask(
    refs.portfolio,
    // The portfolio refuses it once this ask has timed out: an order must not go out for an entry given up on.
    (replyTo: ActorRef<Decision<PortfolioGreeks, RiskReason>>) => ({
      type: 'reserve' as const,
      intent,
      exposure,
      context: {
        exposure,
        entryUnderlying: p.entryUnderlying,
        ...(p.entryIv === undefined ? {} : { entryIv: p.entryIv }),
        ...(p.scaleIn === undefined ? {} : { scaleIn: p.scaleIn }),
        ...(p.structure === undefined ? {} : { structure: p.structure }),
      },
      deadline: clock.now() + timeout,
      correlationId,
      trace: order.trace,
      replyTo,
    }),
    timeout,
  ).catch((error: unknown) => {
    risk.fail(error instanceof Error ? error.name : 'Error');
    risk.end();
    order.end();
    throw error;
  });
  record('risk', approval.ok, approval.ok ? approval.reasons : [...deniedAs, ...approval.reasons]);
  risk.set({ [ThetisAttr.reasons]: approval.reasons, 'thetis.risk.ok': approval.ok });
  risk.end();
  order.set({ 'thetis.risk.ok': approval.ok });
  if (!approval.ok) order.event('order.denied', { [ThetisAttr.reasons]: approval.reasons });
  order.end();
  if (!approval.ok) return undefined;
  // Approved: the portfolio has forwarded the order to the gateway.
  record('order', true, intent.reasons);
  return {
    ...p,
    entryReasons: intent.reasons,
    opened: false,
    filledQty: 0,
    notional: 0,
    fees: 0,
  };
}

/**
 * Premium selling (the IV regime picked the short side): the structure's chain (30–60 DTE, puts for a
 * bullish view, calls for a bearish one), then `planShortPremiumEntry`; a denial is recorded with
 * its stage and reasons.
 */
async function planSell(
  s: UnderlyingState,
  signal: Decision<Signal, string> & { ok: true },
  features: Features,
  now: number,
  correlationId: string,
  deps: EngineDeps,
  refs: TreeRefs,
): Promise<PlannedEntry | undefined> {
  const { ticker } = s;
  const spot = features.close;
  const timeout = deps.askTimeoutMs ?? DEFAULT_ASK_TIMEOUT_MS;
  const [chain, equity] = await Promise.all([
    deps.market.chain(ticker, now, shortPremiumChainFilter(signal.value.direction, spot, now, s.rules.rolling)),
    ask(refs.portfolio, (replyTo: ActorRef<number>) => ({ type: 'get-equity' as const, replyTo }), timeout),
  ]);
  const input = { signal: signal.value, chain, spot, atr: features.atr, equity, kelly: deps.kelly, rates: deps.market.rates(ticker), now, correlationId, signalReasons: signal.reasons };
  const plan = planShortPremiumEntry(input, s.rules, deps.config.risk);
  if (plan.stage === 'selection') {
    deps.decisions.record({ ts: now, correlationId, kind: 'selection', ok: false, underlying: ticker, reasons: plan.decision.reasons });
    return undefined;
  }
  const { intent, exposure, plan: sold } = plan.order;
  const short = sold.selected[0];
  deps.decisions.record({ ts: now, correlationId, kind: 'selection', ok: true, underlying: ticker, symbol: intent.symbol, reasons: sold.reasons });
  return { intent, exposure, contract: sold.structure.legs[0].contract, entryUnderlying: spot, ...(short?.quote.iv === undefined ? {} : { entryIv: short.quote.iv }), structure: sold.structure };
}
