/**
 * User errors as a user hits them: one line on stderr, exit code 2, found before any long work
 * (nothing written under --out, no backtest run).
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { generateMarket } from '../../src/infra/market/generate.js';

const exec = promisify(execFile);
const bin = join(import.meta.dirname, '../../bin/thetis.js');
let dir: string;
let market: string;

/** A market of one ticker whose bars file is plain CSV with the given rows. */
function handMade(name: string, rows: string[]): string {
  const m = join(dir, name);
  mkdirSync(join(m, 'bars'), { recursive: true });
  writeFileSync(join(m, 'manifest.json'), JSON.stringify({ format: 'thetis-market', version: 1, tickers: [{ symbol: 'AAA', file: 'bars/AAA.csv' }] }));
  writeFileSync(join(m, 'bars', 'AAA.csv'), `${['ts,open,high,low,close,volume,iv', ...rows].join('\n')}\n`);
  return m;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thetis-cli-errors-'));
  market = join(dir, 'market');
  await generateMarket({ dir: market, seed: 3, tickers: 2, days: 3, start: '2025-06-02' });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a user error is one line and exit code 2, before any long work', () => {
  afterEach(() => vi.restoreAllMocks());

  async function run(...args: string[]): Promise<{ code: number; err: string; out: string }> {
    let err = '';
    let out = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      err += String(chunk);
      return true;
    });
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    const code = await main(['node', 'thetis', ...args]);
    return { code, err, out };
  }

  /** Exit code 2, exactly `line` (or a line matching it) on stderr, nothing on stdout. */
  function expectUserError(r: { code: number; err: string; out: string }, line: string | RegExp): void {
    expect(r.code).toBe(2);
    expect(r.err.endsWith('\n')).toBe(true);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    if (typeof line === 'string') expect(r.err).toBe(`${line}\n`);
    else expect(r.err).toMatch(line);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.out).toBe('');
  }

  it('an --out under a file', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const out = join(file, 'out');
    expectUserError(await run('backtest', '--market', market, '--out', out, '--no-record', '--no-progress'), `thetis: cannot write to --out ${out}: a parent of it is a file, not a directory`);
  });

  it('an --out that is a file', async () => {
    const file = join(dir, 'another-file');
    writeFileSync(file, 'x');
    expectUserError(await run('backtest', '--market', market, '--out', file, '--no-record', '--no-progress'), `thetis: cannot write to --out ${file}: it is a file, not a directory`);
  });

  // Node 20's recursive mkdir spins forever on such a path (its parent exists, takes no children); made a level at a time it fails at once.
  // Skipped where there is no /proc (not Linux): no such path to try there.
  it.skipIf(!existsSync('/proc/self'))('an --out no directory can be made in (under /proc): a clear error, at once', async () => {
    expectUserError(await run('backtest', '--market', market, '--out', '/proc/thetis-out', '--no-record', '--no-progress'), 'thetis: cannot write to --out /proc/thetis-out: no such file or directory');
  });

  it.skipIf(process.getuid?.() === 0)('a read-only --out (root writes anywhere: skipped as root)', async () => {
    const out = join(dir, 'read-only');
    mkdirSync(out);
    chmodSync(out, 0o555);
    try {
      expectUserError(await run('backtest', '--market', market, '--out', out, '--no-record', '--no-progress'), `thetis: cannot write to --out ${out}: permission denied`);
      expect(readdirSync(out)).toEqual([]);
    } finally {
      chmodSync(out, 0o755);
    }
  });

  it('a --market that does not exist', async () => {
    const out = join(dir, 'out-no-market');
    const missing = join(dir, 'no-such-market');
    expectUserError(await run('backtest', '--market', missing, '--out', out, '--no-record'), `thetis: ${join(missing, 'manifest.json')}: cannot read the market manifest (no such file or directory)`);
    expect(existsSync(out)).toBe(false);
  });

  it('a --config that does not exist, or is a directory', async () => {
    const out = join(dir, 'out-no-config');
    const missing = join(dir, 'no-such-config.json');
    expectUserError(await run('backtest', '--market', market, '--config', missing, '--out', out, '--no-record'), `thetis: cannot read the config file ${missing}: no such file or directory`);
    expectUserError(await run('backtest', '--market', market, '--config', dir, '--out', out, '--no-record'), `thetis: cannot read the config file ${dir}: illegal operation on a directory`);
    expect(existsSync(out)).toBe(false);
  });

  it('an unreadable --config of status is the same line', async () => {
    const missing = join(dir, 'no-such-config.json');
    expectUserError(await run('status', '--config', missing), `thetis: cannot read the config file ${missing}: no such file or directory`);
  });

  it('a --config that is not JSON', async () => {
    const out = join(dir, 'out-bad-json');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "sizing": ');
    const r = await run('backtest', '--market', market, '--config', bad, '--out', out, '--no-record');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${bad}: not valid JSON`);
    expect(existsSync(out)).toBe(false);
  });

  it('bars with timestamps in seconds: names the file, what it found and what it should be', async () => {
    const out = join(dir, 'out-seconds');
    const m = handMade('seconds-market', ['1748871000,10,10.1,9.9,10,1000,0.3', '1748871060,10,10.1,9.9,10,1000,0.3']);
    expectUserError(
      await run('backtest', '--market', m, '--out', out, '--no-record', '--no-progress'),
      `thetis: ${join(m, 'bars', 'AAA.csv')}:2: ts 1748871000 is in epoch seconds (2025-06-02T13:30:00.000Z), not milliseconds (1970-01-21T05:47:51.000Z); ts must be whole epoch milliseconds, here 1748871000000\n`.trimEnd(),
    );
    expect(existsSync(out)).toBe(false);
  });

  it('bars with timestamps in microseconds', async () => {
    const out = join(dir, 'out-micros');
    const m = handMade('micros-market', ['1748871000000000,10,10.1,9.9,10,1000,0.3']);
    expectUserError(await run('backtest', '--market', m, '--out', out, '--no-record', '--no-progress'), /AAA\.csv:2: ts 1748871000000000 is in epoch microseconds, not milliseconds/);
    expect(existsSync(out)).toBe(false);
  });

  it('a bad row in the first rows of a bars file is found before the run', async () => {
    const out = join(dir, 'out-bad-row');
    const m = handMade('bad-row-market', ['1748871000000,10,10.1,9.9,abc,1000,0.3']);
    expectUserError(await run('backtest', '--market', m, '--out', out, '--no-record', '--no-progress'), `thetis: ${join(m, 'bars', 'AAA.csv')}:2: close is not a finite number ('abc')`);
    expect(existsSync(out)).toBe(false);
  });

  it('--kelly with no stats under --out', async () => {
    const out = join(dir, 'out-no-kelly');
    expectUserError(await run('backtest', '--market', market, '--out', out, '--kelly', '--no-record'), `thetis: --kelly: no stats at ${join(out, 'kelly-stats.json')}; run a backtest with the same --out without --kelly first`);
    expect(existsSync(out)).toBe(false);
  });

  it('--kelly with stats that are not JSON', async () => {
    const out = join(dir, 'out-bad-kelly');
    mkdirSync(out);
    writeFileSync(join(out, 'kelly-stats.json'), 'nope');
    const r = await run('backtest', '--market', market, '--out', out, '--kelly', '--no-record');
    expectUserError(r, new RegExp(`^thetis: --kelly: cannot read the stats at ${join(out, 'kelly-stats.json')}: not valid JSON`));
    expect(readdirSync(out)).toEqual(['kelly-stats.json']);
  });

  it.each([
    [['backtest', '--equity', 'abc'], "option '--equity <dollars>' argument 'abc' is invalid. expected a number > 0, got 'abc'"],
    [['backtest', '--equity', '0'], "option '--equity <dollars>' argument '0' is invalid. expected a number > 0, got '0'"],
    [['--equity', '-5'], "option '--equity <dollars>' argument '-5' is invalid"],
    [['generate-market', '--out', 'x', '--tickers', '0'], "option '--tickers <n>' argument '0' is invalid. expected a whole number ≥ 1, got '0'"],
    [['generate-market', '--out', 'x', '--days', 'two'], "option '--days <n>' argument 'two' is invalid"],
    [['generate-market', '--out', 'x', '--seed', '1.5'], "option '--seed <n>' argument '1.5' is invalid"],
    [['generate-market', '--out', 'x', '--start', '2025-13-01'], "option '--start <date>' argument '2025-13-01' is invalid"],
    [['status', '--decisions', 'many'], "option '--decisions <n>' argument 'many' is invalid"],
    [['alpaca-standin', '--port', 'http'], "option '--port <n>' argument 'http' is invalid"],
    [['alpaca-standin', '--speed', 'abc'], "option '--speed <x>' argument 'abc' is invalid"],
    [['alpaca-standin', '--cash', '0'], "option '--cash <dollars>' argument '0' is invalid"],
    [['paper', '--tickers', '0'], "option '--tickers <list>' argument '0' is invalid"],
    [['live', '--tickers', '0'], "option '--tickers <list>' argument '0' is invalid"],
    [['backtest', '--executor', 'carrier-pigeon'], "option '--executor <kind>' argument 'carrier-pigeon' is invalid"],
  ])('a bad flag value: %j', async (args, message) => {
    const r = await run(...args);
    expectUserError(r, /^error: /);
    expect(r.err).toContain(message);
  });

  it('generate-market with an unwritable --out', async () => {
    const file = join(dir, 'gm-file');
    writeFileSync(file, 'x');
    const out = join(file, 'm');
    expectUserError(await run('generate-market', '--out', out, '--tickers', '1', '--days', '1'), `thetis: cannot write to --out ${out}: a parent of it is a file, not a directory`);
  });
});

describe('as a process, from a directory of its own', () => {
  interface Ran {
    code: number;
    stdout: string;
    stderr: string;
  }
  async function thetis(cwd: string, ...args: string[]): Promise<Ran> {
    try {
      const { stdout, stderr } = await exec('node', [bin, ...args], { cwd });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const f = e as { code: number; stdout: string; stderr: string };
      return { code: f.code, stdout: f.stdout, stderr: f.stderr };
    }
  }

  it('an unwritable --out: one line, exit code 2, no stack trace, nothing written', async () => {
    const cwd = join(dir, 'cwd-error');
    mkdirSync(cwd);
    writeFileSync(join(cwd, 'file'), 'x');
    const r = await thetis(cwd, 'backtest', '--market', market, '--out', 'file/out', '--no-record');
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'thetis: cannot write to --out file/out: a parent of it is a file, not a directory\n' });
    expect(readdirSync(cwd)).toEqual(['file']);
  }, 60_000);

  it('--out DIR: every file the backtest writes is under DIR, none under ./out; --kelly reads the stats that run wrote', async () => {
    const cwd = join(dir, 'cwd-run');
    mkdirSync(cwd);
    const first = await thetis(cwd, 'backtest', '--market', market, '--out', 'results', '--no-record', '--no-progress');
    expect(first.code).toBe(0);
    expect(readdirSync(cwd)).toEqual(['results']);
    expect(readdirSync(join(cwd, 'results')).sort()).toEqual(['kelly-stats.json', 'report.html']);
    expect(first.stdout).toContain(`report: ${join(cwd, 'results', 'report.html')}`);
    expect(first.stdout).toContain(`kelly stats: ${join(cwd, 'results', 'kelly-stats.json')}`);
    const second = await thetis(cwd, 'backtest', '--market', market, '--out', 'results', '--kelly', '--no-record', '--no-progress', '--json');
    expect(second.code).toBe(0);
    expect((JSON.parse(second.stdout) as { report: string }).report).toBe(join(cwd, 'results', 'report.html'));
    expect(readdirSync(cwd)).toEqual(['results']);
  }, 120_000);

  it('--out DIR without --market: the sample market is generated under DIR too', async () => {
    const cwd = join(dir, 'cwd-sample');
    mkdirSync(cwd);
    const r = await thetis(cwd, '--out', 'elsewhere', '--no-record', '--no-progress', '--json');
    expect(r.code).toBe(0);
    expect(readdirSync(cwd)).toEqual(['elsewhere']);
    expect(readdirSync(join(cwd, 'elsewhere')).sort()).toEqual(['kelly-stats.json', 'report.html', 'sample-market']);
    expect(readdirSync(join(cwd, 'elsewhere', 'sample-market')).sort()).toEqual(['bars', 'manifest.json']);
    expect(r.stderr).toContain('sample market: wrote');
  }, 180_000);
});
