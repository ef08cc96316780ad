/**
 * Messages between actors. Commands are imperative, events past tense; every message is
 * immutable once sent and carries a correlation id (and room for trace context) so one
 * decision chain can be followed end to end.
 */
import type { Decision } from '../domain/decision.js';
import type { EntryContext } from './ports/order-store.js';
import type { PendingEntry } from './underlying/state.js';
import type { Features } from '../domain/features.js';
import type { Exposure, PortfolioGreeks, RiskReason } from '../domain/portfolio/index.js';
import type { Bar } from '../domain/values/bar.js';
import type { Mutable } from '../domain/values/numbers.js';
import type { Execution } from '../domain/values/execution.js';
import type { OrderIntent } from '../domain/values/order.js';
import type { OptionQuote } from '../domain/values/quote.js';
import type { RiskApproval } from './portfolio/approvals.js';
import type { PositionSeed } from './position/actor.js';
import type { StructureRoll } from './position/state.js';
import type { ActorRef } from './runtime/index.js';

/** W3C trace context, filled when tracing is on. */
export interface TraceContext {
  readonly traceparent?: string;
}

interface Traced {
  readonly correlationId: string;
  readonly trace?: TraceContext;
}

/** Bar times as text: every ticker's bar of a minute shares one (a number → string is the slow part). */
const tsText = new Map<number, string>();

/** The correlation id of everything one bar causes. */
export function barCorrelationId(bar: Pick<Bar, 'symbol' | 'ts'>): string {
  let ts = tsText.get(bar.ts);
  if (ts === undefined) {
    if (tsText.size >= 4096) tsText.clear();
    ts = String(bar.ts);
    tsText.set(bar.ts, ts);
  }
  return `${bar.symbol}-${ts}`;
}

// Underlying actor
export interface BarReceived extends Traced {
  readonly type: 'bar';
  readonly bar: Bar;
}
/**
 * A ticker's bars, oldest first, read one at a time: an array, or a backtest's window that builds
 * a bar from its columns only when one is kept.
 */
export interface BarRun {
  readonly length: number;
  /** Bar `index`, to keep; undefined outside the run. */
  at(index: number): Bar | undefined;
  /** Copies bar `index` (0 ≤ index < length) into `into`: to judge a bar without building one. */
  read(index: number, into: Mutable<Bar>): void;
  /** Bar `index`'s open time (0 ≤ index < length), read without building the bar. */
  tsAt(index: number): number;
}

/**
 * Backtests: a run of the ticker's bars to judge while it is quiet, in one message (see the
 * Underlying actor). It reports on `replyTo` the bar it stopped at, if it stopped.
 */
export interface ScanBars extends Traced {
  readonly type: 'scan';
  readonly bars: BarRun;
  readonly replyTo: ActorRef<ScanStopped>;
}
/** The bar (by open time) from which the rest of a scan's bars must come one by one, at their minutes. */
export interface ScanStopped {
  readonly ticker: string;
  readonly resumeTs: number;
}
export interface PositionOpened extends Traced {
  readonly type: 'position-opened';
  readonly positionId: string;
  readonly ref: ActorRef<PositionMsg>;
}
export interface PositionClosed extends Traced {
  readonly type: 'position-closed';
  readonly positionId: string;
}
export interface ExecutionReceived extends Traced {
  readonly type: 'execution';
  readonly execution: Execution;
}
/** An entry in flight when the engine last stopped (from the order store): the actor takes it up again. */
export interface ResumeEntry extends Traced {
  readonly type: 'resume-entry';
  readonly pending: PendingEntry;
}
/**
 * A roll's second leg: its position closed what it held and hands the open of `symbol` (a long's
 * new contract, or a sold structure's new short leg with `structure`) to its underlying, which opens
 * it like an entry (through the risk gate) under the deterministic id of the roll's decision (`ts`),
 * so a resend is deduplicated.
 */
export interface OpenRoll extends Traced {
  readonly type: 'open-roll';
  readonly symbol: string;
  /** A sold structure's roll: the kind sold again and a spread's new wing. */
  readonly structure?: StructureRoll;
  readonly multiplier: number;
  /** The contracts closed: the most the new leg opens. */
  readonly qty: number;
  readonly rolledFrom: string;
  /** The bar the roll was decided on: the new leg's id. */
  readonly ts: number;
  readonly spot: number;
  readonly atr?: number;
  readonly reasons: readonly string[];
  readonly replyTo: ActorRef<RollAnswer>;
}
export type UnderlyingMsg = BarReceived | ScanBars | PositionOpened | PositionClosed | ExecutionReceived | ResumeEntry | OpenRoll;

