import type { SizingConfig } from '../config/schema.js';
import { approve, type Decision } from '../decision.js';
import type { SizingReason } from './reasons.js';

/** Scaling in (seed: start 50 %, add 50 % if the trade confirms): an entry sized as its first tranche. */
export type Tranche = 'first';

/**
 * Contracts the entry buys of a full size (≥ 1, already hard-capped): with scaling in on, its first
 * tranche max(1, floor(full × firstTranche)); else (or no tranche asked) the full size. The position
 * adds the rest, full − first, when the trade confirms (`scaleInPlan`, `planAdd` in intents/add.ts).
 */
export function trancheContracts(full: number, tranche: Tranche | undefined, cfg: Pick<SizingConfig['scaleIn'], 'enabled' | 'firstTranche'>): Decision<number, SizingReason> {
  if (tranche === undefined || !cfg.enabled) return approve(full);
  return approve(Math.max(1, Math.floor(full * cfg.firstTranche)), ['TRANCHE_FIRST']);
}
