import type { IvHistoryPort, IvObservation } from '../../../actors/ports/iv-history.js';
import type { Logger } from '../../../actors/runtime/logger.js';
import { IvObservationRow } from '../entities/iv-observation.js';
import { withEm } from '../orm.js';
import type { Orm } from '../sql.js';

/** The daily ATM IV observations on MikroORM: one row per ticker and New York date. */
export class OrmIvHistory {
  constructor(private readonly orm: Orm) {}

  /** Writes the observations; one already there for its ticker and date keeps its first value. */
  async write(observations: readonly IvObservation[]): Promise<void> {
    if (observations.length === 0) return;
    await withEm(this.orm, async (em) => {
      await em.createQueryBuilder(IvObservationRow).insert(observations.map((o) => ({ ...o }))).onConflict(['ticker', 'date']).ignore().execute('run');
    });
  }

  /** Each ticker's latest `limit` observations, oldest first (tickers with none are absent). */
  async latest(tickers: readonly string[] | 'all', limit: number): Promise<Map<string, IvObservation[]>> {
    return withEm(this.orm, async (em) => {
      const rows = await em.find(IvObservationRow, tickers === 'all' ? {} : { ticker: { $in: [...tickers] } }, { orderBy: { ticker: 'asc', date: 'desc' }, disableIdentityMap: true });
      const out = new Map<string, IvObservation[]>();
      for (const { ticker, date, iv } of rows) {
        const list = out.get(ticker) ?? [];
        if (list.length < limit) list.push({ ticker, date, iv });
        out.set(ticker, list);
      }
      for (const list of out.values()) list.reverse();
      return out;
    });
  }
}

/**
 * The actors' IV history port over the database: seeded from what was kept, and writing each new
 * observation behind the actors' back. A write the database refuses is kept and tried again with
 * the next observation or at `flush` (a day's observation is small; at most `maxPending` are kept).
 */
export class IvHistoryWriter implements IvHistoryPort {
  #pending: IvObservation[] = [];
  #writing: Promise<void> = Promise.resolve();
  /** What a ticker's actor starts from: the kept days and those recorded since (an actor spawned again after a failure gets them all). */
  readonly #known: Map<string, IvObservation[]>;

  constructor(
    private readonly store: OrmIvHistory,
    seeds: ReadonlyMap<string, readonly IvObservation[]>,
    private readonly log: Logger,
    private readonly maxPending = 10_000,
  ) {
    this.#known = new Map([...seeds].map(([t, list]) => [t, [...list]]));
  }

  static async open(store: OrmIvHistory, tickers: readonly string[], lookback: number, log: Logger): Promise<IvHistoryWriter> {
    return new IvHistoryWriter(store, await store.latest(tickers, lookback), log);
  }

  seeded(ticker: string): readonly IvObservation[] {
    return this.#known.get(ticker) ?? [];
  }

  record(o: IvObservation): void {
    const known = this.#known.get(o.ticker) ?? [];
    if (known.length === 0 || (known.at(-1) as IvObservation).date < o.date) known.push(o);
    this.#known.set(o.ticker, known);
    this.#pending.push(o);
    if (this.#pending.length > this.maxPending) this.#pending.splice(0, this.#pending.length - this.maxPending);
    void this.flush();
  }

  /** Writes what is pending; resolves when this write ended (kept for the next on failure). */
  flush(): Promise<void> {
    this.#writing = this.#writing.then(async () => {
      const batch = this.#pending;
      if (batch.length === 0) return;
      this.#pending = [];
      try {
        await this.store.write(batch);
      } catch (err) {
        this.#pending = [...batch, ...this.#pending];
        this.log.warn({ err, pending: this.#pending.length }, 'IV observations not written yet (kept, written with the next)');
      }
    });
    return this.#writing;
  }
}
