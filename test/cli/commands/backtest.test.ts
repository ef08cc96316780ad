import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMarket } from '../../../src/infra/market/generate.js';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '../../../bin/thetis.js');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thetis-cli-backtest-'));
  await generateMarket({ dir: join(dir, 'market'), seed: 3, tickers: 2, days: 3, start: '2025-06-02' });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Fees per contract per fill at the simulated broker's defaults: no commission + ORF $0.02 + OCC clearing $0.02. */
const FEE_PER_CONTRACT = 0.04;
/** Contract multiplier: 100 shares. */
const MULTIPLIER = 100;

interface Summary {
  meta: { bars: number; tickers: string[] };
  stats: { trades: number; wins: number; losses: number; netPnl: number; startingEquity: number; endingEquity: number };
  decisions: { entries: number; exits: number };
  rejects: { code: string; count: number }[];
  report: string;
}

/** A trade row as the report shows it (prices to the cent, dollars to the cent). */
interface Row {
  qty: number;
  entry: number;
  exit: number;
  pnl: number;
  fees: number;
  exitReasons: string;
}

const text = (cell: string): string => cell.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
const dollars = (s: string): number => Number(s.replace(/[$,]/g, ''));

/** The rows of every trade table in the report, read by column header (the report is read as a user reads it). */
function tradeRows(html: string): Row[] {
  const rows: Row[] = [];
  for (const [, head = '', body = ''] of html.matchAll(/<thead>(.*?)<\/thead><tbody>(.*?)<\/tbody>/gs)) {
    const cols = [...head.matchAll(/<th>(.*?)<\/th>/g)].map((m) => text(m[1] ?? ''));
    const col = (name: string): number => cols.indexOf(name);
    if (!['Qty', 'Entry', 'Exit', 'P/L', 'Fees'].every((c) => col(c) >= 0)) continue;
    for (const [, tr = ''] of body.matchAll(/<tr>(.*?)<\/tr>/gs)) {
      const cells = [...tr.matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((m) => text(m[1] ?? ''));
      const at = (name: string): string => cells[col(name)] ?? '';
      rows.push({ qty: Number(at('Qty').replace(/,/g, '')), entry: Number(at('Entry')), exit: Number(at('Exit')), pnl: dollars(at('P/L')), fees: dollars(at('Fees')), exitReasons: at('Exit reasons') });
    }
  }
  return rows;
}

const backtest = async (out: string, config: object): Promise<Summary> => {
  const file = join(dir, `${out}.json`);
  await writeFile(file, JSON.stringify(config));
  // Not recorded: this test is about the summary and the files (backtest-record.test.ts records).
  const { stdout } = await run('node', [bin, 'backtest', '--market', join(dir, 'market'), '--out', join(dir, out), '--config', file, '--json', '--no-record']);
  return JSON.parse(stdout) as Summary;
};

describe('thetis backtest (end to end, as a user runs it)', () => {
  it('--json prints the summary, writes the report and the Kelly stats', async () => {
    const out = join(dir, 'out');
    const summary = await backtest('out', { sizing: { kelly: { statsFile: join(out, 'kelly.json') } } });
    expect(summary.meta).toMatchObject({ bars: 2 * 3 * 390, tickers: ['ALFA', 'BRVO'] });
    expect(summary.rejects.map((r) => r.code)).toContain('VOLUME_NOT_CONFIRMED');
    expect(summary.report).toBe(join(out, 'report.html'));
    const html = readFileSync(summary.report, 'utf8');
    expect(html).toContain('<canvas');
    expect(html).not.toMatch(/<script[^>]+src=/);

    // The sample market makes the engine trade: at least one position opened and closed.
    expect(summary.stats.trades).toBeGreaterThan(0);
    expect(summary.decisions.entries).toBeGreaterThanOrEqual(summary.stats.trades);
    expect(summary.decisions.exits).toBeGreaterThanOrEqual(summary.stats.trades);
    const kelly = JSON.parse(readFileSync(join(out, 'kelly.json'), 'utf8')) as { trades: number };
    expect(kelly.trades).toBe(summary.stats.trades);

    // The report lists exactly the trades the summary counts.
    const rows = tradeRows(html);
    expect(rows).toHaveLength(summary.stats.trades);
    expect(summary.stats.wins).toBe(rows.filter((r) => r.pnl > 0).length);
    expect(summary.stats.wins + summary.stats.losses).toBe(rows.length);

    for (const r of rows) {
      expect(Number.isInteger(r.qty) && r.qty > 0, `qty ${r.qty}`).toBe(true);
      // Fees: one fill in, one out, $0.04 a contract each → qty × $0.08.
      expect(r.fees).toBeCloseTo(r.qty * 2 * FEE_PER_CONTRACT, 2);
      // P/L = (exit − entry) × qty × 100 − fees. The report rounds an averaged price to the cent:
      // each price is off by at most $0.005 a share, so by at most qty × 100 × 0.005 × 2 = qty dollars.
      const recomputed = (r.exit - r.entry) * r.qty * MULTIPLIER - r.fees;
      expect(Math.abs(r.pnl - recomputed), `P/L ${r.pnl} vs ${recomputed}`).toBeLessThanOrEqual(r.qty + 0.005);
      // Every fill is on a cent and a contract is 100 shares, so P/L + fees is whole dollars
      // (a position settled at expiry takes the intrinsic value, which need not be).
      if (!r.exitReasons.includes('EXPIRED_ITM_SETTLED')) expect(Math.abs(r.pnl + r.fees - Math.round(r.pnl + r.fees)), `P/L + fees ${r.pnl + r.fees}`).toBeLessThan(1e-6);
    }

    // Equity: the run ends flat (its trades are day trades), so ending = starting + Σ P/L; the
    // report's P/L is rounded to the cent, so the sum is within half a cent a row.
    const sum = rows.reduce((a, r) => a + r.pnl, 0);
    expect(Math.abs(summary.stats.netPnl - sum)).toBeLessThanOrEqual(0.005 * rows.length + 1e-9);
    expect(summary.stats.endingEquity).toBeCloseTo(summary.stats.startingEquity + summary.stats.netPnl, 6);
    expect(summary.stats.startingEquity).toBe(100_000);
  }, 60_000);

  it('an invalid config is refused with the key and the problem, and nothing is written', async () => {
    const out = join(dir, 'bad-out');
    const config = join(dir, 'bad.json');
    await writeFile(config, JSON.stringify({ sizing: { riskPct: { day: 0.05 } } }));
    const err = await run('node', [bin, 'backtest', '--market', join(dir, 'market'), '--out', out, '--config', config, '--no-record']).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 2 });
    expect((err as { stderr: string }).stderr).toContain('sizing.riskPct.day: must be <= 0.0075');
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
