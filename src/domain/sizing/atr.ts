import type { SizingConfig } from '../config/schema.js';
import { DomainError } from '../errors.js';
import { finite, nonNegative } from '../values/numbers.js';
import type { TradeType } from '../values/position.js';
import { wholeContracts } from './contracts.js';
import type { SizingReason } from './reasons.js';

/** What the ATR bound needs to know about the trade. */
export interface AtrInput {
  /** ATR (Wilder) of the underlying in dollars, on the feed's bars (1-minute in Thetis); undefined while it warms up. */
  readonly atr?: number;
  /** The contract's delta (sign ignored); undefined when the quote has no greeks. */
  readonly delta?: number;
  /** Shares per contract (100). */
  readonly multiplier: number;
  readonly tradeType: TradeType;
}

/** The ATR bound's verdict: it applies with its count, or it is skipped (with why, when it is not simply off). */
export type AtrBound =
  | { readonly applies: true; readonly riskPerContract: number; readonly contracts: number }
  | { readonly applies: false; readonly reason?: Extract<SizingReason, 'ATR_UNKNOWN' | 'DELTA_UNKNOWN'> };

/**
 * The seed's "Position = RiskAmount / (ATR × Factor)", read for an option. For shares, ATR × Factor
 * is the loss per share of an adverse move of Factor ATRs (the classic stop two ATRs away). A
 * contract moves about |Δ| × multiplier dollars per dollar of the underlying, so the same move
 * costs |Δ| × ATRₕ × Factor × multiplier per contract, and
 *   contracts = floor(RiskAmount / (|Δ| × ATRₕ × Factor × multiplier)).
 * ATRₕ is the ATR over the trade's horizon: the feed's ATR is on 1-minute bars, so it is scaled by
 * √horizonBars (a range grows with the square root of time), 60 bars for a day trade and 390 (one
 * session: a daily ATR) for a swing. With these, the bound binds when Factor ATRs against the
 * trade would cost more than the premium, i.e. in a regime too volatile for the option's price;
 * otherwise the % rule (the whole premium at risk) is the smaller.
 *
 * Skipped when disabled (no reason), when the ATR or the delta is unknown (ATR_UNKNOWN,
 * DELTA_UNKNOWN), and when either is 0 (nothing moves against the trade: no bound).
 */
export function atrBound(riskDollars: number, input: AtrInput, cfg: SizingConfig['atr']): AtrBound {
  if (input.atr !== undefined) nonNegative(input.atr, 'atr');
  if (input.delta !== undefined) {
    finite(input.delta, 'delta');
    if (Math.abs(input.delta) > 1) throw new DomainError('BAD_DELTA', `delta must be in [-1, 1], got ${input.delta}`, 'delta');
  }
  if (!cfg.enabled) return { applies: false };
  if (input.atr === undefined) return { applies: false, reason: 'ATR_UNKNOWN' };
  if (input.delta === undefined) return { applies: false, reason: 'DELTA_UNKNOWN' };
  const horizonAtr = input.atr * Math.sqrt(cfg.horizonBars[input.tradeType]);
  const riskPerContract = Math.abs(input.delta) * horizonAtr * cfg.factor * input.multiplier;
  if (riskPerContract === 0) return { applies: false };
  return { applies: true, riskPerContract, contracts: wholeContracts(riskDollars, riskPerContract) };
}
