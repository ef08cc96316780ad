import { SENTIMENT_REASONS } from '../sentiment/reasons.js';

/** Reasons from the IV regime, which picks the premium side (see iv-regime.ts). */
export const IV_REGIME_REASONS = [
  /** IV rank above ivRegime.high: favours short premium (a long-premium signal is denied when the side is short). */
  'IV_RANK_HIGH',
  /** IV rank below ivRegime.low: favours long premium, avoid short. */
  'IV_RANK_LOW',
  /** No IV rank supplied (history too short): skipped. */
  'IV_RANK_UNKNOWN',
  /** IV / realized vol at least ivRegime.richRatio (IV ≫ RV): favours short premium (denies long when the side is short). */
  'OPTIONS_RICH',
  /** IV / realized vol at most ivRegime.cheapRatio (IV ≪ RV): favours long premium. */
  'OPTIONS_CHEAP',
  /** IV or realized vol missing (or realized vol zero): skipped. */
  'IV_VS_RV_UNKNOWN',
  /** IV rank and IV vs realized vol favour opposite sides: the side is both (the tie rule). */
  'IV_REGIME_MIXED',
] as const;
export type IvRegimeReason = (typeof IV_REGIME_REASONS)[number];

/** Every reason evaluateSignal can give, denial or note. */
export const SIGNAL_REASONS = [
  /** Features not warmed up: nothing else about price can be judged. */
  'NOT_READY',
  /** Close exactly on SMA20: no side to take. */
  'PRICE_AT_SMA',
  /** SMA20 sloped (|slope| ≥ chop.maxFlatSlope) and trend_state not agreeing with the close's side of SMA20. */
  'TREND_NOT_ALIGNED',
  /** |SMA20 slope| less than chop.maxFlatSlope and the close crossed SMA20 ≥ chop.minCrosses times in the window. */
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
  /** On an approval: SMA20 flat but price not oscillating around it, so the side is the close's side of SMA20. */
  'FLAT_SMA_BREAKOUT',
  'SENTIMENT_ALIGNED',
  'SENTIMENT_OPPOSED',
  /** How the news sentiment judged with was scored (sentiment/reasons.ts), on an approval. */
  ...SENTIMENT_REASONS,
] as const;
export type SignalReason = (typeof SIGNAL_REASONS)[number];
