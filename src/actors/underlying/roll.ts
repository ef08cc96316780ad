import type { Decision } from '../../domain/decision.js';
import { entryOrderId, positionIdFor } from '../../domain/intents/ids.js';
import { planRollOpen } from '../../domain/intents/roll.js';
import type { PortfolioGreeks, RiskReason } from '../../domain/portfolio/index.js';
import { fillGreeks } from '../../domain/selection/fill-greeks.js';
import { makeContract, parseOcc } from '../../domain/values/contract.js';
import { isStale } from '../../domain/values/quote.js';
import type { EngineDeps } from '../deps.js';
import { DEFAULT_ASK_TIMEOUT_MS } from '../deps.js';
import type { OpenRoll } from '../messages.js';
import { NOOP_TRACING, ThetisAttr } from '../ports/tracing.js';
import { ask, tell, type ActorRef } from '../runtime/index.js';
import type { TreeRefs } from '../tree.js';
import type { UnderlyingState } from './state.js';

/**
 * A rolled long's open, handed over by its position once the close left it flat: opened like an
 * entry without the selection (the roll chose the contract), at the target's current quote,
 * sized now (never more contracts than were closed) and reserved through the portfolio's risk
 * gate: the open is gated as any entry (a denial is recorded with ROLL_OPEN_DENIED and the gate's
 * reasons, and nothing is sent). Its id is the roll decision's (`entryOrderId(ticker, ts)`): an
 * open-roll whose order this actor holds, or whose position is open, is taken without opening
 * anything again. While another entry is in flight the actor answers busy and the position asks
 * again on its next bar. Every other outcome is an answer of taken: the roll is over.
 */
export async function openRoll(s: UnderlyingState, msg: OpenRoll, now: number, deps: EngineDeps, refs: TreeRefs): Promise<UnderlyingState> {
  const { ticker } = s;
  const clientOrderId = entryOrderId(ticker, msg.ts);
  const answer = (taken: boolean) => tell(msg.replyTo, { type: 'roll-answer', taken });
  if (s.pending?.intent.clientOrderId === clientOrderId || s.positions.has(positionIdFor(ticker, msg.ts))) {
    answer(true);
    return s;
  }
  if (s.pending !== undefined) {
    answer(false);
    return s;
  }
  const record = (kind: 'sizing' | 'risk' | 'order', ok: boolean, reasons: readonly string[]) =>
    deps.decisions.record({ ts: now, correlationId: msg.correlationId, kind, ok, underlying: ticker, symbol: msg.symbol, reasons });
  const contract = makeContract({ ...parseOcc(msg.symbol), multiplier: msg.multiplier });
  const quote = deps.market.quote(msg.symbol, now);
  if (quote === undefined || isStale(quote, now, s.rules.liquidity.maxQuoteAgeMs)) {
    record('order', false, ['ROLL_OPEN_NO_QUOTE']);
    answer(true);
    return s;
  }
  const timeout = deps.askTimeoutMs ?? DEFAULT_ASK_TIMEOUT_MS;
  const equity = await ask(refs.portfolio, (replyTo: ActorRef<number>) => ({ type: 'get-equity' as const, replyTo }), timeout);
  const priced = fillGreeks({ contract, quote }, { spot: msg.spot, now, ...deps.market.rates(ticker) }).quote;
  const plan = planRollOpen(
    { contract, quote: priced, closedQty: msg.qty, decidedAt: msg.ts, tradeType: s.rules.signals.tradeType, equity, ...(msg.atr === undefined ? {} : { atr: msg.atr }), ...(deps.kelly === undefined ? {} : { kelly: deps.kelly }), now, correlationId: msg.correlationId, reasons: msg.reasons },
    s.rules,
    deps.config.risk,
  );
  if (!plan.ok) {
    record('sizing', false, ['ROLL_OPEN_DENIED', ...plan.reasons]);
    answer(true);
    return s;
  }
  const { intent, exposure } = plan.value;
  const order = (deps.tracing ?? NOOP_TRACING).start('order', undefined, {
    attributes: { [ThetisAttr.ticker]: ticker, [ThetisAttr.optionSymbol]: intent.symbol, [ThetisAttr.clientOrderId]: intent.clientOrderId, [ThetisAttr.correlationId]: msg.correlationId, [ThetisAttr.reasons]: intent.reasons, [ThetisAttr.effect]: intent.effect, [ThetisAttr.side]: intent.side, [ThetisAttr.qty]: intent.qty, [ThetisAttr.positionId]: msg.rolledFrom },
  });
  const context = { exposure, entryUnderlying: msg.spot, ...(priced.iv === undefined ? {} : { entryIv: priced.iv }) };
  let approval: Decision<PortfolioGreeks, RiskReason>;
  try {
    approval = await ask(
      refs.portfolio,
      (replyTo: ActorRef<Decision<PortfolioGreeks, RiskReason>>) => ({ type: 'reserve' as const, intent, exposure, context, deadline: now + timeout, correlationId: msg.correlationId, ...(order.trace === undefined ? {} : { trace: order.trace }), replyTo }),
      timeout,
    );
  } finally {
    order.end();
  }
  if (!approval.ok) {
    record('risk', false, ['ROLL_OPEN_DENIED', ...approval.reasons]);
    answer(true);
    return s;
  }
  record('risk', true, approval.reasons);
  // Approved: the portfolio has forwarded the order to the gateway; its fills open the new position.
  record('order', true, intent.reasons);
  answer(true);
  return {
    ...s,
    pending: { intent, contract, exposure, entryUnderlying: msg.spot, ...(priced.iv === undefined ? {} : { entryIv: priced.iv }), entryReasons: intent.reasons, opened: false, filledQty: 0, notional: 0, fees: 0 },
  };
}
