import type { DecisionEvent } from '../../../actors/ports/decision-sink.js';
import type { BacktestStats } from '../../../domain/stats/compute.js';
import type { TradeRecord } from '../../../domain/values/trade.js';
import type { BacktestMeta } from '../../report/result.js';
import { BacktestDecisionRow } from '../entities/backtest-decision.js';
import { BacktestRunRow } from '../entities/backtest-run.js';
import { BacktestTradeRow } from '../entities/backtest-trade.js';
import { withEm } from '../orm.js';
import type { Em, Orm } from '../sql.js';

/** What a run is known by when it starts. */
export interface BacktestRunStart {
  /** Wall clock, epoch ms. */
  readonly startedAt: number;
  readonly market: string;
  /** sha256 (hex) of the canonical resolved config. */
  readonly configDigest: string;
}

/** What a finished run adds: the summary's figures and its trades. */
export interface BacktestRunOutcome {
  readonly finishedAt: number;
  readonly meta: BacktestMeta;
  readonly stats: BacktestStats;
  readonly startingEquity: number;
  readonly endingEquity: number;
  readonly decisionCounts: Readonly<Record<string, number>>;
  readonly rejectCounts: Readonly<Record<string, number>>;
  readonly trades: readonly TradeRecord[];
}

/** A run as listed: the finished figures are null while it runs (or if its process died). */
export interface BacktestRunSummary extends BacktestRunStart {
  readonly id: number;
  readonly finishedAt: number | null;
  readonly trades: number | null;
  readonly startingEquity: number | null;
  readonly endingEquity: number | null;
}

export interface BacktestRunRecord extends BacktestRunSummary {
  readonly meta: BacktestMeta | null;
  readonly stats: BacktestStats | null;
  readonly decisionCounts: Readonly<Record<string, number>> | null;
  readonly rejectCounts: Readonly<Record<string, number>> | null;
}

/** Rows per INSERT statement: at 18 parameters a trade row, far below either dialect's limit. */
const ROWS_PER_STATEMENT = 500;

/**
 * Backtest runs on MikroORM: a run row when the run first writes, its decisions in batches (one
 * transaction each) while it runs, then its trades and figures in one transaction at its end.
 */
export class OrmBacktestRuns {
  constructor(private readonly orm: Orm) {}

  /** Writes the run row (unfinished); its id. */
  async begin(start: BacktestRunStart): Promise<number> {
    return withEm(this.orm, async (em) => {
      const id = await em.insert(BacktestRunRow, { startedAt: start.startedAt, market: start.market, configDigest: start.configDigest });
      return Number(id);
    });
  }

  /** A batch of the run's decisions, in one transaction. */
  async addDecisions(runId: number, events: readonly DecisionEvent[]): Promise<void> {
    if (events.length === 0) return;
    await withEm(this.orm, (em) => em.transactional((tx) => insertDecisions(tx, runId, events)));
  }

  /** The last decisions, the trades and the figures, in one transaction: a run is finished or it is not. */
  async finish(runId: number, o: BacktestRunOutcome, events: readonly DecisionEvent[] = []): Promise<void> {
    await withEm(this.orm, (em) =>
      em.transactional(async (tx) => {
        await insertDecisions(tx, runId, events);
        const trades = o.trades.map((t) => tradeRow(runId, t));
        for (let i = 0; i < trades.length; i += ROWS_PER_STATEMENT) {
          await tx.createQueryBuilder(BacktestTradeRow).insert(trades.slice(i, i + ROWS_PER_STATEMENT)).execute('run');
        }
        const updated = await tx.nativeUpdate(
          BacktestRunRow,
          { id: runId },
          {
            finishedAt: o.finishedAt,
            stats: o.stats,
            trades: o.trades.length,
            startingEquity: o.startingEquity,
            endingEquity: o.endingEquity,
            meta: o.meta,
            decisionCounts: { ...o.decisionCounts },
            rejectCounts: { ...o.rejectCounts },
          },
        );
        if (updated !== 1) throw new Error(`backtest run ${runId} is not in the database`);
      }),
    );
  }

