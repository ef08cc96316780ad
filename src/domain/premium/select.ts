import { approve, deny, type Decision } from '../decision.js';
import { byScoreThenSymbol, screenQuality, type SelectionContext } from '../selection/screen.js';
import type { ChainEntry, ScoredContract } from '../selection/types.js';
import type { OptionRight } from '../values/contract.js';
import { finite, positive } from '../values/numbers.js';
import { daysToExpiry } from '../values/time.js';
import { atLeast, atMost } from '../values/threshold.js';
import { creditReasons, sellPricing } from './pricing.js';
import { maxLossPerContract, sizeStructure } from './risk.js';
import { furtherOtm, makeStructure, rightOfStructure, structureGreeks, structureKindFor } from './structure.js';
import type { PremiumContext, PremiumReason, PremiumStructureKind, ShortPremiumPlan, ShortPremiumRequest, ShortPremiumResult } from './types.js';

const KIND_REASON: Record<PremiumStructureKind, PremiumReason> = {
  cash_secured_put: 'CASH_SECURED_PUT',
  bull_put_spread: 'BULL_PUT_SPREAD',
  bear_call_spread: 'BEAR_CALL_SPREAD',
};

/** Sizing denials that mean "the assignment cost does not fit the risk amount". */
const TOO_LARGE: readonly PremiumReason[] = ['PREMIUM_TOO_EXPENSIVE', 'ATR_RISK_TOO_HIGH'];

/**
 * Liquidity and score as for buying (screenQuality, swing: 10 % spread ceiling), with the score's
 * delta part centred on premium.shortDelta (0.30) instead of the directional band: the same score,
 * aimed at the short-premium delta.
 */
export function premiumScoring(ctx: PremiumContext): SelectionContext {
  return { selection: { ...ctx.selection, targetDelta: ctx.premium.shortDelta }, liquidity: ctx.liquidity };
}

/** Why an entry cannot be the short leg: underlying, right, DTE in rolling.shortTargetDte, |delta| in premium.shortDelta (edges included). */
function shortLegReasons(entry: ChainEntry, req: ShortPremiumRequest, right: OptionRight, ctx: PremiumContext): PremiumReason[] {
  const { contract, quote } = entry;
  const reasons: PremiumReason[] = [];
  if (contract.underlying !== req.underlying) reasons.push('WRONG_UNDERLYING');
  if (contract.right !== right) reasons.push('WRONG_RIGHT');
  const dte = daysToExpiry(contract.expiry, req.now);
  const window = ctx.rolling.shortTargetDte;
  if (!(atLeast(dte, window.min) && atMost(dte, window.max))) reasons.push('SHORT_DTE_OUT_OF_RANGE');
  const delta = quote.greeks?.delta;
  const band = ctx.premium.shortDelta;
  if (delta !== undefined && !(atLeast(Math.abs(delta), band.min) && atMost(Math.abs(delta), band.max))) reasons.push('SHORT_DELTA_OUT_OF_RANGE');
  return reasons;
}

/**
 * The wing: among liquid contracts of the short's underlying, right and expiry strictly further out
 * of the money, the strike nearest to short ∓ premium.spreadWidthPct × spot (lower for puts,
 * higher for calls); on a tie the narrower width (less risk), then the better score.
 */
export function pickLongLeg(short: ScoredContract, chain: readonly ChainEntry[], spot: number, ctx: PremiumContext, now: number): ScoredContract | undefined {
  const s = short.contract;
  const sign = s.right === 'put' ? -1 : 1;
  const target = s.strike + sign * ctx.premium.spreadWidthPct * spot;
  const scoring = premiumScoring(ctx);
  const eligible: ScoredContract[] = [];
  for (const entry of chain) {
    const c = entry.contract;
    if (c.underlying !== s.underlying || c.right !== s.right || c.expiry !== s.expiry || !furtherOtm(c.right, c.strike, s.strike)) continue;
    const q = screenQuality(entry, 'swing', scoring, now);
    if (q.failed.length === 0 && q.scored) eligible.push(q.scored);
  }
  const distance = (x: ScoredContract): number => Math.abs(x.contract.strike - target);
  const width = (x: ScoredContract): number => Math.abs(x.contract.strike - s.strike);
  eligible.sort((a, b) => distance(a) - distance(b) || width(a) - width(b) || byScoreThenSymbol(a, b));
  return eligible[0];
}

