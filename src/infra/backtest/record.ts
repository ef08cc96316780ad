/**
 * Recording a backtest run in the database through the database's own driver (better-sqlite3, pg:
 * `src/infra/db/fast/`), on the backtest's thread: loading MikroORM costs more CPU than the whole
 * write, so the ORM loads only to migrate a database that is new or behind. The run row is written
 * (unfinished) when the recording starts, while the backtest runs; the decisions worth a row are
 * kept as they come and written at the end with the trades and figures, in one transaction. A
 * database that cannot be opened or written never fails the backtest: the outcome says the run was
 * not recorded and why.
 */
import { dirname } from 'node:path';
import type { DecisionEvent, DecisionSink } from '../../actors/ports/decision-sink.js';
import type { BacktestStats } from '../../domain/stats/compute.js';
import { connect, type SqlConnection } from '../db/fast/connection.js';
import { SqlBacktestRuns } from '../db/fast/backtest-runs.js';
import { pendingMigrations } from '../db/fast/migrations.js';
import type { BacktestRunStart } from '../db/repositories/backtest-runs.js';
import { databaseFrom, DatabaseSettingsError, describeDatabase, maskSecrets, type DatabaseSettings } from '../db/settings.js';
import type { BacktestResult } from '../report/result.js';
import { makeDirs } from '../fs/make-dirs.js';

export type RecordOutcome =
  | { readonly recorded: true; readonly runId: number; readonly database: string }
  | { readonly recorded: false; readonly database: string; readonly reason: string };

export interface RecordingOptions {
  /** Longest `finish` or `discard` waits for the database, ms. Default 60,000. */
  readonly timeoutMs?: number;
}

/**
 * A row for every decision but bars and rejected signals: those come once per bar and ticker and
 * are counted in the run row (the result's rejectCounts), the rule of the live decisions audit.
 */
export function keepsRow(e: DecisionEvent): boolean {
  return e.kind !== 'bar' && !(e.kind === 'signal' && !e.ok);
}

/** The database open and the run row written, or why not. */
type Opened = { readonly ok: true; readonly connection: SqlConnection; readonly runs: SqlBacktestRuns; readonly runId: number } | { readonly ok: false; readonly reason: string };

/** One run's recording: a DecisionSink for `runBacktest`'s `audit`, then `finish` (or `discard` if the backtest failed). */
export class RunRecording implements DecisionSink {
  private decisions: DecisionEvent[] = [];
  private done = false;

  private constructor(
    /** Where the run goes, safe to print. */
    readonly database: string,
    /** Never rejects. */
    private readonly opened: Promise<Opened>,
    private readonly o: RecordingOptions,
    /** Cleans a reason before it is kept (a driver's message could quote the password). */
    private readonly mask: (text: string) => string,
  ) {}

  /** Opens `settings`' database (migrating it first if it is new or behind) and writes the run row, while the backtest runs. */
  static start(settings: DatabaseSettings, start: BacktestRunStart, o: RecordingOptions = {}): RunRecording {
    return new RunRecording(describeDatabase(settings), openRun(settings, start), o, (text) => maskSecrets(settings, text));
  }

  /** The database the environment names (DATABASE_URL, else the SQLite file); one it cannot name records nothing and says why. */
  static fromEnv(env: NodeJS.ProcessEnv, start: BacktestRunStart, o: RecordingOptions = {}): RunRecording {
    let settings: DatabaseSettings;
    try {
      settings = databaseFrom(env);
    } catch (e) {
      // Its message names the problem, never the URL.
      if (e instanceof DatabaseSettingsError) return new RunRecording('DATABASE_URL', Promise.resolve({ ok: false, reason: e.message }), o, (text) => text);
      throw e;
    }
    return RunRecording.start(settings, start, o);
  }

  record(e: DecisionEvent): void {
    if (this.done || !keepsRow(e)) return;
    // A plain copy: an event may compute a field when read.
    const { ts, correlationId, kind, ok, underlying, symbol, reasons } = e;
    this.decisions.push({ ts, correlationId, kind, ok, underlying, ...(symbol === undefined ? {} : { symbol }), reasons });
  }

