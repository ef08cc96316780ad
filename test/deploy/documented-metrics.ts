/** The metrics docs/operations.md documents: name, process (engine, executor, both), and whether it shows only from its first event. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './compose-file.js';

export interface DocumentedMetric {
  readonly name: string;
  readonly process: 'engine' | 'executor' | 'both';
  readonly fromFirstEvent: boolean;
}

export function documentedMetrics(): DocumentedMetric[] {
  const text = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8');
  const section = text.slice(text.indexOf('## Metrics'), text.indexOf('## Reading a trace'));
  const rows = section.split('\n').filter((l) => l.startsWith('| `thetis_'));
  return rows.map((row) => {
    const cells = row.split('|').map((c) => c.trim());
    const name = (cells[1] ?? '').replaceAll('`', '');
    const process = cells[5] as DocumentedMetric['process'];
    return { name, process, fromFirstEvent: (cells[4] ?? '').includes('appears with its first event') };
  });
}

/** The metric names a Prometheus text exposition declares (its # TYPE lines). */
export function exposedNames(text: string): Set<string> {
  return new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1] as string));
}
