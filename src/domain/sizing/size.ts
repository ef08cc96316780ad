import type { RiskConfig, SizingConfig } from '../config/schema.js';
import { RISK_PCT_BANDS } from '../config/sections/sizing.js';
import { approve, deny, type Decision } from '../decision.js';
import { DomainError } from '../errors.js';
import { positive } from '../values/numbers.js';
import type { TradeType } from '../values/position.js';
import type { KellyStats } from '../values/stats.js';
import { atrBound } from './atr.js';
import { wholeContracts } from './contracts.js';
import { kellyLimit } from './kelly.js';
import type { SizingReason } from './reasons.js';
import { trancheContracts, type Tranche } from './tranche.js';

export interface SizingInput {
  /** Account equity, dollars. */
  readonly equity: number;
  /** Dollars lost per share if the trade goes to zero: for a long option, its premium. */
  readonly premium: number;
  /** Shares per contract (100). */
  readonly multiplier: number;
  readonly tradeType: TradeType;
  /** ATR of the underlying in dollars, on the feed's (1-minute) bars; undefined while it warms up: ATR bound skipped (ATR_UNKNOWN). */
  readonly atr?: number;
  /** The contract's delta (sign ignored), for the ATR bound; undefined: bound skipped (DELTA_UNKNOWN). */
  readonly delta?: number;
  /** Backtested trade stats; win and loss sizes as fractions of the capital risked (the premium). */
  readonly kelly?: KellyStats;
  /** Scaling in: which tranche to size; omitted = the full size. */
  readonly tranche?: Tranche;
  /**
   * News sentiment: `aligned` in [-1, 1] is the score × +1 for a bullish (call) entry, −1 for a
   * bearish (put) one; `weight` is signals.sentimentWeight. Omitted or 0: the size as without news.
   */
  readonly sentiment?: { readonly aligned: number; readonly weight: number };
}

export interface Sizing {
  /** Whole contracts to order. */
  readonly contracts: number;
  /** The % rule: floor(riskDollars / (premium × multiplier)). */
  readonly pctContracts: number;
  /** The ATR rule: floor(riskDollars / atrRiskPerContract), when its bound applied. */
  readonly atrContracts?: number;
  /** |Δ| × ATR × √horizonBars × factor × multiplier, when the ATR bound applied. */
  readonly atrRiskPerContract?: number;
  /** The smaller of the % and ATR rules, before the hard cap (seed swing example: 7). */
  readonly uncappedContracts: number;
  /** Contracts after the hard cap, before any tranche split. */
  readonly fullContracts: number;
  /** Risk fraction of equity in force after Kelly and the 3 % ceiling. */
  readonly riskPct: number;
  /** Risk budget in dollars (the seed's RiskAmount): equity × riskPct. */
  readonly riskDollars: number;
  readonly riskPerContract: number;
  /** contracts × riskPerContract: never above riskDollars (up to float rounding, 1e-9 of a contract). */
  readonly maxLoss: number;
  /** Full Kelly %, when Kelly applied. */
  readonly kellyPct?: number;
}

/**
 * The trade type's riskPct scaled by aligned sentiment, × (1 + weight × aligned), held to the
 * trade type's seed band (RISK_PCT_BANDS); Kelly and the per-trade ceiling still only lower it after.
 * Neutral (no sentiment, or 0): riskPct itself, untouched.
 */
function sentimentRiskPct(riskPct: number, input: SizingInput, reasons: SizingReason[]): number {
  const s = input.sentiment;
  if (s === undefined || s.aligned === 0 || s.weight === 0) return riskPct;
  if (!(Number.isFinite(s.aligned) && Math.abs(s.aligned) <= 1 && Number.isFinite(s.weight) && s.weight >= 0)) {
    throw new DomainError('BAD_SENTIMENT', `aligned sentiment must be in [-1, 1] and its weight >= 0, got ${s.aligned} × ${s.weight}`, 'sentiment');
  }
  const band = RISK_PCT_BANDS[input.tradeType];
  const scaled = riskPct * (1 + s.weight * s.aligned);
  reasons.push(s.aligned > 0 ? 'SENTIMENT_SCALED_UP' : 'SENTIMENT_SCALED_DOWN');
  if (scaled > band.max || scaled < band.min) reasons.push('SENTIMENT_BAND_LIMIT');
  return Math.min(band.max, Math.max(band.min, scaled));
}

