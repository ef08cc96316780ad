import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionEvent } from '../../../src/actors/ports/decision-sink.js';
import { loadConfig } from '../../../src/domain/config/index.js';
import { computeStats } from '../../../src/domain/stats/index.js';
import { canonicalJson, configDigest } from '../../../src/infra/backtest/config-digest.js';
import { RunRecording } from '../../../src/infra/backtest/record.js';
import { runBacktest } from '../../../src/infra/backtest/run.js';
import { openDatabase } from '../../../src/infra/db/orm.js';
import { describeDatabase, type DatabaseSettings } from '../../../src/infra/db/settings.js';
import { generateMarket } from '../../../src/infra/market/generate.js';
import type { BacktestResult } from '../../../src/infra/report/result.js';
import { eventually } from '../../helpers/eventually.js';
import { count, DIALECTS, freshDatabase, query, type TestDatabase } from '../db/databases.js';

let dir: string;
let market: string;
// One position at a time: with 8 tickers some entries meet the cap, so the run has risk denials
// beside contract denials (no eligible contract, sizing), entries and exits.
const config = loadConfig({ risk: { maxOpenPositions: 1 } });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thetis-record-'));
  market = join(dir, 'market');
  await generateMarket({ dir: market, seed: 11, tickers: 8, days: 3, start: '2025-06-02' });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const start = { startedAt: Date.UTC(2025, 5, 9, 12), market: 'market', configDigest: configDigest(config) };
const withoutTiming = (r: BacktestResult) => ({ ...r, meta: { ...r.meta, elapsedMs: 0 } });
/** A JSON column: text on SQLite, parsed on PostgreSQL. */
const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
/** What the engine decided, as plain data, seen beside the recording (not through it). */
const plain = ({ ts, correlationId, kind, ok, underlying, symbol, reasons }: DecisionEvent): DecisionEvent => ({ ts, correlationId, kind, ok, underlying, ...(symbol === undefined ? {} : { symbol }), reasons: [...reasons] });

/** sha256 of the config as JSON with sorted keys, written here apart from the code under test. */
function expectedDigest(value: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sorted) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v;
  return createHash('sha256').update(JSON.stringify(sorted(value))).digest('hex');
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.each(DIALECTS)('a backtest recorded on %s', (dialect) => {
  let fresh: TestDatabase;
  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
  });
  afterAll(() => fresh?.drop());

  it('holds the run: its trades, statistics, decision rows and reject counts are the backtest’s', async () => {
    const seen: DecisionEvent[] = [];
    // The database is new: the recording migrates it through the ORM first.
    const recording = RunRecording.start(fresh.settings, start);
    const result = await runBacktest({
      marketDir: market,
      config,
      startingEquity: 100_000,
      audit: {
        record: (e) => {
          seen.push(plain(e));
          recording.record(e);
        },
      },
    });
    const stats = computeStats(result);
    const outcome = await recording.finish(result, stats, start.startedAt + 60_000);
    expect(outcome).toEqual({ recorded: true, runId: expect.any(Number) as number, database: describeDatabase(fresh.settings) });
    if (!outcome.recorded) return;

    const db = await openDatabase(fresh.settings);
    try {
      const runs = await query(db.orm, 'select * from backtest_run');
      expect(runs).toHaveLength(1);
      const run = runs[0] as Record<string, unknown>;
      expect(Number(run.id)).toBe(outcome.runId);
      expect(Number(run.started_at)).toBe(start.startedAt);
      expect(Number(run.finished_at)).toBe(start.startedAt + 60_000);
      expect(run.market).toBe('market');
      expect(run.config_digest).toBe(expectedDigest(config));
      expect(String(run.config_digest).slice(0, 12)).toBe(result.meta.configDigest);
      expect(Number(run.trades)).toBe(result.trades.length);
      expect(Number(run.starting_equity)).toBe(100_000);
      expect(Number(run.ending_equity)).toBe(result.endingEquity);
      expect(json(run.stats)).toEqual(stats);
      expect(json(run.meta)).toEqual(result.meta);
      expect(json(run.decision_counts)).toEqual(result.decisions);

      // Per-bar signal rejections are counts in the run row: every reason of every rejection, as the recorder counted them.
      const tally: Record<string, number> = {};
      for (const e of seen) if (!e.ok) for (const r of e.reasons) tally[r] = (tally[r] ?? 0) + 1;
      expect(json(run.reject_counts)).toEqual(result.rejectCounts);
      expect(json(run.reject_counts)).toEqual(tally);

      // The trades, each with its symbol, entry, exit, P/L and reasons.
      expect(result.trades.length).toBeGreaterThan(3);
      const trades = await query(db.orm, 'select * from backtest_trade where run_id = ? order by id', [outcome.runId]);
      expect(
        trades.map((t) => ({
          positionId: t.position_id,
          underlying: t.underlying,
          symbol: t.symbol,
          direction: t.direction,
          tradeType: t.trade_type,
          side: t.side,
          qty: Number(t.qty),
          entryTs: Number(t.entry_ts),
          exitTs: Number(t.exit_ts),
          entryPrice: Number(t.entry_price),
          exitPrice: Number(t.exit_price),
          pnl: Number(t.pnl),
          fees: Number(t.fees),
          capitalRisked: Number(t.capital_risked),
          entryReasons: json(t.entry_reasons),
          exitReasons: json(t.exit_reasons),
        })),
      ).toEqual(result.trades);

      // Decision rows: every decision but rejected signals, in order, with their reasons.
      const rows = (await query(db.orm, 'select * from backtest_decision where run_id = ? order by id', [outcome.runId])).map((d) => ({
        ts: Number(d.ts),
        correlationId: d.correlation_id,
        kind: d.kind,
        ok: Boolean(d.ok),
        underlying: d.underlying,
        ...(d.symbol === null ? {} : { symbol: d.symbol }),
        reasons: json(d.reasons),
      }));
      expect(rows).toEqual(seen.filter((e) => !(e.kind === 'signal' && !e.ok)));
      const n = (kind: string, ok: boolean) => rows.filter((r) => r.kind === kind && r.ok === ok).length;
      expect(n('order', true)).toBe(result.decisions.entries);
      expect(n('exit', true)).toBe(result.decisions.exits);
      expect(n('execution', true)).toBe(result.decisions.fills);
      expect(n('signal', true)).toBe(result.decisions.signals);
      expect(n('signal', false)).toBe(0);
      // Denials at the contract and risk level, each with the reasons the recorder counted.
      const denied = rows.filter((r) => !r.ok);
      expect(n('risk', false)).toBeGreaterThan(0);
      expect(n('selection', false)).toBeGreaterThan(0);
      expect(denied.filter((r) => (r.reasons as string[]).includes('MAX_POSITIONS')).length).toBe(result.rejectCounts['MAX_POSITIONS']);
      expect(denied.filter((r) => (r.reasons as string[]).includes('NO_ELIGIBLE_CONTRACT')).length).toBe(result.rejectCounts['NO_ELIGIBLE_CONTRACT']);
      // Nothing went to the live decisions audit.
      expect(await count(db.orm, 'decision')).toBe(0);
    } finally {
      await db.close();
    }
  }, 60_000);

  it('a discarded run leaves nothing behind, even after its run row was written', async () => {
    const db = await openDatabase(fresh.settings);
    try {
      const runsBefore = await count(db.orm, 'backtest_run');
      const decisionsBefore = await count(db.orm, 'backtest_decision');
      const recording = RunRecording.start(fresh.settings, start);
      for (let i = 0; i < 5; i++) recording.record({ ts: i, correlationId: `SPY-${i}`, kind: 'exit', ok: true, underlying: 'SPY', reasons: ['FLAT_TIME'] });
      // The run row is written (unfinished) while the backtest runs.
      await eventually(async () => expect(await count(db.orm, 'backtest_run', 'finished_at is null')).toBe(1), { timeoutMs: 10_000 });
      await recording.discard();
      expect(await count(db.orm, 'backtest_run')).toBe(runsBefore);
      expect(await count(db.orm, 'backtest_decision')).toBe(decisionsBefore);
    } finally {
      await db.close();
    }
  }, 30_000);
});

