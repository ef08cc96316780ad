import { deny, type Decision } from '../decision.js';
import { finite, positive } from '../values/numbers.js';
import type { Position } from '../values/position.js';
import { evaluateLongRoll } from './long.js';
import { evaluateShortRoll } from './short.js';
import type { RollConfig, RollContext, RollPlan, RollReason } from './types.js';

/**
 * Whether to roll a position now, and into what. Shorts roll at shortRollDte when at risk;
 * longs roll up once profitable enough. A denial says why not (or why no target was found).
 */
export function evaluateRoll(position: Position, ctx: RollContext, cfg: RollConfig): Decision<RollPlan, RollReason> {
  positive(ctx.spot, 'spot');
  finite(ctx.now, 'now');
  if (position.qty === 0) return deny(['POSITION_CLOSED']);
  switch (position.side) {
    case 'short':
      return evaluateShortRoll(position, ctx, cfg);
    case 'long':
      return evaluateLongRoll(position, ctx, cfg);
    default: {
      const never: never = position.side;
      throw new Error(`unknown position side ${String(never)}`);
    }
  }
}
