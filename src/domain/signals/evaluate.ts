import type { SignalsConfig } from '../config/schema.js';
import { approve, deny, type Decision } from '../decision.js';
import { DomainError } from '../errors.js';
import type { Features } from '../features.js';
import { clamp01 } from '../values/numbers.js';
import { directionSign, type Direction, type TradeType } from '../values/position.js';
import { ivRegime } from './iv-regime.js';
import { candidateDirection, isChop, momentumFailures, priceConfidence, type PriceInputs } from './momentum.js';
import type { SignalReason } from './reasons.js';

/** What the Underlying actor knows beside the bars. */
export interface SignalContext {
  /** News sentiment in [-1, 1]: scales confidence, never direction. */
  readonly sentiment?: number;
  /** IV rank, 0–100. */
  readonly ivRank?: number;
  /** Current implied vol (annualised fraction), compared with realized vol. */
  readonly iv?: number;
}

/** An entry signal: buy premium in `direction` (calls bullish, puts bearish). */
export interface Signal {
  readonly symbol: string;
  readonly ts: number;
  readonly direction: Direction;
  readonly tradeType: TradeType;
  /** [0, 1]: momentum strength scaled by sentiment. */
  readonly confidence: number;
}

/** The engine is warmed up: every feature the price rules read is defined (judged on every bar, so no copy). */
function hasPriceInputs(f: Features): f is Features & PriceInputs {
  return f.ready && f.sma20 !== undefined && f.sma20Slope !== undefined && f.ret5m !== undefined && f.ret15m !== undefined;
}

function checkSentiment(sentiment: number | undefined): void {
  if (sentiment !== undefined && !(Number.isFinite(sentiment) && sentiment >= -1 && sentiment <= 1)) {
    throw new DomainError('BAD_SENTIMENT', `sentiment must be a finite number in [-1, 1], got ${sentiment}`, 'sentiment');
  }
}

/**
 * The entry signal for one underlying after a bar. Direction comes from price and trend only
 * (close vs SMA20 and trend_state); the breakout must be confirmed and the market not chopping;
 * IV rank above ivRegime.high denies. Every failed rule is reported. On approval the notes say
 * why (trend, breakout, sentiment, IV regime).
 */
export function evaluateSignal(features: Features, ctx: SignalContext, cfg: SignalsConfig): Decision<Signal, SignalReason> {
  checkSentiment(ctx.sentiment);
  const regime = ivRegime(ctx.ivRank, ctx.iv, features.realizedVol, cfg);
  const failures: SignalReason[] = [];
  const f = hasPriceInputs(features) ? features : undefined;
  const direction = f === undefined ? undefined : candidateDirection(f.close, f.sma20);
  if (f === undefined) failures.push('NOT_READY');
  else if (direction === undefined) failures.push('PRICE_AT_SMA');
  if (f !== undefined && isChop(f, cfg)) failures.push('CHOP');
  if (f !== undefined && direction !== undefined) momentumFailures(f, direction, cfg, failures);
  for (const r of regime.blocking) failures.push(r);
  if (f === undefined || direction === undefined || failures.length > 0) return deny(failures);

  const aligned = (ctx.sentiment ?? 0) * directionSign(direction);
  const confidence = clamp01(priceConfidence(f, direction, cfg) * (1 + cfg.sentimentWeight * aligned));
  const notes: SignalReason[] = [direction === 'bullish' ? 'BULLISH_TREND' : 'BEARISH_TREND', 'BREAKOUT_CONFIRMED'];
  if (aligned > 0) notes.push('SENTIMENT_ALIGNED');
  if (aligned < 0) notes.push('SENTIMENT_OPPOSED');
  notes.push(...regime.reasons);
  const signal: Signal = { symbol: features.symbol, ts: features.ts, direction, tradeType: cfg.tradeType, confidence };
  return approve(signal, notes);
}
