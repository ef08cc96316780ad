import type { DecisionEvent } from '../../../actors/ports/decision-sink.js';
import type { BacktestStats } from '../../../domain/stats/compute.js';
import type { TradeRecord } from '../../../domain/values/trade.js';
import type { BacktestMeta } from '../../report/result.js';
import { BacktestDecisionRow } from '../entities/backtest-decision.js';
import { BacktestRunRow } from '../entities/backtest-run.js';
import { BacktestTradeRow } from '../entities/backtest-trade.js';
import { withEm } from '../orm.js';
import type { Orm } from '../sql.js';

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

/**
 * Backtest runs on MikroORM, the read side (`thetis status`): a run is written through the
 * database's driver (`src/infra/db/fast/backtest-runs.ts`) into the tables these entities map.
 */
export class OrmBacktestRuns {
  constructor(private readonly orm: Orm) {}

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
