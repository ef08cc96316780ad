/**
 * Recording a backtest run in the database, off the backtest's thread: the ORM takes most of a
 * second to load, so a worker thread loads it and opens the database while the backtest runs. The
 * backtest hands it the decisions worth a row as they come (in batches) and, at the end, the trades
 * and figures. A database that cannot be opened or written never fails the backtest: the outcome
 * says the run was not recorded and why.
 */
import type { Worker } from 'node:worker_threads';
import type { DecisionEvent, DecisionSink } from '../../actors/ports/decision-sink.js';
import type { BacktestStats } from '../../domain/stats/compute.js';
import type { BacktestRunStart } from '../db/repositories/backtest-runs.js';
import { databaseFrom, DatabaseSettingsError, describeDatabase, maskSecrets, type DatabaseSettings } from '../db/settings.js';
import type { BacktestResult } from '../report/result.js';
import { moduleWorker, siblingModule } from '../worker/module-worker.js';
import type { FromRecorder, RecordJob, ToRecorder } from './record-protocol.js';

export type RecordOutcome =
  | { readonly recorded: true; readonly runId: number; readonly database: string }
  | { readonly recorded: false; readonly database: string; readonly reason: string };

export interface RecordingOptions {
  /** Decisions per message to the recorder (each written in one transaction). Default 1,000. */
  readonly batchSize?: number;
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

type Settled = { readonly ok: true; readonly runId?: number } | { readonly ok: false; readonly reason: string };

/** One run's recording: a DecisionSink for `runBacktest`'s `audit`, then `finish` (or `discard` if the backtest failed). */
export class RunRecording implements DecisionSink {
  private pending: DecisionEvent[] = [];
  /** Whether anything was sent that the recorder may have written. */
  private sent = false;
  private done = false;
  private failure: string | undefined;
  private settle: (s: Settled) => void = () => undefined;
  private readonly settled: Promise<Settled>;

  private constructor(
    /** Where the run goes, safe to print. */
    readonly database: string,
    private readonly worker: Worker | undefined,
    private readonly o: RecordingOptions,
    /** Cleans a reason before it is kept (a driver's message could quote the password). */
    private readonly mask: (text: string) => string,
    failure?: string,
  ) {
    this.failure = failure;
    this.settled = new Promise((resolve) => (this.settle = resolve));
    if (worker === undefined) return;
    // The backtest never waits on the recorder, and a recorder left behind never holds the process.
    worker.unref();
    worker.on('message', (m: FromRecorder) => {
      if (m.type === 'failed') this.fail(m.reason);
      else this.settle(m.type === 'recorded' ? { ok: true, runId: m.runId } : { ok: true });
    });
    worker.on('error', (e: Error) => this.fail(e.message));
    worker.on('exit', (code: number) => this.fail(`the recorder stopped (exit code ${code})`));
  }

  /** Starts the recorder thread on `settings` (it opens the database while the backtest runs). */
  static start(settings: DatabaseSettings, start: BacktestRunStart, o: RecordingOptions = {}): RunRecording {
    const job: RecordJob = { settings, start };
    const database = describeDatabase(settings);
    const worker = moduleWorker(siblingModule(import.meta.url, 'record-worker'), job);
    return new RunRecording(database, worker, o, (text) => maskSecrets(settings, text));
  }

  /** The database the environment names (DATABASE_URL, else the SQLite file); one it cannot name records nothing and says why. */
  static fromEnv(env: NodeJS.ProcessEnv, start: BacktestRunStart, o: RecordingOptions = {}): RunRecording {
    let settings: DatabaseSettings;
    try {
      settings = databaseFrom(env);
    } catch (e) {
      // Its message names the problem, never the URL.
      if (e instanceof DatabaseSettingsError) return new RunRecording('DATABASE_URL', undefined, o, (text) => text, e.message);
      throw e;
    }
    return RunRecording.start(settings, start, o);
  }

  record(e: DecisionEvent): void {
    if (this.failure !== undefined || this.done || !keepsRow(e)) return;
    // A plain copy: an event may compute a field when read, and a copy crosses threads.
    const { ts, correlationId, kind, ok, underlying, symbol, reasons } = e;
    this.pending.push({ ts, correlationId, kind, ok, underlying, ...(symbol === undefined ? {} : { symbol }), reasons });
    if (this.pending.length >= (this.o.batchSize ?? 1_000)) {
      this.post({ type: 'decisions', events: this.pending });
      this.pending = [];
    }
  }

  /** Hands the recorder the run's trades and figures and waits until they are written (or why they were not). */
  async finish(result: BacktestResult, stats: BacktestStats, finishedAt = Date.now()): Promise<RecordOutcome> {
    if (this.done) throw new Error('this recording is already finished');
    this.post({
      type: 'finish',
      outcome: {
        finishedAt,
        meta: result.meta,
        stats,
        startingEquity: result.startingEquity,
        endingEquity: result.endingEquity,
        decisionCounts: result.decisions,
        rejectCounts: result.rejectCounts,
        trades: result.trades,
      },
      events: this.pending,
    });
    this.pending = [];
    this.done = true;
    const s = await this.answer();
    if (!s.ok) return { recorded: false, database: this.database, reason: s.reason };
    if (s.runId === undefined) return { recorded: false, database: this.database, reason: 'the recorder did not say which run it wrote' };
    return { recorded: true, runId: s.runId, database: this.database };
  }

  /** The backtest failed: what the recorder wrote of the run goes (nothing was, if no batch was sent). */
  async discard(): Promise<void> {
    if (this.done) return;
    this.done = true;
    this.pending = [];
    if (!this.sent) {
      this.fail('discarded');
      return;
    }
    this.post({ type: 'discard' });
    await this.answer();
  }

  private post(m: ToRecorder): void {
    if (this.failure !== undefined || this.worker === undefined) return;
    this.sent = true;
    this.worker.postMessage(m);
  }

  /** Waits (holding the process) for the recorder's answer, at most `timeoutMs`; the recorder is stopped after it. */
  private async answer(): Promise<Settled> {
    if (this.failure !== undefined) return { ok: false, reason: this.failure };
    this.worker?.ref();
    const ms = this.o.timeoutMs ?? 60_000;
    const timer = setTimeout(() => this.fail(`the database did not answer in ${Math.round(ms / 1000)} s`), ms);
    try {
      return await this.settled;
    } finally {
      clearTimeout(timer);
      await this.worker?.terminate();
    }
  }

  private fail(reason: string): void {
    if (this.failure !== undefined) return;
    this.failure = this.mask(reason);
    this.settle({ ok: false, reason: this.failure });
    // Nothing more is written: the recorder's thread goes now (terminate is safe to repeat).
    void this.worker?.terminate();
  }
}
