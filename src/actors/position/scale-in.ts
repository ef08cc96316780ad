import type { Rules } from '../../domain/config/schema.js';
import type { Decision } from '../../domain/decision.js';
import { planAdd } from '../../domain/intents/add.js';
import type { PortfolioGreeks, RiskReason } from '../../domain/portfolio/index.js';
import { scaleInChanceOver, scaleInDecision } from '../../domain/sizing/scale-in.js';
import { optionPnlPct } from '../../domain/values/position.js';
import { mid, quoteAgeMs } from '../../domain/values/quote.js';
import type { EngineDeps } from '../deps.js';
import { DEFAULT_ASK_TIMEOUT_MS } from '../deps.js';
import type { TraceContext } from '../messages.js';
import { NOOP_TRACING, ThetisAttr } from '../ports/tracing.js';
import { ask, AskTimeoutError, type ActorRef } from '../runtime/index.js';
import type { TreeRefs } from '../tree.js';
import type { PositionState } from './state.js';

/** Whether the position may still add its second tranche: it holds the first, fully filled, with nothing of its own working. */
function awaitingAdd(s: PositionState): boolean {
  const si = s.scaleIn;
  return si !== undefined && !si.done && si.pending === undefined && s.pendingExit === undefined && !s.entryWorking && s.position.qty > 0;
}

/**
 * Scaling in (seed: start with 50 %, add 50 % if the trade confirms), on each bar the exit rules held
 * the position (so never inside an exit window) with no order of its own working:
 * when the trade confirms, the second tranche is planned (`planAdd`: within the budget the entry was
 * sized to) and goes to the portfolio's risk gate like any opening order: the portfolio forwards it
 * when it approves. A position adds once: after the add is sent, refused, or its chance has passed
 * (the confirmation says so), it holds what it has. Every outcome is recorded with its reasons.
 */
export async function scaleIn(s: PositionState, now: number, correlationId: string, rules: Rules, deps: EngineDeps, refs: TreeRefs, trace?: TraceContext): Promise<PositionState> {
  const si = s.scaleIn;
  if (si === undefined || !awaitingAdd(s) || s.lastBar === undefined || s.lastFeatures === undefined) return s;
  const underlying = s.position.contract.underlying;
  const record = (kind: 'sizing' | 'risk' | 'order', ok: boolean, reasons: readonly string[]) =>
    deps.decisions.record({ ts: now, correlationId, kind, ok, underlying, symbol: s.position.contract.symbol, reasons });
  const done = (): PositionState => ({ ...s, scaleIn: { ...si, done: true } });

  const p = s.position;
  const fresh = s.lastQuote !== undefined && quoteAgeMs(s.lastQuote, now) <= rules.exits.quoteMaxAgeMs ? s.lastQuote : undefined;
  const confirmed = scaleInDecision(
    {
      direction: p.direction,
      tradeType: p.tradeType,
      entryUnderlying: p.entryUnderlying,
      entryTs: p.entryTs,
      close: s.lastBar.close,
      ...(fresh === undefined ? {} : { optionPnlPct: optionPnlPct(p, mid(fresh)) }),
      partialTaken: p.partialStage > 0,
      trend: s.lastFeatures.trend,
      now,
    },
    rules.sizing.scaleIn,
    deps.calendar,
  );
  if (!confirmed.ok) {
    // "Not yet" is asked again on the next bar, unrecorded; a chance over is recorded once.
    if (!scaleInChanceOver(confirmed)) return s;
    record('sizing', false, confirmed.reasons);
    return done();
  }
  const seq = si.seq + 1;
  const timeout = deps.askTimeoutMs ?? DEFAULT_ASK_TIMEOUT_MS;
  const equity = await ask(refs.portfolio, (replyTo: ActorRef<number>) => ({ type: 'get-equity' as const, replyTo }), timeout);
  const maxTradeRisk = deps.config.risk.maxRiskPerTradePct * equity;
  const plan = planAdd({ position: s.position, plan: si.plan, quote: fresh, greeks: s.greeks, seq, now, maxTradeRisk, correlationId, reasons: confirmed.reasons }, rules.execution);
  if (!plan.ok) {
    record('sizing', false, [...confirmed.reasons, ...plan.reasons]);
    return done();
  }
  const { intent, exposure } = plan.value;
  const span = (deps.tracing ?? NOOP_TRACING).start('scale-in', s.entryTrace, {
    links: [trace],
    attributes: { [ThetisAttr.ticker]: underlying, [ThetisAttr.optionSymbol]: intent.symbol, [ThetisAttr.clientOrderId]: intent.clientOrderId, [ThetisAttr.correlationId]: correlationId, [ThetisAttr.positionId]: s.position.id, [ThetisAttr.reasons]: intent.reasons, [ThetisAttr.qty]: intent.qty, [ThetisAttr.effect]: intent.effect },
  });
  let approval: Decision<PortfolioGreeks, RiskReason>;
  try {
    approval = await ask(
      refs.portfolio,
      (replyTo: ActorRef<Decision<PortfolioGreeks, RiskReason>>) => ({ type: 'reserve' as const, intent, exposure, deadline: now + timeout, correlationId, ...(span.trace === undefined ? {} : { trace: span.trace }), replyTo }),
      timeout,
    );
  } catch (error) {
    if (!(error instanceof AskTimeoutError)) throw error;
    // The portfolio refuses a reserve past its deadline, so nothing went out; the add is given up, never sent twice.
    approval = { ok: false, reasons: ['RISK_CHECK_EXPIRED'] };
  } finally {
    span.end();
  }
  record('risk', approval.ok, approval.reasons);
  if (!approval.ok) return done();
  record('order', true, intent.reasons);
  const pending = { clientOrderId: intent.clientOrderId, qty: intent.qty, reasons: intent.reasons, sentAt: now, cumQty: 0, notional: 0, exposure, cancelling: false };
  return { ...s, scaleIn: { ...si, seq, pending } };
}
