import type { SignalsConfig } from '../config/schema.js';
import { DomainError } from '../errors.js';
import { DENY } from './denials.js';
import type { IvRegimeReason } from './reasons.js';

export type IvRankRegime = 'high' | 'normal' | 'low' | 'unknown';
export type IvPricing = 'rich' | 'fair' | 'cheap' | 'unknown';

export interface IvRegime {
  readonly rank: IvRankRegime;
  readonly pricing: IvPricing;
  /** IV / realized vol, when both are known and realized vol > 0. */
  readonly ivToRealized?: number;
  /** The reasons that deny buying premium here (empty: long premium allowed). */
  readonly blocking: readonly IvRegimeReason[];
  /** Every reason, blocking ones and notes. */
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
  if (ivRank > cfg.high) return 'high';
  return ivRank < cfg.low ? 'low' : 'normal';
}

function pricing(ratio: number | undefined, cfg: SignalsConfig['ivRegime']): IvPricing {
  if (ratio === undefined) return 'unknown';
  if (ratio > cfg.richRatio) return 'rich';
  return ratio < cfg.cheapRatio ? 'cheap' : 'fair';
}

const NONE: readonly IvRegimeReason[] = Object.freeze([]);

/** The reasons given, in order; the shared empty list when there are none. */
function listOf(a: IvRegimeReason | undefined, b: IvRegimeReason | undefined): readonly IvRegimeReason[] {
  if (a === undefined) return b === undefined ? NONE : [b];
  return b === undefined ? [a] : [a, b];
}

const RANK_REASON = { high: 'IV_RANK_HIGH', low: 'IV_RANK_LOW', unknown: 'IV_RANK_UNKNOWN', normal: undefined } as const;
const PRICING_REASON = { rich: 'OPTIONS_RICH', cheap: 'OPTIONS_CHEAP', unknown: 'IV_VS_RV_UNKNOWN', fair: undefined } as const;

/** The IV rank's regime (ivRank 0–100, checked). */
export function ivRankRegime(ivRank: number | undefined, cfg: SignalsConfig): IvRankRegime {
  checkInput(ivRank, 'ivRank', 100);
  return rankRegime(ivRank, cfg.ivRegime);
}

/** IV against realized vol (annualised fractions, checked); unknown when either is missing or realized vol is 0. */
export function ivPricing(iv: number | undefined, realizedVol: number | undefined, cfg: SignalsConfig): IvPricing {
  checkInput(iv, 'iv', Number.MAX_VALUE);
  checkInput(realizedVol, 'realizedVol', Number.MAX_VALUE);
  return pricing(ivToRealizedOf(iv, realizedVol), cfg.ivRegime);
}

function ivToRealizedOf(iv: number | undefined, realizedVol: number | undefined): number | undefined {
  return iv !== undefined && realizedVol !== undefined && realizedVol > 0 ? iv / realizedVol : undefined;
}

/** What in the regime denies buying premium, as denial bits: IV rank high, options rich when denyLongWhenRich. */
export function ivBlockMask(rank: IvRankRegime, price: IvPricing, cfg: SignalsConfig): number {
  return (rank === 'high' ? DENY.IV_RANK_HIGH : 0) | (price === 'rich' && cfg.ivRegime.denyLongWhenRich ? DENY.OPTIONS_RICH : 0);
}

/**
 * The IV regime for a buyer of premium. Seed: IV rank > 80 → avoid long premium (blocking);
 * < 20 → avoid short (a note: Thetis does not sell). IV vs realized vol: rich favours selling,
 * cheap favours buying — reported, and rich blocks only when ivRegime.denyLongWhenRich.
 * ivRank is 0–100; iv and realizedVol are annualised fractions.
 */
export function ivRegime(
  ivRank: number | undefined,
  iv: number | undefined,
  realizedVol: number | undefined,
  cfg: SignalsConfig,
): IvRegime {
  const rank = ivRankRegime(ivRank, cfg);
  const price = ivPricing(iv, realizedVol, cfg);
  const ivToRealized = ivToRealizedOf(iv, realizedVol);
  const reasons = listOf(RANK_REASON[rank], PRICING_REASON[price]);
  const blocks = ivBlockMask(rank, price, cfg);
  const blocking = listOf(blocks & DENY.IV_RANK_HIGH ? 'IV_RANK_HIGH' : undefined, blocks & DENY.OPTIONS_RICH ? 'OPTIONS_RICH' : undefined);
  return ivToRealized === undefined ? { rank, pricing: price, blocking, reasons } : { rank, pricing: price, ivToRealized, blocking, reasons };
}
