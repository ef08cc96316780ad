import type { OptionContract } from './contract.js';
import type { PremiumStructure } from './structure.js';
import { positive, wholeNonNegative, wholePositive, type Mutable } from './numbers.js';

export type TradeType = 'day' | 'swing';
export type Direction = 'bullish' | 'bearish';
export type PositionSide = 'long' | 'short';

/**
 * An open option position and its exit state. Plain data: serialisable, journaled,
 * restored after a crash. Prices are per share (premium), quantities whole contracts.
 */
export interface Position {
  readonly id: string;
  readonly contract: OptionContract;
  readonly side: PositionSide;
  readonly tradeType: TradeType;
  readonly direction: Direction;
  /** Contracts still open. */
  readonly qty: number;
  /** Contracts at entry (for partial-exit fractions). */
  readonly initialQty: number;
  readonly entryPrice: number;
  readonly entryTs: number;
  readonly entryUnderlying: number;
  /** Implied vol at entry, when known (for the vol-spike exit). */
  readonly entryIv?: number;
  /** Best option mark seen since entry (highest for long, lowest for short). */
  readonly peakOptionPrice: number;
  /** Most favourable underlying price seen since entry (highest for bullish, lowest for bearish). */
  readonly peakUnderlying: number;
  /** Option-P/L floor as a fraction of entry (e.g. 0.5 = +50 %) once the trailing stop is armed. */
  readonly trailFloorPct?: number;
  /** How many partial exits have been taken (0 = none). */
  readonly partialStage: number;
  /**
   * A sold structure (premium selling): its legs, short first. `contract` is then the short leg, `side`
   * 'short', `qty` counts units and `entryPrice` is the net credit per share.
   */
  readonly structure?: PremiumStructure;
}

export function makePosition(raw: Position): Position {
  positive(raw.entryPrice, 'entryPrice');
  positive(raw.entryUnderlying, 'entryUnderlying');
  positive(raw.peakOptionPrice, 'peakOptionPrice');
  positive(raw.peakUnderlying, 'peakUnderlying');
  wholePositive(raw.initialQty, 'initialQty');
  wholeNonNegative(raw.qty, 'qty');
  wholeNonNegative(raw.partialStage, 'partialStage');
  return freezePosition(raw);
}

/**
 * A frozen copy of a position, built field by field (V8 gives a frozen spread copy a slow path);
 * absent optionals stay absent. For a position already validated, with some fields changed.
 */
export function freezePosition(p: Position): Position {
  const out: Mutable<Position> = {
    id: p.id,
    contract: p.contract,
    side: p.side,
    tradeType: p.tradeType,
    direction: p.direction,
    qty: p.qty,
    initialQty: p.initialQty,
    entryPrice: p.entryPrice,
    entryTs: p.entryTs,
    entryUnderlying: p.entryUnderlying,
    peakOptionPrice: p.peakOptionPrice,
    peakUnderlying: p.peakUnderlying,
    partialStage: p.partialStage,
  };
  if (p.entryIv !== undefined) out.entryIv = p.entryIv;
  if (p.trailFloorPct !== undefined) out.trailFloorPct = p.trailFloorPct;
  if (p.structure !== undefined) out.structure = p.structure;
  return Object.freeze(out);
}

/** +1 for a bullish trade, −1 for a bearish one. */
export function directionSign(direction: Direction): 1 | -1 {
  return direction === 'bullish' ? 1 : -1;
}

/** +1 for a long position, −1 for a short one. */
export function sideSign(side: PositionSide): 1 | -1 {
  return side === 'long' ? 1 : -1;
}

/** P/L as a fraction of entry premium at `mark`, signed for the side. */
export function optionPnlPct(p: Pick<Position, 'side' | 'entryPrice'>, mark: number): number {
  return (sideSign(p.side) * (mark - p.entryPrice)) / p.entryPrice;
}
