import type { Rules } from '../../domain/config/schema.js';
import type { Exposure } from '../../domain/portfolio/exposure.js';
import type { FeatureEngine } from '../../domain/indicators/feature-engine.js';
import type { IvRankTracker } from '../../domain/indicators/iv-rank.js';
import type { OptionContract } from '../../domain/values/contract.js';
import type { OrderIntent } from '../../domain/values/order.js';
import type { PositionMsg } from '../messages.js';
import type { ActorRef } from '../runtime/index.js';

/** An opening order in flight, and what has filled of it so far. */
export interface PendingEntry {
  readonly intent: OrderIntent;
  readonly contract: OptionContract;
  readonly exposure: Exposure;
  readonly entryUnderlying: number;
  readonly entryIv?: number;
  readonly entryReasons: readonly string[];
  /** The position exists since the first fill; later fills are added to it. */
  readonly opened: boolean;
  readonly filledQty: number;
  readonly notional: number;
  readonly fees: number;
}

/**
 * One underlying's state. The feature engine is updated in place (O(1) per bar, no copy); a
 * restart after a crash resumes with it as it was, and it can be rebuilt from bars.
 */
export interface UnderlyingState {
  readonly ticker: string;
  readonly rules: Rules;
  readonly engine: FeatureEngine;
  readonly lastTs: number | undefined;
  /** Daily ATM IV observations (the first of each New York day) for IV rank; updated in place. */
  readonly ivRank: IvRankTracker;
  readonly ivDay: string | undefined;
  /** Open positions of this underlying; undefined ref while its actor is being spawned. */
  readonly positions: ReadonlyMap<string, ActorRef<PositionMsg> | undefined>;
  readonly pending: PendingEntry | undefined;
}
