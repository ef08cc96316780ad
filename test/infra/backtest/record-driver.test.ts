import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionEvent } from '../../../src/actors/ports/decision-sink.js';
import { loadConfig } from '../../../src/domain/config/index.js';
import { computeStats } from '../../../src/domain/stats/index.js';
import { configDigest } from '../../../src/infra/backtest/config-digest.js';
import { keepsRow, RunRecording } from '../../../src/infra/backtest/record.js';
import { runBacktest } from '../../../src/infra/backtest/run.js';
import { BacktestDecisionRow } from '../../../src/infra/db/entities/backtest-decision.js';
import { BacktestRunRow } from '../../../src/infra/db/entities/backtest-run.js';
import { BacktestTradeRow } from '../../../src/infra/db/entities/backtest-trade.js';
import { connect } from '../../../src/infra/db/fast/connection.js';
import { MIGRATION_NAMES, MIGRATIONS_TABLE, pendingMigrations } from '../../../src/infra/db/fast/migrations.js';
import { POSTGRESQL_MIGRATIONS } from '../../../src/infra/db/migrations/postgresql/index.js';
import { SQLITE_MIGRATIONS } from '../../../src/infra/db/migrations/sqlite/index.js';
import { MIGRATIONS_TABLE as ORM_MIGRATIONS_TABLE, openDatabase, withEm, type Database } from '../../../src/infra/db/orm.js';
import { OrmBacktestRuns } from '../../../src/infra/db/repositories/backtest-runs.js';
import { generateMarket } from '../../../src/infra/market/generate.js';
import type { BacktestResult } from '../../../src/infra/report/result.js';
import { eventually } from '../../helpers/eventually.js';
import { DIALECTS, freshDatabase, query, type TestDatabase } from '../db/databases.js';

let dir: string;
let result: BacktestResult;
let decisions: DecisionEvent[];
const config = loadConfig({ risk: { maxOpenPositions: 1 } });
const start = { startedAt: Date.UTC(2025, 5, 9, 12), market: 'market', configDigest: configDigest(config) };
const finishedAt = start.startedAt + 90_000;
/** What a JSON column gives back: the value as JSON text, parsed. */
const viaJson = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thetis-record-driver-'));
  const market = join(dir, 'market');
  await generateMarket({ dir: market, seed: 5, tickers: 4, days: 2, start: '2025-06-02' });
  const seen: DecisionEvent[] = [];
  result = await runBacktest({ marketDir: market, config, startingEquity: 100_000, audit: { record: (e) => seen.push(e) } });
  decisions = seen.filter(keepsRow).map(({ ts, correlationId, kind, ok, underlying, symbol, reasons }) => ({ ts, correlationId, kind, ok, underlying, ...(symbol === undefined ? {} : { symbol }), reasons: [...reasons] }));
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the migrations a driver write checks', () => {
  it('are each dialect’s migrations list, by name, in MikroORM’s table', () => {
    expect(MIGRATION_NAMES.sqlite).toEqual(SQLITE_MIGRATIONS.map((m) => m.name));
    expect(MIGRATION_NAMES.postgresql).toEqual(POSTGRESQL_MIGRATIONS.map((m) => m.name));
    expect(MIGRATIONS_TABLE).toBe(ORM_MIGRATIONS_TABLE);
  });
});

