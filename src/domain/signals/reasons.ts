import { SENTIMENT_REASONS } from '../sentiment/reasons.js';

/** Reasons from the IV regime filter (see iv-regime.ts). */
export const IV_REGIME_REASONS = [
  /** IV rank above ivRegime.high: long premium denied (Thetis buys premium). */
  'IV_RANK_HIGH',
  /** IV rank below ivRegime.low: note only, avoid short premium. */
  'IV_RANK_LOW',
  /** No IV rank supplied (history too short): note only. */
  'IV_RANK_UNKNOWN',
  /** IV / realized vol above ivRegime.richRatio: note, or a denial when denyLongWhenRich. */
  'OPTIONS_RICH',
  /** IV / realized vol below ivRegime.cheapRatio: note, favours buying. */
  'OPTIONS_CHEAP',
  /** IV or realized vol missing (or zero): note only. */
  'IV_VS_RV_UNKNOWN',
] as const;
export type IvRegimeReason = (typeof IV_REGIME_REASONS)[number];

/** Every reason evaluateSignal can give, denial or note. */
export const SIGNAL_REASONS = [
  /** Features not warmed up: nothing else about price can be judged. */
  'NOT_READY',
  /** Close exactly on SMA20: no side to take. */
  'PRICE_AT_SMA',
  /** trend_state does not agree with the close's side of SMA20 (flat or opposite). */
  'TREND_NOT_ALIGNED',
  /** |SMA20 slope| below chop.maxFlatSlope and the close crossed SMA20 ≥ chop.minCrosses times. */
  'CHOP',
  /** ret_5m not strictly past ±momentum.ret5m in the signal's direction. */
  'RET_5M_WEAK',
  /** ret_15m not strictly past ±momentum.ret15m in the signal's direction. */
  'RET_15M_WEAK',
  /** Fewer than momentum.volumeBars.min consecutive bars with volume ratio > momentum.volumeRatio. */
  'VOLUME_NOT_CONFIRMED',
  ...IV_REGIME_REASONS,
  /** Notes on an approval. */
  'BULLISH_TREND',
  'BEARISH_TREND',
  'BREAKOUT_CONFIRMED',
  'SENTIMENT_ALIGNED',
  'SENTIMENT_OPPOSED',
  /** How the news sentiment judged with was scored (sentiment/reasons.ts), on an approval. */
  ...SENTIMENT_REASONS,
] as const;
export type SignalReason = (typeof SIGNAL_REASONS)[number];
