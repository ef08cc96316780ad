import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Status } from '../../../src/app/status.js';
import { openDatabase } from '../../../src/infra/db/orm.js';
import { describeDatabase } from '../../../src/infra/db/settings.js';
import { generateMarket } from '../../../src/infra/market/generate.js';
import { count, freshDatabase, query, type TestDatabase } from '../../infra/db/databases.js';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '../../../bin/thetis.js');
let dir: string;
let market: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thetis-cli-record-'));
  market = join(dir, 'market');
  await generateMarket({ dir: market, seed: 3, tickers: 2, days: 3, start: '2025-06-02' });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The environment of a user with no database configured but this SQLite file. */
const sqliteEnv = (path: string) => ({ ...process.env, DATABASE_URL: '', THETIS_SQLITE_PATH: path });
const backtest = (out: string, env: NodeJS.ProcessEnv, ...args: string[]) => run('node', [bin, 'backtest', '--market', market, '--out', join(dir, out), '--no-progress', ...args], { env });

interface Summary {
  meta: { configDigest: string };
  stats: { trades: number; endingEquity: number };
  run?: { recorded: boolean; runId?: number; database: string; reason?: string };
}

describe('thetis backtest records its run (as a user runs it)', () => {
  it('into the SQLite file by default (its folder made), names the run, and thetis status lists it', async () => {
    const path = join(dir, 'db', 'thetis.sqlite');
    const { stdout } = await backtest('out-json', sqliteEnv(path), '--json');
    const summary = JSON.parse(stdout) as Summary;
    expect(summary.run).toEqual({ recorded: true, runId: 1, database: `sqlite:${path}` });

    const text = await backtest('out-text', sqliteEnv(path));
    expect(text.stdout).toContain('Ending equity');
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe(`recorded: backtest run 2 in sqlite:${path}`);
    expect(text.stderr).not.toContain('warning');

    const status = JSON.parse((await run('node', [bin, 'status', '--json'], { env: sqliteEnv(path) })).stdout) as Status;
    expect(status.backtestRuns).toHaveLength(2);
    expect(status.backtestRuns.map((r) => r.id)).toEqual([2, 1]);
    for (const r of status.backtestRuns) {
      expect(r).toMatchObject({ market: 'market', configDigest: summary.meta.configDigest, trades: summary.stats.trades, endingEquity: summary.stats.endingEquity });
    }
    const terminal = (await run('node', [bin, 'status'], { env: sqliteEnv(path) })).stdout;
    expect(terminal).toContain('Recent backtest runs: 2');
    expect(terminal).toMatch(new RegExp(`#2 {2}\\S+ {2}market {2}config ${summary.meta.configDigest} {2}${summary.stats.trades} trades, ending equity \\$`));
  }, 90_000);

  it('--no-record writes nothing and loads no database', async () => {
    const path = join(dir, 'none', 'thetis.sqlite');
    const { stdout, stderr } = await backtest('out-none', sqliteEnv(path), '--no-record');
    expect(stdout).toContain('Ending equity');
    expect(stdout).not.toContain('recorded');
    expect(stderr).toBe('');
    expect(existsSync(join(dir, 'none'))).toBe(false);
  }, 60_000);

  describe('on PostgreSQL (DATABASE_URL)', () => {
    let fresh: TestDatabase;
    beforeAll(async () => {
      fresh = await freshDatabase('postgresql');
    });
    afterAll(() => fresh?.drop());

    it('records the run there, with its trades', async () => {
      const s = fresh.settings;
      if (s.dialect !== 'postgresql') throw new Error('a PostgreSQL database was asked for');
      const url = `postgres://${s.user}@${s.host}:${s.port}/${s.database}`;
      const { stdout } = await backtest('out-pg', { ...process.env, DATABASE_URL: url }, '--json');
      const summary = JSON.parse(stdout) as Summary;
      expect(summary.run).toEqual({ recorded: true, runId: 1, database: describeDatabase(s) });
      // The market trades, so the counts below compare real rows (0 = 0 would prove nothing).
      expect(summary.stats.trades).toBeGreaterThan(0);
      const db = await openDatabase(s);
      try {
        expect(await count(db.orm, 'backtest_trade', 'run_id = 1')).toBe(summary.stats.trades);
        const [row] = await query<{ trades: number; ending_equity: number }>(db.orm, 'select trades, ending_equity from backtest_run where id = 1');
        expect(row).toEqual({ trades: summary.stats.trades, ending_equity: summary.stats.endingEquity });
      } finally {
        await db.close();
      }
    }, 60_000);
  });

  it('a database that cannot be opened: the summary still prints, a warning says why (no password), exit code 0', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const env = { ...process.env, DATABASE_URL: `postgres://thetis:hunter2-secret@127.0.0.1:${port}/thetis` };

    const text = await backtest('out-closed', env);
    expect(text.stdout).toContain('Ending equity');
    expect(text.stdout).toContain('report: ');
    expect(text.stdout).not.toContain('recorded:');
    expect(text.stderr).toMatch(/^thetis: warning: backtest run not recorded: .*ECONNREFUSED/m);
    expect(text.stderr).toContain(`postgresql://thetis:[redacted]@127.0.0.1:${port}/thetis`);
    expect(`${text.stdout}${text.stderr}`).not.toContain('hunter2');
  }, 60_000);
});