describe.each(DIALECTS)('a run written through the %s driver', (dialect) => {
  let fresh: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
  });
  afterAll(async () => {
    await db?.close();
    await fresh?.drop();
  });

  it('a new database has every migration pending; once migrated none; one missing is pending again', async () => {
    const c = await connect(fresh.settings);
    try {
      expect(await pendingMigrations(c)).toEqual(MIGRATION_NAMES[dialect]);
      db = await openDatabase(fresh.settings);
      expect(await pendingMigrations(c)).toEqual([]);
      const last = MIGRATION_NAMES[dialect].at(-1) ?? '';
      await c.all(`delete from "${MIGRATIONS_TABLE}" where "name" = ?`, [last]);
      expect(await pendingMigrations(c)).toEqual([last]);
      await c.all(`insert into "${MIGRATIONS_TABLE}" ("name", "executed_at") values (?, current_timestamp)`, [last]);
      expect(await pendingMigrations(c)).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it('reads back through the ORM repository as the backtest had it, and as the same run written through the ORM entities', async () => {
    const runs = new OrmBacktestRuns(db.orm);
    const recording = RunRecording.start(fresh.settings, start);
    // Unfinished while the backtest runs (and for good if its process dies): thetis status shows it so.
    const id = await eventually(
      async () => {
        const [r] = await runs.recent(1);
        expect(r).toMatchObject({ finishedAt: null, trades: null, endingEquity: null, market: 'market' });
        return r?.id ?? 0;
      },
      { timeoutMs: 10_000 },
    );
    for (const e of decisions) recording.record(e);
    const stats = computeStats(result);
    const outcome = await recording.finish(result, stats, finishedAt);
    expect(outcome).toMatchObject({ recorded: true, runId: id });

    const expected = {
      id,
      ...start,
      finishedAt,
      trades: result.trades.length,
      startingEquity: result.startingEquity,
      endingEquity: result.endingEquity,
      meta: viaJson(result.meta),
      stats: viaJson(stats),
      decisionCounts: result.decisions,
      rejectCounts: result.rejectCounts,
    };
    expect(await runs.run(id)).toEqual(expected);
    expect(await runs.recent(1)).toEqual([{ id, ...start, finishedAt, trades: result.trades.length, startingEquity: result.startingEquity, endingEquity: result.endingEquity }]);
    expect(result.trades.length).toBeGreaterThan(0);
    expect(await runs.trades(id)).toEqual(result.trades);
    expect(decisions.length).toBeGreaterThan(10);
    expect(await runs.decisions(id)).toEqual(decisions);

    // The same run through the ORM's own writes reads back the same (but its id).
    const ormId = await withEm(db.orm, async (em) => {
      const runId = Number(
        await em.insert(BacktestRunRow, {
          ...start,
          finishedAt,
          stats,
          trades: result.trades.length,
          startingEquity: result.startingEquity,
          endingEquity: result.endingEquity,
          meta: result.meta,
          decisionCounts: { ...result.decisions },
          rejectCounts: { ...result.rejectCounts },
        }),
      );
      const trades = result.trades.map((t): Omit<BacktestTradeRow, 'id'> => ({ runId, ...t, entryReasons: [...t.entryReasons], exitReasons: [...t.exitReasons] }));
      await em.createQueryBuilder(BacktestTradeRow).insert(trades).execute('run');
      await em.insertMany(BacktestDecisionRow, decisions.map((e) => ({ runId, ts: e.ts, correlationId: e.correlationId, kind: e.kind, ok: e.ok, underlying: e.underlying, symbol: e.symbol ?? null, reasons: [...e.reasons] })));
      return runId;
    });
    expect(await runs.run(ormId)).toEqual({ ...(await runs.run(id)), id: ormId });
    expect(await runs.trades(ormId)).toEqual(await runs.trades(id));
    expect(await runs.decisions(ormId)).toEqual(await runs.decisions(id));
    // And the raw rows are the same, column by column.
    const raw = async (table: string, where: string, runId: number) => (await query(db.orm, `select * from "${table}" where "${where}" = ? order by "id"`, [runId])).map(({ id: _id, run_id: _run, ...row }) => row);
    expect(await raw('backtest_run', 'id', id)).toEqual(await raw('backtest_run', 'id', ormId));
    expect(await raw('backtest_trade', 'run_id', id)).toEqual(await raw('backtest_trade', 'run_id', ormId));
    expect(await raw('backtest_decision', 'run_id', id)).toEqual(await raw('backtest_decision', 'run_id', ormId));
  }, 60_000);
});
