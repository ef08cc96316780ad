import type { ExitsConfig } from '../config/schema.js';
import type { Position } from '../values/position.js';
import type { OptionQuote } from '../values/quote.js';
import { bandPosition, optionStopsFor } from './option-stops.js';
import { exitOn, targetOn, type Fired } from './types.js';
import { atLeast, atMost, moreThan } from '../values/threshold.js';

/** What the option-price rules need: only built from a fresh quote. */
export interface FreshOption {
  readonly position: Position;
  readonly quote: OptionQuote;
  readonly mark: number;
  readonly pnl: number;
  readonly dte: number;
}

/**
 * Option-price exits (Priority 4, option B; trailing; greeks; vol):
 * - OPTION_STOP at P/L ≤ −stop, OPTION_TARGET (first target) at P/L ≥ target, from `optionStopsFor`;
 *   its full target (for the partial's share) is the trail's activation, +100 % (`trailing.activatePct`);
 * - TRAIL_FLOOR_HIT when P/L falls to the armed floor (+50 % lock, or the post-partial floor);
 * - DELTA_TAKE_PROFIT: a long with |delta| > `deltaTakeProfit`;
 * - THETA_DECAY: a swing long losing more than `maxThetaPctOfValue` of its mark per day (shorts earn
 *   theta; a day trade is flat by the close, and a scalp's theta is always above 5 %/day, so the
 *   rule would forbid the seed's < 7 DTE scalps outright);
 * - VOL_SPIKE_AGAINST: IV vs entry IV moved `volSpikePct` against the side (long: fell, short: rose).
 */
export function optionExits(o: FreshOption, cfg: ExitsConfig): Fired[] {
  const out: Fired[] = [];
  const { position: p, quote, mark, pnl } = o;
  const { stopPct, targetPct } = optionStopsFor(p, o.dte, quote.iv, cfg);
  if (atMost(pnl, -stopPct)) out.push(exitOn('OPTION_STOP'));
  if (p.partialStage === 0 && atLeast(pnl, targetPct)) out.push(targetOn('OPTION_TARGET', bandPosition(pnl, { min: targetPct, max: cfg.trailing.activatePct })));
  if (p.trailFloorPct !== undefined && atMost(pnl, p.trailFloorPct)) out.push(exitOn('TRAIL_FLOOR_HIT'));
  const g = quote.greeks;
  if (g && p.side === 'long') {
    if (moreThan(Math.abs(g.delta), cfg.greeks.deltaTakeProfit)) out.push(exitOn('DELTA_TAKE_PROFIT'));
    const overnight = p.tradeType === 'swing';
    if (overnight && moreThan(Math.max(0, -g.theta) / mark, cfg.greeks.maxThetaPctOfValue)) out.push(exitOn('THETA_DECAY'));
  }
  if (p.entryIv !== undefined && quote.iv !== undefined) {
    const change = (quote.iv - p.entryIv) / p.entryIv;
    const against = p.side === 'long' ? atMost(change, -cfg.volSpikePct) : atLeast(change, cfg.volSpikePct);
    if (against) out.push(exitOn('VOL_SPIKE_AGAINST'));
  }
  return out;
}
