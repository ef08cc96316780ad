import type { Rules } from '../../domain/config/schema.js';
import { planExit } from '../../domain/intents/exit.js';
import { evaluateLongRoll, longRollChainFilter } from '../../domain/rolling/long.js';
import { fillGreeks } from '../../domain/selection/fill-greeks.js';
import { atLeast } from '../../domain/values/threshold.js';
import { optionPnlPct } from '../../domain/values/position.js';
import { mid, quoteAgeMs } from '../../domain/values/quote.js';
import type { EngineDeps } from '../deps.js';
import type { RollAnswer, TraceContext } from '../messages.js';
import { tell, type ActorRef } from '../runtime/index.js';
import type { TreeRefs } from '../tree.js';
import type { PositionState } from './state.js';
import { submitExit } from './submit-exit.js';

/** Why the closing leg of a roll was sent; the new leg's entry carries ROLL_OPEN. */
export const ROLL_CLOSE_REASONS = ['LONG_PROFIT_TARGET', 'ROLL_CLOSE'] as const;

/**
 * Rolling longs (seed: "roll longs up to a higher strike to bank profits"), on each bar the exit
 * rules held the position: a long with nothing of its own working, up at least longRollProfitPct
 * on a fresh quote, reads its expiry's chain and asks `evaluateLongRoll` for a further-OTM
 * contract. With one, the roll is decided (recorded, and kept in the journaled state) and its
 * close sent as an exit order, never gated; the open goes to the underlying once the position is
 * flat (`handOffRoll`), where the risk gate judges it.
 */
export async function rollLong(s: PositionState, now: number, correlationId: string, rules: Rules, deps: EngineDeps, refs: TreeRefs, trigger?: TraceContext): Promise<PositionState> {
  const p = s.position;
  if (!rules.rolling.longRolls || p.side !== 'long' || p.qty === 0 || s.roll !== undefined) return s;
  if (s.pendingExit !== undefined || s.entryWorking || s.scaleIn?.pending !== undefined || s.lastBar === undefined) return s;
  const quote = s.lastQuote;
  if (quote === undefined || quoteAgeMs(quote, now) > rules.exits.quoteMaxAgeMs) return s;
  if (!atLeast(optionPnlPct(p, mid(quote)), rules.rolling.longRollProfitPct)) return s;
  const ticker = p.contract.underlying;
  const spot = s.lastBar.close;
  const chain = await deps.market.chain(ticker, now, longRollChainFilter(p, spot, rules.selection));
  const market = { spot, now, ...deps.market.rates(ticker) };
  // The position's own quote (fresh: checked above) is the profit check's mark, in the chain or not.
  const own = chain.some((e) => e.contract.symbol === p.contract.symbol) ? [] : [{ contract: p.contract, quote }];
  const plan = evaluateLongRoll(p, { spot, now, chain: [...chain, ...own].map((e) => fillGreeks(e, market)) }, rules);
  deps.decisions.record({ ts: now, correlationId, kind: 'roll', ok: plan.ok, underlying: ticker, symbol: p.contract.symbol, reasons: plan.reasons });
  if (!plan.ok) return s;
  const seq = s.exitSeq + 1;
  const closing = planExit(p, { action: 'exit', qty: p.qty, reasons: [], position: p, mark: mid(quote) }, quote, seq, now, correlationId, rules.execution);
  const intent = { ...closing, reasons: [...ROLL_CLOSE_REASONS] };
  const pendingExit = submitExit(s, intent, now, correlationId, deps, refs, trigger);
  const roll = { symbol: plan.value.open.contract.symbol, qty: p.qty, decidedAt: s.lastBar.ts, reasons: ['ROLL_OPEN', ...plan.reasons] };
  return { ...s, exitSeq: seq, pendingExit, roll };
}

/** Flat, with its roll's close done: the open still to be handed to the underlying. */
export function awaitingHandOff(s: PositionState): boolean {
  return s.roll !== undefined && s.position.qty === 0 && s.pendingExit === undefined && !s.entryWorking && s.scaleIn?.pending === undefined;
}

/**
 * Hands the roll's open (a long's, or a sold structure's) to the underlying (through the
 * supervisor): sent when the close leaves the position flat, again on each bar until the underlying
 * takes it (it answers busy while another entry of its own is in flight), and on a restart from the
 * journal. Resending is safe: the open's id is the decision's, and the underlying takes one it
 * already holds without opening it again. The two legs are linked by ids: the open's order carries
 * the closed position's id as its correlation id.
 */
export function handOffRoll(s: PositionState, refs: TreeRefs, self: ActorRef<RollAnswer>): void {
  const { roll, position: p } = s;
  if (roll === undefined || !awaitingHandOff(s)) return;
  const atr = s.lastFeatures?.atr;
  tell(refs.supervisor, {
    type: 'open-roll',
    symbol: roll.symbol,
    ...(roll.structure === undefined ? {} : { structure: roll.structure }),
    multiplier: p.contract.multiplier,
    qty: roll.qty,
    rolledFrom: p.id,
    ts: roll.decidedAt,
    spot: s.lastBar?.close ?? p.entryUnderlying,
    ...(atr === undefined ? {} : { atr }),
    reasons: roll.reasons,
    correlationId: p.id,
    replyTo: self,
  });
}
