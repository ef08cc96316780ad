/**
 * Writing backtest runs through the database's driver (`connection.ts`), into MikroORM's tables
 * (`backtest_run`, `backtest_trade`, `backtest_decision`): the rows the ORM's entities map, which
 * `OrmBacktestRuns` (the read side, `thetis status`) reads back. JSON columns hold the value's
 * JSON text, as the ORM writes them.
 */
import type { DecisionEvent } from '../../../actors/ports/decision-sink.js';
import type { TradeRecord } from '../../../domain/values/trade.js';
import type { BacktestRunOutcome, BacktestRunStart } from '../repositories/backtest-runs.js';
import type { ScalarValue, SqlConnection } from './connection.js';

/** SQLite: rows per INSERT statement, at 17 parameters a trade row, far below its limit. */
const ROWS_PER_STATEMENT = 500;

/** A table's columns as written, each with its PostgreSQL type (the type of its array parameter there). */
type Columns = readonly (readonly [name: string, pgType: string])[];

const DECISION_COLUMNS: Columns = [
  ['run_id', 'int'],
  ['ts', 'bigint'],
  ['correlation_id', 'text'],
  ['kind', 'text'],
  ['ok', 'boolean'],
  ['underlying', 'text'],
  ['symbol', 'text'],
  ['reasons', 'jsonb'],
];
const TRADE_COLUMNS: Columns = [
  ['run_id', 'int'],
  ['position_id', 'text'],
  ['underlying', 'text'],
  ['symbol', 'text'],
  ['direction', 'text'],
  ['trade_type', 'text'],
  ['side', 'text'],
  ['qty', 'int'],
  ['entry_ts', 'bigint'],
  ['exit_ts', 'bigint'],
  ['entry_price', 'double precision'],
  ['exit_price', 'double precision'],
  ['pnl', 'double precision'],
  ['fees', 'double precision'],
  ['capital_risked', 'double precision'],
  ['entry_reasons', 'jsonb'],
  ['exit_reasons', 'jsonb'],
];

/** A run row when the run starts; at its end, its decisions, trades and figures in one transaction. */
export class SqlBacktestRuns {
  constructor(private readonly c: SqlConnection) {}

  /** Writes the run row (unfinished: `finished_at` null until `finish`); its id. */
  async begin(start: BacktestRunStart): Promise<number> {
    const [row] = await this.c.all<{ id: number | string }>(`insert into "backtest_run" ("started_at", "market", "config_digest") values (?, ?, ?) returning "id"`, [
      start.startedAt,
      start.market,
      start.configDigest,
    ]);
    if (row === undefined) throw new Error('the database did not return the run id');
    return Number(row.id);
  }

  /** The run's decisions, its trades and its figures, in one transaction: a run is finished or it is not. */
  async finish(runId: number, o: BacktestRunOutcome, decisions: readonly DecisionEvent[]): Promise<void> {
    await this.c.transaction(async () => {
      await this.insert('backtest_decision', DECISION_COLUMNS, decisions.map((e) => decisionRow(runId, e)));
      await this.insert('backtest_trade', TRADE_COLUMNS, o.trades.map((t) => tradeRow(runId, t)));
      const updated = await this.c.all(
        `update "backtest_run" set "finished_at" = ?, "stats" = ?, "trades" = ?, "starting_equity" = ?, "ending_equity" = ?, "meta" = ?, "decision_counts" = ?, "reject_counts" = ? where "id" = ? returning "id"`,
        [o.finishedAt, json(o.stats), o.trades.length, o.startingEquity, o.endingEquity, json(o.meta), json(o.decisionCounts), json(o.rejectCounts), runId],
      );
      if (updated.length !== 1) throw new Error(`backtest run ${runId} is not in the database`);
    });
  }

  /** Deletes a run with its decisions and trades (a run that failed is not a run). */
  async discard(runId: number): Promise<void> {
    await this.c.transaction(async () => {
      await this.c.all(`delete from "backtest_decision" where "run_id" = ?`, [runId]);
      await this.c.all(`delete from "backtest_trade" where "run_id" = ?`, [runId]);
      await this.c.all(`delete from "backtest_run" where "id" = ?`, [runId]);
    });
  }

  /**
   * Every value a parameter. PostgreSQL: one statement, a parameter per column (an array, unnested
   * in order): a statement with thousands of parameters costs it more to parse than to run. SQLite:
   * multi-row INSERTs of `ROWS_PER_STATEMENT` rows at most.
   */
  private async insert(table: string, columns: Columns, rows: readonly ScalarValue[][]): Promise<void> {
    if (rows.length === 0) return;
    const names = columns.map(([name]) => `"${name}"`).join(', ');
    if (this.c.dialect === 'postgresql') {
      const unnest = columns.map(([, type]) => `?::${type}[]`).join(', ');
      const aliases = columns.map((_, i) => `c${i}`);
      await this.c.all(
        `insert into "${table}" (${names}) select ${aliases.join(', ')} from unnest(${unnest}) with ordinality as u(${aliases.join(', ')}, n) order by n`,
        columns.map((_, i) => rows.map((r) => r[i] ?? null)),
      );
      return;
    }
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const batch = rows.slice(i, i + ROWS_PER_STATEMENT);
      await this.c.all(`insert into "${table}" (${names}) values ${batch.map(() => tuple).join(', ')}`, batch.flat());
    }
  }
}

const json = (value: unknown): string => JSON.stringify(value);

function decisionRow(runId: number, e: DecisionEvent): ScalarValue[] {
  return [runId, e.ts, e.correlationId, e.kind, e.ok, e.underlying, e.symbol ?? null, json(e.reasons)];
}

function tradeRow(runId: number, t: TradeRecord): ScalarValue[] {
  return [
    runId,
    t.positionId,
    t.underlying,
    t.symbol,
    t.direction,
    t.tradeType,
    t.side,
    t.qty,
    t.entryTs,
    t.exitTs,
    t.entryPrice,
    t.exitPrice,
    t.pnl,
    t.fees,
    t.capitalRisked,
    json(t.entryReasons),
    json(t.exitReasons),
  ];
}
