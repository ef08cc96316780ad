import { RULE_CALENDAR } from '../calendar/session-calendar.js';
import { approve, deny } from '../decision.js';
import { sessionsToExpiry } from '../exits/expiry-sessions.js';
import type { OptionRight } from '../values/contract.js';
import { finite, positive } from '../values/numbers.js';
import type { Direction } from '../values/position.js';
import { lessThan } from '../values/threshold.js';
import { daysToExpiry } from '../values/time.js';
import { byScoreThenSymbol, deltaReasons, dteReasons, screenQuality, type SelectionContext } from './screen.js';
import type { ChainEntry, RejectedContract, ScoredContract, SelectionReason, SelectionRequest, SelectionResult } from './types.js';

/** Directional long premium: calls for bullish, puts for bearish. */
export function rightFor(direction: Direction): OptionRight {
  switch (direction) {
    case 'bullish':
      return 'call';
    case 'bearish':
      return 'put';
    default: {
      const never: never = direction;
      throw new Error(`unknown direction ${String(never)}`);
    }
  }
}

/** The DTE window's reasons for an expiry: the same for every contract of it, worked out once per selection (a chain has few expiries). */
function expiryReasons(expiry: string, req: SelectionRequest, cfg: SelectionContext, known: Map<string, readonly SelectionReason[]>): readonly SelectionReason[] {
  let reasons = known.get(expiry);
  if (reasons === undefined) {
    reasons = dteReasons(daysToExpiry(expiry, req.now), req.tradeType, cfg.selection, sessionsToExpiry(expiry, req.now, req.calendar ?? RULE_CALENDAR, cfg.selection.dte.minSessionsLeft));
    known.set(expiry, reasons);
  }
  return reasons;
}

function requestReasons(entry: ChainEntry, req: SelectionRequest, target: number, cfg: SelectionContext, byExpiry: Map<string, readonly SelectionReason[]>): SelectionReason[] {
  const { contract } = entry;
  const reasons: SelectionReason[] = [];
  if (contract.underlying !== req.underlying) reasons.push('WRONG_UNDERLYING');
  if (contract.right !== rightFor(req.direction)) reasons.push('WRONG_RIGHT');
  if (!lessThan(Math.abs(contract.strike - target) / target, cfg.selection.strikeWindowPct)) reasons.push('STRIKE_OUT_OF_WINDOW');
  reasons.push(...expiryReasons(contract.expiry, req, cfg, byExpiry));
  return reasons;
}

/**
 * The seed's quality-first contract selection: keep contracts of the right kind within the
 * strike window, DTE window and delta band that pass liquidity and carry greeks, then pick
 * the highest score. Every rejected contract keeps all its reasons.
 */
export function selectContract(chain: readonly ChainEntry[], req: SelectionRequest, cfg: SelectionContext): SelectionResult {
  positive(req.spot, 'spot');
  finite(req.now, 'now');
  const target = positive(req.targetStrike ?? req.spot, 'targetStrike');
  const ranking: ScoredContract[] = [];
  const rejected: RejectedContract[] = [];
  const byExpiry = new Map<string, readonly SelectionReason[]>();
  for (const entry of chain) {
    const quality = screenQuality(entry, req.tradeType, cfg, req.now);
    const reasons = [...requestReasons(entry, req, target, cfg, byExpiry), ...quality.failed, ...deltaReasons(entry, cfg.selection)];
    if (reasons.length === 0 && quality.scored) ranking.push(quality.scored);
    else rejected.push({ symbol: entry.contract.symbol, reasons });
  }
  ranking.sort(byScoreThenSymbol);
  const best = ranking[0];
  const decision = best ? approve(best, best.reasons) : deny<SelectionReason>([chain.length === 0 ? 'EMPTY_CHAIN' : 'NO_ELIGIBLE_CONTRACT']);
  return { decision, ranking, rejected };
}
