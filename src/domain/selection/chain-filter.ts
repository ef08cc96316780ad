import type { SelectionConfig } from '../config/schema.js';
import type { OptionContract, OptionRight } from '../values/contract.js';
import { DAY_MS, utcMsToIsoDate } from '../values/time.js';
import { rightFor } from './select.js';
import type { SelectionRequest } from './types.js';

/**
 * The slice of a chain that selection can pick from for a request: its right, its DTE window
 * and its strike window. A data source asked with it can skip the rest (Alpaca's option chain
 * takes the same filters); selection still checks every rule on what it gets.
 */
export interface ChainFilter {
  readonly right: OptionRight;
  /** Expiry dates 'YYYY-MM-DD', inclusive. */
  readonly expiryFrom: string;
  readonly expiryTo: string;
  /** Strikes, inclusive. */
  readonly strikeMin: number;
  readonly strikeMax: number;
}

export function chainFilterFor(req: SelectionRequest, cfg: SelectionConfig): ChainFilter {
  const target = req.targetStrike ?? req.spot;
  const window = cfg.dte[req.tradeType];
  const today = Math.floor(req.now / DAY_MS) * DAY_MS;
  return {
    right: rightFor(req.direction),
    expiryFrom: utcMsToIsoDate(today + window.min * DAY_MS),
    expiryTo: utcMsToIsoDate(today + window.max * DAY_MS),
    strikeMin: target * (1 - cfg.strikeWindowPct),
    strikeMax: target * (1 + cfg.strikeWindowPct),
  };
}

export function inChainFilter(c: Pick<OptionContract, 'right' | 'expiry' | 'strike'>, f: ChainFilter): boolean {
  return c.right === f.right && c.expiry >= f.expiryFrom && c.expiry <= f.expiryTo && c.strike >= f.strikeMin && c.strike <= f.strikeMax;
}