describe('a database that cannot be opened', () => {
  let small: string;
  let reference: BacktestResult;
  beforeAll(async () => {
    small = join(dir, 'small');
    await generateMarket({ dir: small, seed: 3, tickers: 2, days: 2, start: '2025-06-02' });
    reference = await runBacktest({ marketDir: small, config, startingEquity: 100_000 });
  });

  const recorded = async (settings: DatabaseSettings) => {
    const recording = RunRecording.start(settings, start);
    const result = await runBacktest({ marketDir: small, config, startingEquity: 100_000, audit: recording });
    return { result, outcome: await recording.finish(result, computeStats(result)) };
  };

  it('PostgreSQL on a closed port: the backtest is the same, the run is not recorded and the reason says why (no password)', async () => {
    const settings: DatabaseSettings = { dialect: 'postgresql', host: '127.0.0.1', port: await closedPort(), user: 'thetis', password: 'hunter2-secret', database: 'thetis', ssl: 'off', connectTimeoutMs: 2_000 };
    const { result, outcome } = await recorded(settings);
    expect(withoutTiming(result)).toEqual(withoutTiming(reference));
    expect(outcome).toMatchObject({ recorded: false, database: describeDatabase(settings) });
    expect(outcome.recorded === false && outcome.reason).toMatch(/ECONNREFUSED|cannot reach/);
    expect(JSON.stringify(outcome)).not.toContain('hunter2');
  }, 30_000);

  it('an SQLite file where no file can be: the same', async () => {
    const { result, outcome } = await recorded({ dialect: 'sqlite', path: '/dev/null/thetis.sqlite' });
    expect(withoutTiming(result)).toEqual(withoutTiming(reference));
    expect(outcome).toMatchObject({ recorded: false, database: 'sqlite:/dev/null/thetis.sqlite', reason: expect.stringMatching(/^cannot make the folder of sqlite:\/dev\/null\/thetis.sqlite: /) as string });
  }, 30_000);

  it('a DATABASE_URL that cannot be read: not recorded, with the problem and never the URL', async () => {
    const recording = RunRecording.fromEnv({ DATABASE_URL: 'mysql://thetis:hunter2-secret@db/thetis' }, start);
    const outcome = await recording.finish(reference, computeStats(reference));
    expect(outcome).toMatchObject({ recorded: false, reason: expect.stringContaining('not supported') as string });
    expect(JSON.stringify(outcome)).not.toContain('hunter2');
  });
});

describe('the config digest', () => {
  it('is the sha256 of the config with sorted keys: key order does not change it, a value does', () => {
    expect(canonicalJson({ b: [3, { y: 1, x: null }], a: 'é', c: undefined })).toBe('{"a":"é","b":[3,{"x":null,"y":1}]}');
    expect(configDigest({ a: 1, b: { c: 2, d: 3 } })).toBe(configDigest({ b: { d: 3, c: 2 }, a: 1 }));
    expect(configDigest({ a: 1 })).not.toBe(configDigest({ a: 2 }));
    expect(configDigest(config)).toBe(expectedDigest(config));
  });
});
