import type { SignalsConfig } from '../config/schema.js';
import { approve, type Decision } from '../decision.js';
import { DomainError } from '../errors.js';
import { frameOf, type FeatureFrame, type Features } from '../features.js';
import { clamp01 } from '../values/numbers.js';
import { directionSign, type Direction, type TradeType } from '../values/position.js';
import { denial, DENY } from './denials.js';
import { isFlatSlope } from '../indicators/trend.js';
import { ivBlockMask, ivPricing, ivRankRegime, ivRegime, type PremiumSide } from './iv-regime.js';
import { candidateDirection, isChop, momentumFailures, priceConfidence } from './momentum.js';
import type { SignalReason } from './reasons.js';

/** What the Underlying actor knows beside the bars. */
export interface SignalContext {
  /** News sentiment in [-1, 1]: scales confidence, never direction. */
  readonly sentiment?: number;
  /** IV rank, 0–100. */
  readonly ivRank?: number;
  /** Current implied vol (annualised fraction), compared with realized vol (the features' daily RV). */
  readonly iv?: number;
}

/** An entry signal in `direction` (calls bullish, puts bearish), on the premium side the IV regime picked. */
export interface Signal {
  readonly symbol: string;
  readonly ts: number;
  readonly direction: Direction;
  readonly tradeType: TradeType;
  /** [0, 1]: momentum strength scaled by sentiment. */
  readonly confidence: number;
  /** The news sentiment judged with, in [-1, 1], when one was given and not 0: sizing scales by it too. */
  readonly sentiment?: number;
  /**
   * The premium side the IV regime picked (ivRegime): the engine buys premium on 'long' or 'both' and
   * sells it on 'short' (approved only with premium selling on), so it routes the signal by it.
   */
  readonly premiumSide: PremiumSide;
}

/** The engine is warmed up: every feature the price rules read is there. */
function hasPriceInputs(f: FeatureFrame): boolean {
  return f.ready && !Number.isNaN(f.sma20) && !Number.isNaN(f.sma20Slope) && !Number.isNaN(f.ret5m) && !Number.isNaN(f.ret15m);
}

function checkSentiment(sentiment: number | undefined): void {
  if (sentiment !== undefined && !(Number.isFinite(sentiment) && sentiment >= -1 && sentiment <= 1)) {
    throw new DomainError('BAD_SENTIMENT', `sentiment must be a finite number in [-1, 1], got ${sentiment}`, 'sentiment');
  }
}

/**
 * The entry signal for one underlying after a bar. Direction comes from price and trend only
 * (close vs SMA20, and trend_state when SMA20 is sloped); the breakout must be confirmed and the
 * market not chopping (a flat SMA20 with price oscillating around it: CHOP); the IV regime picks the
 * premium side, and a side of 'short' denies long premium (IV_RANK_HIGH and/or OPTIONS_RICH) unless
 * premium selling is on (`sellPremium`, premium.enabled), when the approved signal goes to selling.
 * Every failed rule is reported. On approval the notes say why (trend, breakout,
 * sentiment, IV regime) and the signal carries the premium side.
 */
export function evaluateSignal(features: Features, ctx: SignalContext, cfg: SignalsConfig): Decision<Signal, SignalReason> {
  return judgeSignal(features.symbol, frameOf(features), ctx.ivRank, ctx.iv, ctx.sentiment, cfg);
}

/**
 * `evaluateSignal` on a feature frame, with the context's fields as arguments (what the Underlying
 * actor judges bar after bar): a denied bar builds nothing, its denial is one of a few shared values.
 */
export function judgeSignal(
  symbol: string,
  f: FeatureFrame,
  ivRank: number | undefined,
  iv: number | undefined,
  sentiment: number | undefined,
  cfg: SignalsConfig,
  sellPremium = false,
): Decision<Signal, SignalReason> {
  checkSentiment(sentiment);
  const realizedVol = Number.isNaN(f.realizedVol) ? undefined : f.realizedVol;
  const rank = ivRankRegime(ivRank, cfg);
  const pricing = ivPricing(iv, realizedVol, cfg);
  let failed = 0;
  let direction: Direction | undefined;
  if (!hasPriceInputs(f)) failed |= DENY.NOT_READY;
  else {
    direction = candidateDirection(f.close, f.sma20);
    if (direction === undefined) failed |= DENY.PRICE_AT_SMA;
    if (isChop(f, cfg)) failed |= DENY.CHOP;
    if (direction !== undefined) failed |= momentumFailures(f, direction, cfg);
  }
  // A short side denies long premium, unless premium selling is on: then the signal goes to selling.
  if (!sellPremium) failed |= ivBlockMask(rank, pricing);
  if (failed !== 0 || direction === undefined) return denial(failed);

  const aligned = (sentiment ?? 0) * directionSign(direction);
  const confidence = clamp01(priceConfidence(f, direction, cfg) * (1 + cfg.sentimentWeight * aligned));
  const notes: SignalReason[] = [direction === 'bullish' ? 'BULLISH_TREND' : 'BEARISH_TREND', 'BREAKOUT_CONFIRMED'];
  if (isFlatSlope(f.sma20Slope, cfg.chop.maxFlatSlope)) notes.push('FLAT_SMA_BREAKOUT');
  if (aligned > 0) notes.push('SENTIMENT_ALIGNED');
  if (aligned < 0) notes.push('SENTIMENT_OPPOSED');
  const regime = ivRegime(ivRank, iv, realizedVol, cfg);
  notes.push(...regime.reasons);
  const signal: Signal = {
    symbol,
    ts: f.ts,
    direction,
    tradeType: cfg.tradeType,
    confidence,
    premiumSide: regime.side,
    ...(sentiment === undefined || sentiment === 0 ? {} : { sentiment }),
  };
  return approve(signal, notes);
}
