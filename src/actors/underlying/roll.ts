import { entryOrderId, positionIdFor } from '../../domain/intents/ids.js';
import { planRollOpen } from '../../domain/intents/roll.js';
import { planShortRollOpen } from '../../domain/intents/short-roll.js';
import type { ChainEntry } from '../../domain/selection/types.js';
import { fillGreeks } from '../../domain/selection/fill-greeks.js';
import { makeContract, parseOcc, type OptionContract } from '../../domain/values/contract.js';
import { isStale } from '../../domain/values/quote.js';
import type { EngineDeps } from '../deps.js';
import { DEFAULT_ASK_TIMEOUT_MS } from '../deps.js';
import type { OpenRoll } from '../messages.js';
import { NOOP_SPAN } from '../ports/tracing.js';
import { ask, tell, type ActorRef } from '../runtime/index.js';
import type { TreeRefs } from '../tree.js';
import { reserveEntry, type PlannedEntry } from './entry.js';
import type { UnderlyingState } from './state.js';

type Planned = { readonly entry: PlannedEntry } | { readonly denied: { readonly kind: 'sizing' | 'order'; readonly reasons: readonly string[] } };

/**
 * A roll's open, handed over by its position once the close left it flat: a rolled long's further-OTM
 * contract, or a sold structure's same kind on the rolled strikes (`msg.structure`). Opened like an
 * entry without the selection (the roll chose the contracts), at the current quotes, sized now (never
 * more than was closed) and reserved through the portfolio's risk gate: the open is gated as any entry
 * (a denial is recorded with ROLL_OPEN_DENIED and the plan's or the gate's reasons, and nothing is
 * sent). Its id is the roll decision's (`entryOrderId(ticker, ts)`): an open-roll whose order this
 * actor holds, or whose position is open, is taken without opening anything again. While another
 * entry is in flight the actor answers busy and the position asks again on its next bar. Every other
 * outcome is an answer of taken: the roll is over.
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
  const timeout = deps.askTimeoutMs ?? DEFAULT_ASK_TIMEOUT_MS;
  const planned = await planOpen(s, msg, now, deps, () => ask(refs.portfolio, (replyTo: ActorRef<number>) => ({ type: 'get-equity' as const, replyTo }), timeout));
  if ('denied' in planned) {
    const { kind, reasons } = planned.denied;
    deps.decisions.record({ ts: now, correlationId: msg.correlationId, kind, ok: false, underlying: ticker, symbol: msg.symbol, reasons });
    answer(true);
    return s;
  }
  const pending = await reserveEntry(planned.entry, s, { now: () => now }, msg.correlationId, deps, refs, NOOP_SPAN, ['ROLL_OPEN_DENIED']);
  // Approved: the portfolio has forwarded the order to the gateway; its fills open the new position.
  answer(true);
  return pending === undefined ? s : { ...s, pending };
}

/**
 * The open's plan at the current quotes: a long's (`planRollOpen`) or a sold structure's
 * (`planShortRollOpen`). The quotes come from a chain read of the new legs' slice (their right and
 * expiry, between their strikes), as an entry's do: with their volume and open interest, also
 * after a restart, when nothing has listed them since.
 */
async function planOpen(s: UnderlyingState, msg: OpenRoll, now: number, deps: EngineDeps, equityOf: () => Promise<number>): Promise<Planned> {
  const market = { spot: msg.spot, now, ...deps.market.rates(s.ticker) };
  const legs = [msg.symbol, ...(msg.structure?.wing === undefined ? [] : [msg.structure.wing])].map((symbol) => makeContract({ ...parseOcc(symbol), multiplier: msg.multiplier }));
  const strikes = legs.map((c) => c.strike);
  const first = legs[0] as OptionContract;
  const chain = await deps.market.chain(s.ticker, now, { right: first.right, expiryFrom: first.expiry, expiryTo: first.expiry, strikeMin: Math.min(...strikes), strikeMax: Math.max(...strikes) });
  const priced = (symbol: string): ChainEntry | undefined => {
    const entry = chain.find((e) => e.contract.symbol === symbol);
    if (entry === undefined || isStale(entry.quote, now, s.rules.liquidity.maxQuoteAgeMs)) return undefined;
    return fillGreeks(entry, market);
  };
  const opened = priced(msg.symbol);
  const wing = msg.structure?.wing === undefined ? undefined : priced(msg.structure.wing);
  if (opened === undefined || (msg.structure?.wing !== undefined && wing === undefined)) return { denied: { kind: 'order', reasons: ['ROLL_OPEN_NO_QUOTE'] } };
  const equity = await equityOf();
  const common = { closedQty: msg.qty, decidedAt: msg.ts, equity, ...(msg.atr === undefined ? {} : { atr: msg.atr }), ...(deps.kelly === undefined ? {} : { kelly: deps.kelly }), now, correlationId: msg.correlationId, reasons: msg.reasons };
  const iv = opened.quote.iv === undefined ? {} : { entryIv: opened.quote.iv };
  if (msg.structure === undefined) {
    const plan = planRollOpen({ ...common, contract: opened.contract, quote: opened.quote, tradeType: s.rules.signals.tradeType }, s.rules, deps.config.risk);
    if (!plan.ok) return { denied: { kind: 'sizing', reasons: ['ROLL_OPEN_DENIED', ...plan.reasons] } };
    return { entry: { ...plan.value, contract: opened.contract, entryUnderlying: msg.spot, ...iv } };
  }
  const plan = planShortRollOpen({ ...common, kind: msg.structure.kind, short: opened, ...(wing === undefined ? {} : { wing }), spot: msg.spot }, s.rules, deps.config.risk);
  if (!plan.ok) return { denied: { kind: 'sizing', reasons: ['ROLL_OPEN_DENIED', ...plan.reasons] } };
  const { intent, exposure, plan: sold } = plan.value;
  return { entry: { intent, exposure, contract: opened.contract, entryUnderlying: msg.spot, ...iv, structure: sold.structure } };
}
