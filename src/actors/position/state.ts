import type { Features } from '../../domain/features.js';
import type { TraceContext } from '../messages.js';
import type { ScaleInPlan } from '../../domain/intents/add.js';
import type { Exposure } from '../../domain/portfolio/exposure.js';
import type { Bar } from '../../domain/values/bar.js';
import type { Position } from '../../domain/values/position.js';
import type { Greeks, OptionQuote } from '../../domain/values/quote.js';
import type { PremiumStructureKind } from '../../domain/values/structure.js';

/** An order of the position's own in flight (a close or a scale-in add), and what has filled of it so far. */
interface OrderInFlight {
  readonly clientOrderId: string;
  readonly qty: number;
  readonly reasons: readonly string[];
  readonly sentAt: number;
  /** Contracts filled so far (executions are applied by their cumulative quantity: idempotent). */
  readonly cumQty: number;
  /** Price per share × contracts of those fills. */
  readonly notional: number;
  /** A cancel was sent (to re-price an exit, or an add no longer wanted). */
  readonly cancelling: boolean;
}

/** A closing order in flight. */
export interface PendingExit extends OrderInFlight {
  /** The partial-exit stage and trail floor before this order: restored if it ends unfilled. */
  readonly stageBefore: number;
  readonly floorBefore?: number;
}

/** A scale-in order in flight. */
export interface PendingAdd extends OrderInFlight {
  /** The risk it reserved (given back when it ends; what filled is in the position by then). */
  readonly exposure: Exposure;
}

/** Scaling in: a position opened with its first tranche, and what it may still add once the trade confirms. */
export interface ScaleInState {
  readonly plan: ScaleInPlan;
  /** Add orders sent so far (numbers the next one's client order id). */
  readonly seq: number;
  readonly pending?: PendingAdd;
  /** The add was decided (sent, or refused by the plan or the risk gate) or its chance passed: no more. */
  readonly done: boolean;
}

/** A sold structure's roll: the kind sold again, and a spread's new wing (OCC symbol). */
export interface StructureRoll {
  readonly kind: PremiumStructureKind;
  readonly wing?: string;
}

/**
 * A roll decided (a long rolled up, or a sold structure rolled out at 21 DTE): the position closes
 * what it holds, and once flat hands the open of `symbol` to its underlying; until the underlying
 * has taken it, the position stays journaled open.
 */
export interface RollState {
  /** The contract to open (OCC symbol): a structure's new short leg. */
  readonly symbol: string;
  /** A sold structure's roll: what is sold again. */
  readonly structure?: StructureRoll;
  /** The contracts (structure units) held when the roll was decided: the most the new leg opens. */
  readonly qty: number;
  /** The bar the roll was decided on (the new leg's deterministic id). */
  readonly decidedAt: number;
  readonly reasons: readonly string[];
}

/**
 * One open position's actor state: plain, immutable data (replaced, never mutated), so a
 * restart resumes exactly as of the last handled message and it can be journaled as is.
 */
export interface PositionState {
  readonly position: Position;
  readonly entryReasons: readonly string[];
  readonly entryFees: number;
  /** The opening order; while it is working more contracts may still arrive. */
  readonly entryOrderId: string;
  readonly entryWorking: boolean;
  readonly lastBar?: Bar;
  readonly lastFeatures?: Features;
  readonly lastQuote?: OptionQuote;
  /** Latest known greeks (from the entry quote at first), for the portfolio. */
  readonly greeks: Greeks;
  readonly pendingExit?: PendingExit;
  /** Exit orders sent so far (numbers the next one's client order id). */
  readonly exitSeq: number;
  readonly exitQty: number;
  readonly exitNotional: number;
  readonly exitFees: number;
  readonly exitReasons: readonly string[];
  /** Absolute times (epoch ms) at which time rules are re-evaluated even without a bar. */
  readonly deadlines: readonly number[];
  readonly armed: boolean;
  /** Set when it opened with its first tranche only (scaling in). */
  readonly scaleIn?: ScaleInState;
  /** A roll decided and not yet handed to the underlying. */
  readonly roll?: RollState;
  /** The trace of the order that opened it (not journaled): its exits and their fills continue it. */
  readonly entryTrace?: TraceContext;
}
