import type { DecisionEvent } from './decision-sink.js';

/** The decisions audit: every decision with its reasons, written in batches. */
export interface DecisionStore {
  /** Writes a batch in one transaction: all of it or none. */
  record(events: readonly DecisionEvent[]): Promise<void>;
  /** The latest `limit` decisions, newest first. */
  recent(limit: number): Promise<DecisionEvent[]>;
  /** Every decision of one correlation id, in the order written. */
  forCorrelation(correlationId: string): Promise<DecisionEvent[]>;
  /** The last decision written of one correlation id, of that outcome when `ok` is given (by the id's index, newest first): undefined when none. */
  latestFor(correlationId: string, ok?: boolean): Promise<DecisionEvent | undefined>;
}
