import type { Holding, VenueChange } from '../../domain/reconcile/holdings.js';
import type { Execution } from '../../domain/values/execution.js';

/** A position as the venue holds it: an OCC option symbol (or a stock's, after an exercise or assignment), signed quantity. */
export interface HeldAtBroker extends Holding {
  /** Average entry price per share. */
  readonly avgEntryPrice: number;
}

/**
 * Something the venue did to a position by itself: an option exercised, assigned or expired at
 * the venue (Alpaca's non-trade activities OPEXC, OPASN, OPEXP), or a fill of an order Thetis did
 * not place (a liquidation, a trader's order by hand).
 */
export interface BrokerActivity extends VenueChange {
  /** The venue's id for it (stable: the same activity reported twice has the same id). */
  readonly id: string;
}

/**
 * What the venue says now, all at once (a mass status): the start-up reconciliation compares it
 * with the journal and the order store. One algorithm for every venue; each only supplies this.
 */
export interface MassStatus {
  readonly ts: number;
  /** Every order still working at the venue. */
  readonly openOrders: readonly Execution[];
  /** The current state of each order asked about by client order id; an id the venue never saw is absent. */
  readonly orders: readonly Execution[];
  readonly positions: readonly HeldAtBroker[];
  /** The venue's own changes to positions since the time asked for, oldest first. */
  readonly activities: readonly BrokerActivity[];
}

export interface MassStatusRequest {
  /** The orders the engine believes are working or has not heard the end of. */
  readonly clientOrderIds: readonly string[];
  /** Activities at or after this time (epoch ms): the engine's last journal write, say. */
  readonly since: number;
}

/** Where the engine asks the venue for its mass status (through the executor: the engine holds no broker keys). */
export interface BrokerReports {
  massStatus(request: MassStatusRequest): Promise<MassStatus>;
}
