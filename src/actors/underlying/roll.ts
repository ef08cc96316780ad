import { entryOrderId, positionIdFor } from '../../domain/intents/ids.js';
import { planRollOpen } from '../../domain/intents/roll.js';
import { fillGreeks } from '../../domain/selection/fill-greeks.js';
import { makeContract, parseOcc } from '../../domain/values/contract.js';
import { isStale } from '../../domain/values/quote.js';
import type { EngineDeps } from '../deps.js';
import { DEFAULT_ASK_TIMEOUT_MS } from '../deps.js';
import type { OpenRoll } from '../messages.js';
import { NOOP_SPAN } from '../ports/tracing.js';
import { ask, tell, type ActorRef } from '../runtime/index.js';
import type { TreeRefs } from '../tree.js';
import { reserveEntry } from './entry.js';
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
  const record = (kind: 'sizing' | 'order', ok: boolean, reasons: readonly string[]) =>
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
  const entry = { intent, exposure, contract, entryUnderlying: msg.spot, ...(priced.iv === undefined ? {} : { entryIv: priced.iv }) };
  const pending = await reserveEntry(entry, s, { now: () => now }, msg.correlationId, deps, refs, NOOP_SPAN, ['ROLL_OPEN_DENIED']);
  // Approved: the portfolio has forwarded the order to the gateway; its fills open the new position.
  answer(true);
  return pending === undefined ? s : { ...s, pending };
}