/** Prices, checks and sizes one structure on chosen legs (an entry's, or a roll's same strikes in a later expiry). */
export function planStructure(kind: PremiumStructureKind, short: ScoredContract, long: ScoredContract | undefined, req: ShortPremiumRequest, ctx: PremiumContext): Decision<ShortPremiumPlan, PremiumReason> {
  const structure = makeStructure(kind, short.contract, long?.contract);
  const pricing = sellPricing(short.quote, long?.quote, ctx.execution);
  if (!pricing.ok) return pricing;
  const credit = pricing.value.limit;
  const creditFailed = creditReasons(structure, credit, ctx.premium);
  if (creditFailed.length > 0) return deny(creditFailed);
  const sg = short.quote.greeks;
  const lg = long?.quote.greeks;
  if (!sg || (long && !lg)) return deny(['MISSING_GREEKS']);
  const greeks = structureGreeks(sg, lg);
  const sizing = sizeStructure({ structure, credit, greeks, equity: req.equity, ...(req.atr !== undefined ? { atr: req.atr } : {}), ...(req.kelly !== undefined ? { kelly: req.kelly } : {}) }, ctx.sizing, ctx.risk);
  if (!sizing.ok) return sizing;
  const reasons: PremiumReason[] = [KIND_REASON[kind], ...short.reasons, ...sizing.reasons];
  const selected = long ? [short, long] : [short];
  return approve({ structure, selected, pricing: pricing.value, credit, maxLossPerContract: maxLossPerContract(structure, credit), sizing: sizing.value, greeks, reasons }, reasons);
}

/**
 * Short premium with defined risk, from a chain and the signal. A 'long' premium side sells
 * nothing (PREMIUM_SIDE_LONG). Short legs: the view's right (puts bullish, calls bearish), DTE in
 * rolling.shortTargetDte (30–60), |delta| in premium.shortDelta (0.25–0.35), passing liquidity
 * and greeks, best score first (delta part centred on 0.30). For each short, best first:
 * bullish → a cash-secured put when premium.cashSecuredPut and it sizes to at least one contract
 * within the risk amount, else a bull put spread (CSP_DISABLED / CSP_TOO_LARGE say why);
 * bearish → a bear call spread (never a naked call). A spread's wing comes from pickLongLeg.
 * The first short that gives a priced, credit-checked, sized structure wins; with none, denied
 * NO_SHORT_PREMIUM_STRUCTURE with every distinct reason the candidates failed on.
 */
export function selectShortPremium(chain: readonly ChainEntry[], req: ShortPremiumRequest, ctx: PremiumContext): ShortPremiumResult {
  positive(req.spot, 'spot');
  finite(req.now, 'now');
  positive(req.equity, 'equity');
  if (req.premiumSide === 'long') return { decision: deny(['PREMIUM_SIDE_LONG']), ranking: [], rejected: [] };
  if (chain.length === 0) return { decision: deny(['EMPTY_CHAIN']), ranking: [], rejected: [] };
  const first = structureKindFor(req.direction, ctx.premium.cashSecuredPut);
  const right = rightOfStructure(first);
  const scoring = premiumScoring(ctx);
  const ranking: ScoredContract[] = [];
  const rejected: { symbol: string; reasons: PremiumReason[] }[] = [];
  for (const entry of chain) {
    const quality = screenQuality(entry, 'swing', scoring, req.now);
    const reasons = [...shortLegReasons(entry, req, right, ctx), ...quality.failed];
    if (reasons.length === 0 && quality.scored) ranking.push(quality.scored);
    else rejected.push({ symbol: entry.contract.symbol, reasons });
  }
  ranking.sort(byScoreThenSymbol);

  const spread: PremiumStructureKind = req.direction === 'bullish' ? 'bull_put_spread' : 'bear_call_spread';
  const failures = new Set<PremiumReason>();
  for (const short of ranking) {
    const why: PremiumReason[] = [];
    if (first === 'cash_secured_put') {
      const csp = planStructure(first, short, undefined, req, ctx);
      if (csp.ok) return { decision: csp, ranking, rejected };
      if (csp.reasons.some((r) => TOO_LARGE.includes(r))) why.push('CSP_TOO_LARGE');
      else csp.reasons.forEach((r) => failures.add(r));
    } else if (req.direction === 'bullish') why.push('CSP_DISABLED');
    const long = pickLongLeg(short, chain, req.spot, ctx, req.now);
    if (!long) {
      [...why, 'NO_LONG_LEG' as const].forEach((r) => failures.add(r));
      continue;
    }
    const plan = planStructure(spread, short, long, req, ctx);
    if (plan.ok) {
      const reasons = [plan.reasons[0] as PremiumReason, ...why, ...plan.reasons.slice(1)];
      return { decision: approve({ ...plan.value, reasons }, reasons), ranking, rejected };
    }
    [...why, ...plan.reasons].forEach((r) => failures.add(r));
  }
  return { decision: deny(['NO_SHORT_PREMIUM_STRUCTURE', ...failures]), ranking, rejected };
}
