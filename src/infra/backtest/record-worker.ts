/**
 * The recorder thread of a backtest: loads the ORM and opens (and migrates) the database while the
 * backtest runs on the main thread, then writes what it is sent, in order: the run row with the
 * first write, each batch of decisions in a transaction, the trades and figures in the last one.
 * A failure is reported once (masked: `openDatabase` never quotes a password) and ends the writing.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, type Database } from '../db/orm.js';
import { OrmBacktestRuns } from '../db/repositories/backtest-runs.js';
import { describeDatabase, maskSecrets } from '../db/settings.js';
import type { FromRecorder, RecordJob, ToRecorder } from './record-protocol.js';

const port = parentPort;
if (port === null) throw new Error('record-worker runs only as a worker thread');
const { settings, start } = (workerData as { data: RecordJob }).data;
const reply = (m: FromRecorder) => port.postMessage(m);

let db: Database | undefined;
let runs: OrmBacktestRuns | undefined;
let runId: number | undefined;
let failed = false;

async function open(): Promise<void> {
  // The default file lives in out/, which a fresh checkout does not have yet.
  if (settings.dialect === 'sqlite' && settings.path !== ':memory:') {
    try {
      mkdirSync(dirname(settings.path), { recursive: true });
    } catch (e) {
      throw new Error(`cannot make the folder of ${describeDatabase(settings)}: ${messageOf(e)}`, { cause: e });
    }
  }
  // Its errors say what could not be reached or migrated, masked.
  db = await openDatabase(settings);
  runs = new OrmBacktestRuns(db.orm);
}

/** The run row is written with the first write: a run that fails before it leaves nothing behind. */
async function run(): Promise<{ runs: OrmBacktestRuns; id: number }> {
  const r = runs;
  if (r === undefined) throw new Error('the database is not open');
  runId ??= await writing(r.begin(start));
  return { runs: r, id: runId };
}

async function handle(m: ToRecorder): Promise<void> {
  switch (m.type) {
    case 'decisions': {
      const r = await run();
      await writing(r.runs.addDecisions(r.id, m.events));
      return;
    }
    case 'finish': {
      const r = await run();
      await writing(r.runs.finish(r.id, m.outcome, m.events));
      await close();
      reply({ type: 'recorded', runId: r.id });
      return;
    }
    case 'discard':
      if (runId !== undefined && runs !== undefined) await writing(runs.discard(runId));
      await close();
      reply({ type: 'discarded' });
      return;
  }
}

/** A write's failure names the database. */
async function writing<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    throw new Error(`writing the run to ${describeDatabase(settings)} failed: ${messageOf(e)}`, { cause: e });
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function close(): Promise<void> {
  const d = db;
  db = undefined;
  await d?.close();
}

/**
 * Says why, once; the backtest then stops this thread. A run that failed part way stays in the
 * database unfinished (no `finished_at`), as one whose process died does: the database that
 * refused a write is not asked to clean up after it.
 */
function fail(error: unknown): void {
  if (failed) return;
  failed = true;
  reply({ type: 'failed', reason: maskSecrets(settings, messageOf(error)) });
}

let queue: Promise<void> = open().catch(fail);
port.on('message', (m: ToRecorder) => {
  queue = queue.then(() => (failed ? undefined : handle(m).catch(fail)));
});
