import type { SizingConfig } from '../config/schema.js';
import { approve, deny, type Decision } from '../decision.js';
import type { SizingReason } from './reasons.js';

/** Scaling in (seed: start 50 %, add 50 % if the trade confirms). */
export type Tranche = 'first' | 'add';

/**
 * Contracts for one tranche of a full size (≥ 1, already hard-capped).
 * first = max(1, floor(full × firstTranche)); add = full − first (the remainder, so the two sum to full).
 * With scaleIn disabled 'first' is the full size and 'add' is denied.
 */
export function trancheContracts(full: number, tranche: Tranche | undefined, cfg: Pick<SizingConfig['scaleIn'], 'enabled' | 'firstTranche'>): Decision<number, SizingReason> {
  if (tranche === undefined) return approve(full);
  if (!cfg.enabled) return tranche === 'first' ? approve(full) : deny(['SCALE_IN_DISABLED']);
  const first = Math.max(1, Math.floor(full * cfg.firstTranche));
  switch (tranche) {
    case 'first':
      return approve(first, ['TRANCHE_FIRST']);
    case 'add': {
      const rest = full - first;
      return rest > 0 ? approve(rest, ['TRANCHE_ADD']) : deny(['NOTHING_TO_ADD']);
    }
    default: {
      const unreachable: never = tranche;
      throw new Error(`unknown tranche ${String(unreachable)}`);
    }
  }
}
