/**
 * A position's state as its actor last committed it, for a restart to resume from: plain JSON the
 * actor writes and reads back (and validates) itself.
 */
export interface PositionSnapshot {
  readonly id: string;
  readonly underlying: string;
  readonly symbol: string;
  /** False once the position is flat and its round trip recorded. */
  readonly open: boolean;
  readonly ts: number;
  readonly state: unknown;
}

/**
 * Where position actors journal their state. A position actor writes its snapshot after every
 * message that changed it and before it takes the next; a save that rejects stops the actor (it
 * restarts from the last snapshot written, with backoff), it never carries on as if written. The live
 * engine's journal does not reject while the database is away (WriteBehindJournal keeps the snapshots
 * and writes them when it is back), so the stops keep working through an outage.
 */
export interface PositionJournal {
  save(snapshot: PositionSnapshot): Promise<void>;
  /** The open positions' last snapshots, oldest first. */
  openPositions(): Promise<PositionSnapshot[]>;
  /** Which of these position ids the journal holds, open or closed. */
  known(ids: readonly string[]): Promise<ReadonlySet<string>>;
}
