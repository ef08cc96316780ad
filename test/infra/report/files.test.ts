import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeKellyStats, writeReport } from '../../../src/infra/report/files.js';

describe('report files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thetis-report-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the report, creating its folder', () => {
    const path = join(dir, 'nested', 'report.html');
    writeReport(path, '<!doctype html><p>ok</p>');
    expect(readFileSync(path, 'utf8')).toBe('<!doctype html><p>ok</p>');
  });

  it('writes KellyStats as JSON that reads back', () => {
    const path = join(dir, 'kelly.json');
    const stats = { trades: 40, winRate: 0.45, avgWin: 0.6, avgLoss: 0.3 };
    writeKellyStats(path, stats);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(stats);
  });
});
