import type { Rules } from '../../domain/config/schema.js';
import { planShortExit } from '../../domain/intents/short-exit.js';
import { evaluateShortPremiumExit } from '../../domain/premium/exits.js';
import type { ChainEntry } from '../../domain/selection/types.js';
import { isStale, type OptionQuote } from '../../domain/values/quote.js';
import type { EngineDeps } from '../deps.js';
import type { TraceContext } from '../messages.js';
import type { TreeRefs } from '../tree.js';
import type { PositionState } from './state.js';
import { submitExit } from './submit-exit.js';

/**
 * The exits of a sold structure (premium selling), on each bar, quote and timer: its legs' quotes,
 * then `evaluateShortPremiumExit` (take profit at a share of the credit, a stop at a multiple of it,
 * 21 DTE, expiry day). An exit buys the whole structure back in one order (`planShortExit`), never
 * gated. A roll at 21 DTE is not sent yet: the structure is closed instead (SHORT_CLOSED_NOT_ROLLED),
 * which the rulebook's "exit or roll at 21 DTE" allows. Past expiry the broker settles it.
 */
export function evaluateShort(s: PositionState, now: number, correlationId: string, rules: Rules, deps: EngineDeps, refs: TreeRefs, trigger?: TraceContext): PositionState {
  const p = s.position;
  const structure = p.structure;
  if (structure === undefined || s.lastBar === undefined) return s;
  const quotes = structure.legs.map((l) => deps.market.quote(l.contract.symbol, now) ?? (l.side === 'short' ? s.lastQuote : undefined));
  const chain: ChainEntry[] = [];
  structure.legs.forEach((l, i) => {
    const quote = quotes[i];
    if (quote !== undefined) chain.push({ contract: l.contract, quote });
  });
  const decision = evaluateShortPremiumExit(
    { id: p.id, structure, direction: p.direction, qty: p.qty, credit: p.entryPrice, entryTs: p.entryTs, entryUnderlying: p.entryUnderlying },
    { spot: s.lastBar.close, now, chain },
    rules,
  );
  if (decision.action === 'hold' || decision.action === 'settle') return s;
  const reasons = decision.action === 'roll' ? [...decision.reasons, 'SHORT_CLOSED_NOT_ROLLED'] : [...decision.reasons];
  const fresh = (q: OptionQuote | undefined) => (q !== undefined && !isStale(q, now, rules.exits.quoteMaxAgeMs) ? q : undefined);
  const [short, long] = [fresh(quotes[0]), fresh(quotes[1])];
  const seq = s.exitSeq + 1;
  const intent = planShortExit({ id: p.id, structure, qty: p.qty }, short === undefined ? undefined : { short, ...(long === undefined ? {} : { long }) }, reasons, seq, now, correlationId, rules.execution);
  deps.decisions.record({ ts: now, correlationId, kind: 'exit', ok: true, underlying: p.contract.underlying, symbol: intent.symbol, reasons });
  const pendingExit = submitExit(s, intent, now, correlationId, deps, refs, trigger);
  return { ...s, exitSeq: seq, pendingExit };
}