/**
 * How many contracts to buy. Risk fraction = the trade type's riskPct, scaled by aligned news
 * sentiment within the trade type's band (sentimentRiskPct), then lowered by half-Kelly
 * (with ≥ minTrades trades) and by the 3-5-7 rule's 3 % ceiling, never raised; RiskAmount =
 * equity × that. Contracts = the smallest of the % rule floor(RiskAmount / (premium × multiplier)),
 * the ATR rule floor(RiskAmount / (|Δ| × ATR × Factor × multiplier)) (atrBound; ATR_LIMIT when it
 * is the smaller) and maxContracts (HARD_CAP), then the tranche.
 * Seed: $182,000, $2.50 → day $910 → 3; swing $1,820 → 7 uncapped → 5.
 */
export function sizePosition(input: SizingInput, cfg: SizingConfig, risk: RiskConfig): Decision<Sizing, SizingReason> {
  positive(input.equity, 'equity');
  positive(input.premium, 'premium');
  positive(input.multiplier, 'multiplier');
  const reasons: SizingReason[] = ['RISK_PCT'];
  let riskPct = sentimentRiskPct(cfg.riskPct[input.tradeType], input, reasons);

  const kelly = kellyLimit(input.kelly, cfg.kelly);
  if (!kelly.applies && kelly.tooFewTrades) reasons.push('KELLY_TOO_FEW_TRADES');
  if (kelly.applies) {
    if (kelly.kellyPct <= 0) return deny(['NEGATIVE_EDGE']);
    if (kelly.cap < riskPct) {
      riskPct = kelly.cap;
      reasons.push('KELLY_REDUCED');
    }
  }
  if (risk.maxRiskPerTradePct < riskPct) {
    riskPct = risk.maxRiskPerTradePct;
    reasons.push('PER_TRADE_CAP');
  }

  const riskDollars = input.equity * riskPct;
  const riskPerContract = input.premium * input.multiplier;
  const pctContracts = wholeContracts(riskDollars, riskPerContract);
  const atr = atrBound(riskDollars, input, cfg.atr);
  if (!atr.applies && atr.reason !== undefined) reasons.push(atr.reason);
  if (pctContracts < 1) return deny(['PREMIUM_TOO_EXPENSIVE', ...reasons.slice(1)]);
  if (atr.applies && atr.contracts < 1) return deny(['ATR_RISK_TOO_HIGH', ...reasons.slice(1)]);
  const atrBinds = atr.applies && atr.contracts < pctContracts;
  if (atrBinds) reasons.push('ATR_LIMIT');
  const uncappedContracts = atrBinds ? atr.contracts : pctContracts;

  const fullContracts = Math.min(uncappedContracts, cfg.maxContracts);
  if (fullContracts < uncappedContracts) reasons.push('HARD_CAP');
  const tranche = trancheContracts(fullContracts, input.tranche, cfg.scaleIn);
  if (!tranche.ok) return tranche;
  const contracts = tranche.value;
  return approve(
    {
      contracts,
      pctContracts,
      ...(atr.applies ? { atrContracts: atr.contracts, atrRiskPerContract: atr.riskPerContract } : {}),
      uncappedContracts,
      fullContracts,
      riskPct,
      riskDollars,
      riskPerContract,
      maxLoss: contracts * riskPerContract,
      ...(kelly.applies ? { kellyPct: kelly.kellyPct } : {}),
    },
    [...reasons, ...tranche.reasons],
  );
}