  /** Writes the run's decisions, trades and figures and waits until they are written (or why they were not). */
  async finish(result: BacktestResult, stats: BacktestStats, finishedAt = Date.now()): Promise<RecordOutcome> {
    if (this.done) throw new Error('this recording is already finished');
    this.done = true;
    const decisions = this.decisions;
    this.decisions = [];
    const outcome = {
      finishedAt,
      meta: result.meta,
      stats,
      startingEquity: result.startingEquity,
      endingEquity: result.endingEquity,
      decisionCounts: result.decisions,
      rejectCounts: result.rejectCounts,
      trades: result.trades,
    };
    const s = await this.writing((r) => r.runs.finish(r.runId, outcome, decisions));
    if (!s.ok) return { recorded: false, database: this.database, reason: s.reason };
    return { recorded: true, runId: s.runId, database: this.database };
  }

  /** The backtest failed: the run row goes (nothing else of the run was written). */
  async discard(): Promise<void> {
    if (this.done) return;
    this.done = true;
    this.decisions = [];
    await this.writing((r) => r.runs.discard(r.runId));
  }

  /**
   * The last write on the open database, at most `timeoutMs` from now (the open included); the
   * connection is closed after it. A failure, masked, is the outcome: a write that fails part way
   * leaves the run unfinished, as a process that died does.
   */
  private async writing(write: (r: Extract<Opened, { ok: true }>) => Promise<void>): Promise<Opened> {
    const ms = this.o.timeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Opened>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, reason: `the database did not answer in ${Math.round(ms / 1000)} s` }), ms);
    });
    const work = this.opened.then(async (r): Promise<Opened> => {
      if (!r.ok) return r;
      try {
        await write(r);
        return r;
      } catch (e) {
        return { ok: false, reason: this.mask(`writing the run to ${this.database} failed: ${messageOf(e)}`) };
      }
    });
    try {
      return await Promise.race([work, late]);
    } finally {
      clearTimeout(timer);
      // Closing also ends a write that is late (the server rolls its transaction back).
      void this.opened.then((r) => (r.ok ? r.connection.close() : undefined)).catch(() => undefined);
    }
  }
}

/** Opens the database through its driver, migrates it through the ORM if it is new or behind, and writes the run row. */
async function openRun(settings: DatabaseSettings, start: BacktestRunStart): Promise<Opened> {
  const database = describeDatabase(settings);
  const mask = (text: string) => maskSecrets(settings, text);
  // The default file lives in out/, which a fresh checkout does not have yet.
  if (settings.dialect === 'sqlite' && settings.path !== ':memory:') {
    try {
      makeDirs(dirname(settings.path));
    } catch (e) {
      return { ok: false, reason: mask(`cannot make the folder of ${database}: ${messageOf(e)}`) };
    }
  }
  let connection: SqlConnection;
  try {
    connection = await connect(settings);
  } catch (e) {
    return { ok: false, reason: mask(`cannot ${settings.dialect === 'sqlite' ? 'open' : 'reach'} ${database}: ${messageOf(e)}`) };
  }
  let stage = 'writing the run to';
  try {
    if ((await pendingMigrations(connection)).length > 0) {
      // Once per new or older database: the ORM, loaded only now, applies its migrations.
      stage = 'migrating';
      const { openDatabase } = await import('../db/orm.js');
      await (await openDatabase(settings)).close();
      stage = 'writing the run to';
    }
    const runs = new SqlBacktestRuns(connection);
    return { ok: true, connection, runs, runId: await runs.begin(start) };
  } catch (e) {
    await connection.close().catch(() => undefined);
    // openDatabase's errors say what could not be reached or migrated, naming the database.
    const why = messageOf(e);
    return { ok: false, reason: mask(why.includes(database) ? why : `${stage} ${database} failed: ${why}`) };
  }
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(messageOf).join('; ');
  return error instanceof Error ? error.message : String(error);
}
