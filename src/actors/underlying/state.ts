import type { Rules } from '../../domain/config/schema.js';
import type { Decision } from '../../domain/decision.js';
import type { Features } from '../../domain/features.js';
import type { Signal } from '../../domain/signals/evaluate.js';
import type { SignalReason } from '../../domain/signals/reasons.js';
import type { Bar } from '../../domain/values/bar.js';
import type { ScaleInPlan } from '../../domain/intents/add.js';
import type { PremiumStructure } from '../../domain/values/structure.js';
import type { Exposure } from '../../domain/portfolio/exposure.js';
import type { OptionContract } from '../../domain/values/contract.js';
import type { OrderIntent } from '../../domain/values/order.js';
import type { PositionMsg } from '../messages.js';
import type { ActorRef } from '../runtime/index.js';
import type { BarIntake } from './intake.js';

/** An opening order in flight, and what has filled of it so far. */
export interface PendingEntry {
  readonly intent: OrderIntent;
  readonly contract: OptionContract;
  readonly exposure: Exposure;
  readonly entryUnderlying: number;
  readonly entryIv?: number;
  /** Scaling in: this order is the first tranche, and what the position may add. */
  readonly scaleIn?: ScaleInPlan;
  /** Premium selling: the structure this order sells (its short leg is `contract`). */
  readonly structure?: PremiumStructure;
  readonly entryReasons: readonly string[];
  /** The position exists since the first fill; later fills are added to it. */
  readonly opened: boolean;
  readonly filledQty: number;
  readonly notional: number;
  readonly fees: number;
}

/** A bar judged during a scan whose signal must be acted on at its minute (features already updated). */
export interface DeferredBar {
  readonly bar: Bar;
  readonly features: Features;
  readonly signal: Decision<Signal, SignalReason>;
}

/** One underlying's state. */
export interface UnderlyingState {
  readonly ticker: string;
  readonly rules: Rules;
  /** Features, IV rank and the last bar's time: updated in place, bar by bar. */
  readonly intake: BarIntake;
  /** Open positions of this underlying; undefined ref while its actor is being spawned. */
  readonly positions: ReadonlyMap<string, ActorRef<PositionMsg> | undefined>;
  readonly pending: PendingEntry | undefined;
  /** Set when a scan stopped at an actionable bar: the bar's delivery acts on it. */
  readonly deferred: DeferredBar | undefined;
}
