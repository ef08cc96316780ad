import type { RollingConfig } from '../config/schema.js';
import type { ChainFilter } from '../selection/chain-filter.js';
import type { Direction } from '../values/position.js';
import { DAY_MS, utcMsToIsoDate } from '../values/time.js';

/** How far out of the money a short leg and its wing are looked for: 30 % of the spot (|delta| 0.30 at 60 DTE and 100 % IV is ~27 % away). */
export const SHORT_STRIKE_REACH = 0.3;

/**
 * The slice of a chain short-premium selection picks from: puts for a bullish view (a cash-secured put
 * or a bull put spread), calls for a bearish one (a bear call spread), the short-premium entry window
 * (rolling.shortTargetDte, 30–60 DTE), strikes from the money out to SHORT_STRIKE_REACH of the spot.
 */
export function shortPremiumChainFilter(direction: Direction, spot: number, now: number, cfg: Pick<RollingConfig, 'shortTargetDte'>): ChainFilter {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const bullish = direction === 'bullish';
  return {
    right: bullish ? 'put' : 'call',
    expiryFrom: utcMsToIsoDate(today + cfg.shortTargetDte.min * DAY_MS),
    expiryTo: utcMsToIsoDate(today + cfg.shortTargetDte.max * DAY_MS),
    strikeMin: bullish ? spot * (1 - SHORT_STRIKE_REACH) : spot,
    strikeMax: bullish ? spot : spot * (1 + SHORT_STRIKE_REACH),
  };
}
