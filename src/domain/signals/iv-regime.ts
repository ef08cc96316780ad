import type { SignalsConfig } from '../config/schema.js';
import { DomainError } from '../errors.js';
import { atLeast, atMost, lessThan, moreThan } from '../values/threshold.js';
import { DENY } from './denials.js';
import type { IvRegimeReason } from './reasons.js';

export type IvRankRegime = 'high' | 'normal' | 'low' | 'unknown';
export type IvPricing = 'rich' | 'fair' | 'cheap' | 'unknown';
/** The side of the premium trade the IV regime favours: buy it, sell it, or either. */
export type PremiumSide = 'long' | 'short' | 'both';

/** The IV regime: the premium side it picks, with its reason codes (always a verdict, never a denial). */
export interface IvRegime {
  readonly side: PremiumSide;
  readonly rank: IvRankRegime;
  readonly pricing: IvPricing;
  /** IV / realized vol, when both are known and realized vol > 0. */
  readonly ivToRealized?: number;
  /** Why: the rank's and the pricing's reasons, IV_REGIME_MIXED when they disagree. */
  readonly reasons: readonly IvRegimeReason[];
}

function checkInput(value: number | undefined, field: string, max: number): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value < 0 || value > max) {
    throw new DomainError('BAD_IV_INPUT', `${field} must be a finite number in [0, ${max}], got ${value}`, field);
  }
}

function rankRegime(ivRank: number | undefined, cfg: SignalsConfig['ivRegime']): IvRankRegime {
  if (ivRank === undefined) return 'unknown';
  if (moreThan(ivRank, cfg.high)) return 'high';
  return lessThan(ivRank, cfg.low) ? 'low' : 'normal';
}

function pricingOf(ratio: number | undefined, cfg: SignalsConfig['ivRegime']): IvPricing {
  if (ratio === undefined) return 'unknown';
  if (atLeast(ratio, cfg.richRatio)) return 'rich';
  return atMost(ratio, cfg.cheapRatio) ? 'cheap' : 'fair';
}

/** The IV rank's regime (ivRank 0–100, checked): > high is high, < low is low. */
export function ivRankRegime(ivRank: number | undefined, cfg: SignalsConfig): IvRankRegime {
  checkInput(ivRank, 'ivRank', 100);
  return rankRegime(ivRank, cfg.ivRegime);
}

/**
 * IV against realized vol (annualised fractions, checked): IV / RV ≥ richRatio is rich (IV ≫ RV),
 * ≤ cheapRatio cheap (IV ≪ RV); unknown when either is missing or realized vol is 0.
 */
export function ivPricing(iv: number | undefined, realizedVol: number | undefined, cfg: SignalsConfig): IvPricing {
  checkInput(iv, 'iv', Number.MAX_VALUE);
  checkInput(realizedVol, 'realizedVol', Number.MAX_VALUE);
  return pricingOf(ivToRealizedOf(iv, realizedVol), cfg.ivRegime);
}

function ivToRealizedOf(iv: number | undefined, realizedVol: number | undefined): number | undefined {
  return iv !== undefined && realizedVol !== undefined && realizedVol > 0 ? iv / realizedVol : undefined;
}

/** A regime's vote: +1 short premium, −1 long premium, 0 none (between, or unknown: skipped). */
const RANK_VOTE = { high: 1, low: -1, normal: 0, unknown: 0 } as const;
const PRICING_VOTE = { rich: 1, cheap: -1, fair: 0, unknown: 0 } as const;

/**
 * The premium side from the two regimes. Either one favouring a side picks it (the seed's "or"), the
 * other being between or unknown; both between or unknown: both sides; one for short and the other
 * for long: they disagree, and the tie rule is both sides (neither is trusted over the other).
 */
export function premiumSideOf(rank: IvRankRegime, pricing: IvPricing): PremiumSide {
  const a = RANK_VOTE[rank];
  const b = PRICING_VOTE[pricing];
  if (a === -b) return 'both'; // both 0, or one +1 and the other −1
  return a + b > 0 ? 'short' : 'long';
}

/**
 * What denies buying premium here, as denial bits: the regime picks short premium, and Thetis sells
 * none yet, so a long-premium signal is denied with the reasons that picked short (IV_RANK_HIGH
 * and/or OPTIONS_RICH). 0 when the side is long or both.
 */
export function ivBlockMask(rank: IvRankRegime, pricing: IvPricing): number {
  if (premiumSideOf(rank, pricing) !== 'short') return 0;
  return (rank === 'high' ? DENY.IV_RANK_HIGH : 0) | (pricing === 'rich' ? DENY.OPTIONS_RICH : 0);
}

const RANK_REASON = { high: 'IV_RANK_HIGH', low: 'IV_RANK_LOW', unknown: 'IV_RANK_UNKNOWN', normal: undefined } as const;
const PRICING_REASON = { rich: 'OPTIONS_RICH', cheap: 'OPTIONS_CHEAP', unknown: 'IV_VS_RV_UNKNOWN', fair: undefined } as const;

/**
 * The IV regime picks the premium side (seed "IV Regime Filters" and "IV vs Realized Vol"): IV rank
 * > ivRegime.high (80) or IV / realized vol ≥ richRatio → short premium; IV rank < low (20) or
 * IV / realized vol ≤ cheapRatio → long premium; otherwise, or when the two disagree, both
 * (premiumSideOf). An unknown input (no IV rank yet, no IV or realized vol) is skipped, with its reason.
 * ivRank is 0–100; iv and realizedVol are annualised fractions.
 */
export function ivRegime(ivRank: number | undefined, iv: number | undefined, realizedVol: number | undefined, cfg: SignalsConfig): IvRegime {
  const rank = ivRankRegime(ivRank, cfg);
  const pricing = ivPricing(iv, realizedVol, cfg);
  const side = premiumSideOf(rank, pricing);
  const reasons: IvRegimeReason[] = [];
  const r = RANK_REASON[rank];
  const p = PRICING_REASON[pricing];
  if (r !== undefined) reasons.push(r);
  if (p !== undefined) reasons.push(p);
  if (RANK_VOTE[rank] * PRICING_VOTE[pricing] === -1) reasons.push('IV_REGIME_MIXED');
  const ivToRealized = ivToRealizedOf(iv, realizedVol);
  return ivToRealized === undefined ? { side, rank, pricing, reasons } : { side, rank, pricing, ivToRealized, reasons };
}
