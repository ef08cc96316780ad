import type { Rules } from '../../domain/config/schema.js';
import { planShortExit } from '../../domain/intents/short-exit.js';
import { evaluateShortPremiumExit, type ShortPremiumExit } from '../../domain/premium/exits.js';
import { shortRollChainFilter } from '../../domain/rolling/short.js';
import { fillGreeks } from '../../domain/selection/fill-greeks.js';
import type { ChainEntry } from '../../domain/selection/types.js';
import { isStale, type OptionQuote } from '../../domain/values/quote.js';
import { daysToExpiry } from '../../domain/values/time.js';
import { atMost } from '../../domain/values/threshold.js';
import type { EngineDeps } from '../deps.js';
import type { TraceContext } from '../messages.js';
import type { TreeRefs } from '../tree.js';
import type { PositionState, RollState } from './state.js';
import { submitExit } from './submit-exit.js';

/** The legs' current quotes (the short leg's falls back to the last one seen), in leg order. */
function legQuotes(s: PositionState, now: number, deps: EngineDeps): (OptionQuote | undefined)[] {
  return (s.position.structure?.legs ?? []).map((l) => deps.market.quote(l.contract.symbol, now) ?? (l.side === 'short' ? s.lastQuote : undefined));
}

/** The structure's exit rules on the legs' quotes and `more` of the chain (a roll's candidates). */
function judge(s: PositionState, now: number, quotes: readonly (OptionQuote | undefined)[], more: readonly ChainEntry[], rules: Rules): ShortPremiumExit | undefined {
  const p = s.position;
  const structure = p.structure;
  if (structure === undefined || s.lastBar === undefined) return undefined;
  const chain: ChainEntry[] = [...more];
  structure.legs.forEach((l, i) => {
    const quote = quotes[i];
    if (quote !== undefined && !more.some((e) => e.contract.symbol === l.contract.symbol)) chain.push({ contract: l.contract, quote });
  });
  return evaluateShortPremiumExit(
    { id: p.id, structure, direction: p.direction, qty: p.qty, credit: p.entryPrice, entryTs: p.entryTs, entryUnderlying: p.entryUnderlying },
    { spot: s.lastBar.close, now, chain },
    rules,
  );
}

/** Buys the whole structure back in one order (`planShortExit`), never gated, with `reasons`. */
function buyBack(s: PositionState, quotes: readonly (OptionQuote | undefined)[], reasons: readonly string[], now: number, correlationId: string, rules: Rules, deps: EngineDeps, refs: TreeRefs, trigger?: TraceContext): PositionState {
  const p = s.position;
  const structure = p.structure;
  if (structure === undefined) return s;
  const fresh = (q: OptionQuote | undefined) => (q !== undefined && !isStale(q, now, rules.exits.quoteMaxAgeMs) ? q : undefined);
  const [short, long] = [fresh(quotes[0]), fresh(quotes[1])];
  const seq = s.exitSeq + 1;
  const intent = planShortExit({ id: p.id, structure, qty: p.qty }, short === undefined ? undefined : { short, ...(long === undefined ? {} : { long }) }, reasons, seq, now, correlationId, rules.execution);
  deps.decisions.record({ ts: now, correlationId, kind: 'exit', ok: true, underlying: p.contract.underlying, symbol: intent.symbol, reasons });
  const pendingExit = submitExit(s, intent, now, correlationId, deps, refs, trigger);
  return { ...s, exitSeq: seq, pendingExit };
}

/**
 * The exits of a sold structure (premium selling), on each bar, quote and timer: its legs' quotes,
 * then `evaluateShortPremiumExit` (take profit at a share of the credit, a stop at a multiple of it,
 * 21 DTE, expiry day). An exit buys the whole structure back. At 21 DTE with rolling.shortRolls on,
 * the decision needs the roll's candidates: it is left to the bar's `rollShort`. Past expiry the
 * broker settles it.
 */
export function evaluateShort(s: PositionState, now: number, correlationId: string, rules: Rules, deps: EngineDeps, refs: TreeRefs, trigger?: TraceContext): PositionState {
  const quotes = legQuotes(s, now, deps);
  const decision = judge(s, now, quotes, [], rules);
  if (decision === undefined || decision.action === 'hold' || decision.action === 'settle') return s;
  if (rules.rolling.shortRolls && decision.reasons.includes('SHORT_AT_ROLL_DTE')) return s;
  return buyBack(s, quotes, decision.reasons, now, correlationId, rules, deps, refs, trigger);
}

/**
 * Rolling a sold structure (seed: "roll shorts at 21 DTE if still at risk"), on each bar the exit
 * rules held it at rolling.shortRollDte or less with nothing of its own working: reads the chain of
 * its strikes in the roll window (`shortRollChainFilter`) and asks `evaluateShortPremiumExit` again
 * with it. A roll is decided (recorded, and kept in the journaled state) and the structure bought
 * back (ROLL_CLOSE), never gated; once flat the position hands the open of the same kind on the
 * rolled strikes to its underlying (`handOffRoll`), where the risk gate judges it. Not rolled (not
 * at risk, no target): bought back with its reasons.
 */
export async function rollShort(s: PositionState, now: number, correlationId: string, rules: Rules, deps: EngineDeps, refs: TreeRefs, trigger?: TraceContext): Promise<PositionState> {
  const p = s.position;
  const structure = p.structure;
  if (!rules.rolling.shortRolls || structure === undefined || p.qty === 0 || s.roll !== undefined || s.lastBar === undefined) return s;
  if (s.pendingExit !== undefined || s.entryWorking || s.scaleIn?.pending !== undefined || !atMost(daysToExpiry(structure.expiry, now), rules.rolling.shortRollDte)) return s;
  const ticker = p.contract.underlying;
  const market = { spot: s.lastBar.close, now, ...deps.market.rates(ticker) };
  const chain = (await deps.market.chain(ticker, now, shortRollChainFilter(structure.legs.map((l) => l.contract), now, rules.rolling))).map((e) => fillGreeks(e, market));
  const quotes = legQuotes(s, now, deps);
  const decision = judge(s, now, quotes, chain, rules);
  if (decision === undefined || decision.action === 'hold' || decision.action === 'settle') return s;
  if (decision.action !== 'roll') return buyBack(s, quotes, decision.reasons, now, correlationId, rules, deps, refs, trigger);
  deps.decisions.record({ ts: now, correlationId, kind: 'roll', ok: true, underlying: ticker, symbol: p.contract.symbol, reasons: decision.reasons });
  const { short, long } = decision.roll;
  const roll: RollState = {
    symbol: short.open.contract.symbol,
    structure: { kind: structure.kind, ...(long === undefined ? {} : { wing: long.open.contract.symbol }) },
    qty: p.qty,
    decidedAt: s.lastBar.ts,
    reasons: ['ROLL_OPEN', ...short.reasons],
  };
  return { ...buyBack(s, quotes, [...decision.reasons, 'ROLL_CLOSE'], now, correlationId, rules, deps, refs, trigger), roll };
}