  /** Deletes a run with its decisions and trades (a run that failed is not a run). */
  async discard(runId: number): Promise<void> {
    await withEm(this.orm, (em) =>
      em.transactional(async (tx) => {
        await tx.nativeDelete(BacktestDecisionRow, { runId });
        await tx.nativeDelete(BacktestTradeRow, { runId });
        await tx.nativeDelete(BacktestRunRow, { id: runId });
      }),
    );
  }

  /** The latest runs, newest first. */
  async recent(limit: number): Promise<BacktestRunSummary[]> {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be a whole number ≥ 0, got ${limit}`);
    if (limit === 0) return [];
    return withEm(this.orm, async (em) => {
      const rows = await em.find(BacktestRunRow, {}, { orderBy: { id: 'desc' }, limit, disableIdentityMap: true });
      return rows.map(summaryOf);
    });
  }

  async run(id: number): Promise<BacktestRunRecord | undefined> {
    return withEm(this.orm, async (em) => {
      const row = await em.findOne(BacktestRunRow, { id }, { disableIdentityMap: true });
      if (row === null) return undefined;
      return {
        ...summaryOf(row),
        meta: (row.meta ?? null) as BacktestMeta | null,
        stats: (row.stats ?? null) as BacktestStats | null,
        decisionCounts: row.decisionCounts ?? null,
        rejectCounts: row.rejectCounts ?? null,
      };
    });
  }

  /** A run's trades, in the order they were recorded. */
  async trades(runId: number): Promise<TradeRecord[]> {
    return withEm(this.orm, async (em) => {
      const rows = await em.find(BacktestTradeRow, { runId }, { orderBy: { id: 'asc' }, disableIdentityMap: true });
      return rows.map(({ id: _id, runId: _run, ...t }) => t);
    });
  }

  /** A run's decisions, in the order they were made. */
  async decisions(runId: number): Promise<DecisionEvent[]> {
    return withEm(this.orm, async (em) => {
      const rows = await em.find(BacktestDecisionRow, { runId }, { orderBy: { id: 'asc' }, disableIdentityMap: true });
      return rows.map((r) => ({
        ts: r.ts,
        correlationId: r.correlationId,
        kind: r.kind,
        ok: r.ok,
        underlying: r.underlying,
        ...(r.symbol === null || r.symbol === undefined ? {} : { symbol: r.symbol }),
        reasons: r.reasons,
      }));
    });
  }
}

async function insertDecisions(em: Em, runId: number, events: readonly DecisionEvent[]): Promise<void> {
  // Each field read once, here: an event may compute one when read.
  const rows = events.map((e) => ({ runId, ts: e.ts, correlationId: e.correlationId, kind: e.kind, ok: e.ok, underlying: e.underlying, symbol: e.symbol ?? null, reasons: [...e.reasons] }));
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await em.createQueryBuilder(BacktestDecisionRow).insert(rows.slice(i, i + ROWS_PER_STATEMENT)).execute('run');
  }
}

function tradeRow(runId: number, t: TradeRecord): Omit<BacktestTradeRow, 'id'> {
  return {
    runId,
    positionId: t.positionId,
    underlying: t.underlying,
    symbol: t.symbol,
    direction: t.direction,
    tradeType: t.tradeType,
    side: t.side,
    qty: t.qty,
    entryTs: t.entryTs,
    exitTs: t.exitTs,
    entryPrice: t.entryPrice,
    exitPrice: t.exitPrice,
    pnl: t.pnl,
    fees: t.fees,
    capitalRisked: t.capitalRisked,
    entryReasons: [...t.entryReasons],
    exitReasons: [...t.exitReasons],
  };
}

function summaryOf(r: BacktestRunRow): BacktestRunSummary {
  return {
    id: r.id,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt ?? null,
    market: r.market,
    configDigest: r.configDigest,
    trades: r.trades ?? null,
    startingEquity: r.startingEquity ?? null,
    endingEquity: r.endingEquity ?? null,
  };
}
