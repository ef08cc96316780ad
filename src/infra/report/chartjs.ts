/** The Chart.js UMD bundle, read once from node_modules so the report needs no network. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cached: string | undefined;

export function chartJsSource(): string {
  if (cached === undefined) {
    // chart.js exports only its entry points; the UMD bundle sits beside the CommonJS one.
    const entry = createRequire(import.meta.url).resolve('chart.js');
    cached = readFileSync(join(dirname(entry), 'chart.umd.js'), 'utf8');
  }
  return cached;
}
