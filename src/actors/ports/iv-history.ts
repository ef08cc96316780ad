/** A ticker's at-the-money implied vol on one New York date: one observation a day feeds IV rank. */
export interface IvObservation {
  readonly ticker: string;
  /** YYYY-MM-DD, New York. */
  readonly date: string;
  readonly iv: number;
}

/** Where the daily IV observations are kept, so IV rank survives a restart (live); none in backtests. */
export interface IvHistoryPort {
  /** The observations to start from, oldest first (read once at start, before any bar). */
  seeded(ticker: string): readonly IvObservation[];
  /** Keeps a new day's observation; never blocks the actor (a write that fails is retried later). */
  record(o: IvObservation): void;
}
