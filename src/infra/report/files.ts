/** Writing the report artefacts: the HTML report and the KellyStats JSON the sizer reads. */
import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KellyStats } from '../../domain/values/stats.js';
import { makeDirs } from '../fs/make-dirs.js';

function writeText(path: string, text: string): void {
  makeDirs(dirname(path));
  writeFileSync(path, text, 'utf8');
}

export function writeReport(path: string, html: string): void {
  writeText(path, html);
}

export function writeKellyStats(path: string, stats: KellyStats): void {
  writeText(path, `${JSON.stringify(stats, null, 2)}\n`);
}
