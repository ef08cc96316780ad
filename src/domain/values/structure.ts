import type { OptionContract } from './contract.js';
import type { PositionSide } from './position.js';

/** The defined-risk short-premium structures Thetis sells (never a naked call). */
export const PREMIUM_STRUCTURES = ['cash_secured_put', 'bull_put_spread', 'bear_call_spread'] as const;
export type PremiumStructureKind = (typeof PREMIUM_STRUCTURES)[number];

/** One leg: its contract, sold ('short') or bought ('long'), one contract per structure unit. */
export interface PremiumLeg {
  readonly contract: OptionContract;
  readonly side: PositionSide;
  /** Contracts of this leg per unit of the structure (Alpaca's `ratio_qty`): always 1 here. */
  readonly ratio: 1;
}

/**
 * A short-premium structure: the short leg first, then the long (protective) leg of a spread, all
 * on one underlying and one expiry. Plain, frozen, serialisable: an order intent and a position
 * carry it as is (the order's qty counts structure units, each leg trades qty × ratio contracts).
 */
export interface PremiumStructure {
  readonly kind: PremiumStructureKind;
  readonly underlying: string;
  readonly expiry: string;
  readonly legs: readonly [PremiumLeg] | readonly [PremiumLeg, PremiumLeg];
  /** |short strike − long strike| of a spread, dollars per share; absent for a cash-secured put. */
  readonly width?: number;
}
