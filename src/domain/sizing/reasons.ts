/**
 * Why a size came out as it did. On an approval: every rule that bound or shaped the size,
 * base rule first. On a denial: why no contract can be bought, plus the reductions that led there.
 */
export const SIZING_REASONS = [
  /** The base rule: risk % of equity for the trade type (seed: day 0.5 %, swing 1.0 %). */
  'RISK_PCT',
  /** News sentiment aligned with the trade raised the risk fraction: riskPct × (1 + sentimentWeight × aligned). */
  'SENTIMENT_SCALED_UP',
  /** News sentiment against the trade lowered the risk fraction likewise. */
  'SENTIMENT_SCALED_DOWN',
  /** The sentiment-scaled risk fraction was held to the trade type's seed band (day 0.25–0.75 %, swing 0.5–1.5 %). */
  'SENTIMENT_BAND_LIMIT',
  /** Half-Kelly lowered the risk fraction below the trade type's %. */
  'KELLY_REDUCED',
  /** Kelly stats were given but have fewer than kelly.minTrades trades: Kelly not applied. */
  'KELLY_TOO_FEW_TRADES',
  /** The 3-5-7 rule's 3 % per-trade ceiling lowered the risk fraction. */
  'PER_TRADE_CAP',
  /** The ATR rule, RiskAmount / (|Δ| × ATR × Factor × multiplier), bought fewer contracts than the % rule. */
  'ATR_LIMIT',
  /** The ATR bound was skipped: the underlying's ATR is not known yet (warming up). */
  'ATR_UNKNOWN',
  /** The ATR bound was skipped: the contract's delta is not known. */
  'DELTA_UNKNOWN',
  /** The contract hard cap (maxContracts) bound the size. */
  'HARD_CAP',
  /** Scaling in: this is the first tranche of the full size. */
  'TRANCHE_FIRST',
  /** Denied: the risk budget does not buy one whole contract. */
  'PREMIUM_TOO_EXPENSIVE',
  /** Denied: the premium fits, but one contract's loss over Factor ATRs against the trade exceeds the risk budget. */
  'ATR_RISK_TOO_HIGH',
  /** Denied: Kelly % ≤ 0 on enough trades — the strategy has no edge. */
  'NEGATIVE_EDGE',
] as const;
export type SizingReason = (typeof SIZING_REASONS)[number];
