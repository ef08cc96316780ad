/** Reason-code counts: the rejections of a run, and how many trades each rule opened or closed. */
import { EXIT_INFO_REASONS } from '../exits/types.js';
import { LIQUIDITY_INFO_REASONS } from '../liquidity/check.js';
import { SENTIMENT_REASONS } from '../sentiment/reasons.js';
import type { TradeRecord } from '../values/trade.js';

export interface CodeCount {
  readonly code: string;
  readonly count: number;
}

/** Most frequent first, ties by code. */
export function sortedCounts(counts: Readonly<Record<string, number>>): CodeCount[] {
  return Object.entries(counts)
    .map(([code, n]) => ({ code, count: n }))
    .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

export interface RuleCounts {
  /** Entry reason code → trades it opened, most first. */
  readonly opened: readonly CodeCount[];
  /** Exit reason code → trades it closed (or partly closed), most first. */
  readonly closed: readonly CodeCount[];
}

/**
 * Codes that ride along on a decision without deciding it are left out: those the domain
 * declares informational (a stale-quote fallback or an armed trail lock on an exit, a locked
 * quote), how the news sentiment was scored (its effect on a trade shows as SENTIMENT_ALIGNED /
 * SENTIMENT_OPPOSED and SENTIMENT_SCALED_*), and every *_UNKNOWN code (a rule skipped for want
 * of its input: IV_RANK_UNKNOWN, ATR_UNKNOWN…). Every other stored code is counted.
 */
const RIDE_ALONG: ReadonlySet<string> = new Set<string>([...EXIT_INFO_REASONS, ...LIQUIDITY_INFO_REASONS, ...SENTIMENT_REASONS]);

export function decidedNothing(code: string): boolean {
  return RIDE_ALONG.has(code) || code.endsWith('_UNKNOWN');
}

function tally(lists: readonly (readonly string[])[]): CodeCount[] {
  const counts: Record<string, number> = {};
  for (const list of lists) {
    // Once per trade: a code that fired on two partial exits of one trade closed one trade.
    for (const code of new Set(list)) if (!decidedNothing(code)) counts[code] = (counts[code] ?? 0) + 1;
  }
  return sortedCounts(counts);
}

/** How many trades each entry reason code opened and each exit reason code closed. */
export function ruleCounts(trades: readonly Pick<TradeRecord, 'entryReasons' | 'exitReasons'>[]): RuleCounts {
  return { opened: tally(trades.map((t) => t.entryReasons)), closed: tally(trades.map((t) => t.exitReasons)) };
}
