import { approve, deny, type Decision } from '../decision.js';
import type { TradeType } from '../values/position.js';
import { screenQuality } from '../selection/screen.js';
import type { ChainEntry, ScoredContract, SelectionReason } from '../selection/types.js';
import type { RollConfig, RollPlan, RollReason } from './types.js';

/**
 * Picks the first eligible candidate by `order` and builds the plan; with none, denies with
 * the triggers, NO_ROLL_TARGET and every distinct reason the candidates failed on.
 */
export function pickRollTarget(args: {
  readonly close: string;
  readonly triggers: readonly RollReason[];
  readonly candidates: readonly ChainEntry[];
  readonly tradeType: TradeType;
  readonly extraReasons: (entry: ChainEntry) => readonly SelectionReason[];
  readonly order: (a: ScoredContract, b: ScoredContract) => number;
  readonly cfg: RollConfig;
  readonly now: number;
}): Decision<RollPlan, RollReason> {
  const eligible: ScoredContract[] = [];
  const failures = new Set<SelectionReason>();
  for (const entry of args.candidates) {
    const quality = screenQuality(entry, args.tradeType, args.cfg, args.now);
    const reasons = [...quality.failed, ...args.extraReasons(entry)];
    if (reasons.length === 0 && quality.scored) eligible.push(quality.scored);
    else reasons.forEach((r) => failures.add(r));
  }
  const best = [...eligible].sort(args.order)[0];
  if (!best) return deny([...args.triggers, 'NO_ROLL_TARGET', ...failures]);
  const reasons = [...args.triggers, ...best.reasons];
  return approve({ close: args.close, open: best, reasons }, reasons);
}
