import type { RiskConfig, SizingConfig } from '../config/schema.js';
import { approve, deny, type Decision } from '../decision.js';
import { positive } from '../values/numbers.js';
import type { TradeType } from '../values/position.js';
import type { KellyStats } from '../values/stats.js';
import { atrScale } from './atr.js';
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
  /** ATR / underlying price, on the bars the ATR reference is calibrated for. */
  readonly atrPct?: number;
  /** Backtested trade stats; win and loss sizes as fractions of the capital risked (the premium). */
  readonly kelly?: KellyStats;
  /** Scaling in: which tranche to size; omitted = the full size. */
  readonly tranche?: Tranche;
}

export interface Sizing {
  /** Whole contracts to order. */
  readonly contracts: number;
  /** Contracts the risk budget buys before the hard cap (seed swing example: 7). */
  readonly uncappedContracts: number;
  /** Contracts after the hard cap, before any tranche split. */
  readonly fullContracts: number;
  /** Risk fraction of equity in force after Kelly and the 3 % ceiling. */
  readonly riskPct: number;
  /** Risk budget in dollars: equity × riskPct × atrScale. */
  readonly riskDollars: number;
  readonly riskPerContract: number;
  /** contracts × riskPerContract: never above riskDollars (up to float rounding, 1e-9 of a contract). */
  readonly maxLoss: number;
  readonly atrScale: number;
  /** Full Kelly %, when Kelly applied. */
  readonly kellyPct?: number;
}

/** Ratios within this of the next whole number count as it (0.3 × 100 is 30.000000000000004 in floats). */
const WHOLE_TOLERANCE = 1e-9;

/**
 * How many contracts to buy. Risk fraction = the trade type's riskPct, lowered by half-Kelly
 * (with ≥ minTrades trades) and by the 3-5-7 rule's 3 % ceiling, never raised; the budget is
 * scaled down by a high ATR; contracts = floor(budget / (premium × multiplier)), then the hard
 * cap, then the tranche. Seed: $182,000, $2.50 → day $910 → 3; swing $1,820 → 7 uncapped → 5.
 */
export function sizePosition(input: SizingInput, cfg: SizingConfig, risk: RiskConfig): Decision<Sizing, SizingReason> {
  positive(input.equity, 'equity');
  positive(input.premium, 'premium');
  positive(input.multiplier, 'multiplier');
  const reasons: SizingReason[] = ['RISK_PCT'];
  let riskPct = cfg.riskPct[input.tradeType];

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

  const scale = atrScale(input.atrPct, cfg.atr);
  if (scale < 1) reasons.push('ATR_REDUCED');
  const riskDollars = input.equity * riskPct * scale;
  const riskPerContract = input.premium * input.multiplier;
  const uncappedContracts = Math.floor(riskDollars / riskPerContract + WHOLE_TOLERANCE);
  if (uncappedContracts < 1) return deny(['PREMIUM_TOO_EXPENSIVE', ...reasons.slice(1)]);

  const fullContracts = Math.min(uncappedContracts, cfg.maxContracts);
  if (fullContracts < uncappedContracts) reasons.push('HARD_CAP');
  const tranche = trancheContracts(fullContracts, input.tranche, cfg.scaleIn);
  if (!tranche.ok) return tranche;
  const contracts = tranche.value;
  return approve(
    {
      contracts,
      uncappedContracts,
      fullContracts,
      riskPct,
      riskDollars,
      riskPerContract,
      maxLoss: contracts * riskPerContract,
      atrScale: scale,
      ...(kelly.applies ? { kellyPct: kelly.kellyPct } : {}),
    },
    [...reasons, ...tranche.reasons],
  );
}
