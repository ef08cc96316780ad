import type { IntentLatency } from './tree.js';

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Nearest-rank percentile (p in (0, 1]) of an ascending array; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? Number.NaN : (sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number);
}

export function round(x: number, digits = 0): number {
  return Number(x.toFixed(digits));
}

/** p50 / p99 / max in microseconds, with how many samples were opening and closing intents. */
export function latencySummary(latencies: readonly IntentLatency[], note: string) {
  const us = latencies.map((l) => l.ms * 1_000).sort((a, b) => a - b);
  return {
    samples: us.length,
    opens: latencies.filter((l) => l.effect === 'open').length,
    closes: latencies.filter((l) => l.effect === 'close').length,
    p50: round(percentile(us, 0.5)),
    p99: round(percentile(us, 0.99)),
    max: round(percentile(us, 1)),
    note,
  };
}