// Position actor
export interface UnderlyingUpdated extends Traced {
  readonly type: 'underlying-updated';
  readonly bar: Bar;
  readonly features: Features;
}
export interface QuoteReceived extends Traced {
  readonly type: 'quote';
  readonly quote: OptionQuote;
}
export interface TimerFired extends Traced {
  readonly type: 'timer';
  readonly at: number;
}
/** Sent once after spawn (and after recovery): arms the exit timers from the absolute deadlines. */
export interface StartPosition {
  readonly type: 'start';
}
/** More of the opening order filled after the position was opened (or the order ended). */
export interface EntryFilled extends Traced {
  readonly type: 'entry-filled';
  readonly positionId: string;
  readonly qty: number;
  readonly price: number;
  readonly fees: number;
  /** The opening order is done (filled, canceled or expired): no more entry fills will come. */
  readonly final: boolean;
}
/**
 * The broker took the position away by itself: the contract expired (settled at intrinsic value, 0
 * out of the money), was exercised or assigned, or was liquidated by an order Thetis did not place.
 */
export interface ContractSettled extends Traced {
  readonly type: 'settled';
  /** Per share; undefined: intrinsic value at the last underlying price the position saw. */
  readonly price?: number;
  readonly ts: number;
  /** The exit's reason code; default EXPIRED_ITM_SETTLED or EXPIRED_WORTHLESS by the price. */
  readonly reason?: string;
}
/** The underlying's answer to an open-roll: it took it (opened, denied and recorded, or already held), or it is busy with another entry (asked again on the next bar). */
export interface RollAnswer {
  readonly type: 'roll-answer';
  readonly taken: boolean;
}
export type PositionMsg = StartPosition | UnderlyingUpdated | QuoteReceived | TimerFired | ExecutionReceived | EntryFilled | ContractSettled | RollAnswer;

// Portfolio greeks actor
export interface GetEquity {
  readonly type: 'get-equity';
  readonly replyTo: ActorRef<number>;
}
/**
 * An opening order for the risk gate: checked against every cap and its risk reserved in one step;
 * when approved, the portfolio itself forwards it to the order gateway (the only way an opening
 * order reaches it). The decision goes back on `replyTo`.
 */
export interface ReserveRisk extends Traced {
  readonly type: 'reserve';
  readonly intent: OrderIntent;
  readonly exposure: Exposure;
  /** Kept with the intent when it is recorded, so the entry can be taken up again after a restart. */
  readonly context?: EntryContext;
  /** The asker's clock time its ask times out: later, the portfolio refuses (RISK_CHECK_EXPIRED) and sends nothing. */
  readonly deadline: number;
  readonly replyTo: ActorRef<Decision<PortfolioGreeks, RiskReason>>;
}
export interface ReleaseRisk extends Traced {
  readonly type: 'release';
  readonly reservationId: string;
}
export interface FillSettled extends Traced {
  readonly type: 'fill-settled';
  readonly reservationId: string;
  /** The filled part as a position exposure; undefined when nothing filled. */
  readonly filled: Exposure | undefined;
}
export interface ExposureUpdated {
  readonly type: 'exposure-updated';
  /** qty 0 removes the position. */
  readonly exposure: Exposure;
}
/** A position already open when the engine starts (journal or broker), taken into the portfolio. */
export interface PositionAdopted extends Traced {
  readonly type: 'position-adopted';
  readonly exposure: Exposure;
}
export interface EquityUpdated {
  readonly type: 'equity-updated';
  readonly equity: number;
}
export interface GetPortfolio {
  readonly type: 'get-portfolio';
  readonly replyTo: ActorRef<PortfolioSnapshot>;
}
export interface PortfolioSnapshot {
  readonly equity: number;
  readonly greeks: PortfolioGreeks;
  readonly positions: readonly Exposure[];
  readonly reservations: readonly Exposure[];
}
/** An entry in flight when the engine last stopped: its reservation is held again, unchecked (it was approved then). */
export interface ReservationRestored {
  readonly type: 'reservation-restored';
  readonly exposure: Exposure;
}
/** Reconciliation halted new entries, with its reasons (every opening order is denied with them), or lifted the halt (no reasons). */
export interface EntriesHalted {
  readonly type: 'entries-halted';
  readonly reasons: readonly string[];
}
export type PortfolioMsg = GetEquity | ReserveRisk | ReleaseRisk | FillSettled | PositionAdopted | ExposureUpdated | EquityUpdated | GetPortfolio | EntriesHalted | ReservationRestored;

// Order gateway
export interface SubmitOrder extends Traced {
  readonly type: 'submit';
  readonly intent: OrderIntent;
  /** An opening order's risk approval, issued by the portfolio for this client order id (closing orders need none). */
  readonly approval?: RiskApproval;
  /** An opening order's entry context, recorded with its intent. */
  readonly context?: EntryContext;
}
export interface CancelOrder extends Traced {
  readonly type: 'cancel';
  readonly clientOrderId: string;
}
export type GatewayMsg = SubmitOrder | CancelOrder;

// Delta hedge (hedging.delta.enabled): the bars it prices hedges off and runs on, and its orders' executions.
export type HedgeMsg = BarReceived | ExecutionReceived;

// Supervisor
/** Spawn the actor of a position: a new one at its entry fill, or one read back from the journal. */
export interface OpenPosition extends Traced, PositionSeed {
  readonly type: 'open-position';
}
export interface StopPosition extends Traced {
  readonly type: 'stop-position';
  readonly positionId: string;
  readonly underlying: string;
}
export type SupervisorMsg = OpenPosition | StopPosition | ExecutionReceived | EntryFilled | OpenRoll;
