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

function requestReasons(entry: ChainEntry, req: SelectionRequest, target: number, cfg: SelectionContext): SelectionReason[] {
  const { contract } = entry;
  const reasons: SelectionReason[] = [];
  if (contract.underlying !== req.underlying) reasons.push('WRONG_UNDERLYING');
  if (contract.right !== rightFor(req.direction)) reasons.push('WRONG_RIGHT');
  if (!lessThan(Math.abs(contract.strike - target) / target, cfg.selection.strikeWindowPct)) reasons.push('STRIKE_OUT_OF_WINDOW');
  reasons.push(...dteReasons(daysToExpiry(contract.expiry, req.now), req.tradeType, cfg.selection, sessionsToExpiry(contract.expiry, req.now, req.calendar ?? RULE_CALENDAR, cfg.selection.dte.minSessionsLeft)));
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
  for (const entry of chain) {
    const quality = screenQuality(entry, req.tradeType, cfg, req.now);
    const reasons = [...requestReasons(entry, req, target, cfg), ...quality.failed, ...deltaReasons(entry, cfg.selection)];
    if (reasons.length === 0 && quality.scored) ranking.push(quality.scored);
    else rejected.push({ symbol: entry.contract.symbol, reasons });
  }
  ranking.sort(byScoreThenSymbol);
  const best = ranking[0];
  const decision = best ? approve(best, best.reasons) : deny<SelectionReason>([chain.length === 0 ? 'EMPTY_CHAIN' : 'NO_ELIGIBLE_CONTRACT']);
  return { decision, ranking, rejected };
}
