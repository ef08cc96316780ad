import type { SignalsConfig } from '../config/schema.js';
import { DomainError } from '../errors.js';
import { lessThan } from '../values/threshold.js';
import { MINUTE_MS } from '../values/time.js';
import type { NewsItem } from './news.js';
import type { SentimentReason } from './reasons.js';
import { polarityOf } from './text.js';

export type SentimentConfig = SignalsConfig['sentiment'];

/** What was counted, for the record. */
export interface SentimentCounts {
  /** Items that counted (neutral ones included). */
  readonly items: number;
  readonly positive: number;
  readonly negative: number;
  readonly neutral: number;
  /** Left out: older than the window, round-ups, beyond maxItems. */
  readonly old: number;
  readonly broad: number;
  readonly capped: number;
}

export interface SentimentScore {
  /** In [-1, 1]; 0 is neutral (no news, or a balance within the neutral band). */
  readonly score: number;
  readonly reasons: readonly SentimentReason[];
  readonly counts: SentimentCounts;
}

const NONE: SentimentCounts = { items: 0, positive: 0, negative: 0, neutral: 0, old: 0, broad: 0, capped: 0 };

/**
 * One item's polarity in [-1, 1]: (P − N) / (P + N), where P and N are its lexicon hits (text.ts),
 * each headline hit counted `headlineWeight` times and each summary hit once; 0 without hits.
 */
export function itemPolarity(item: Pick<NewsItem, 'headline' | 'summary'>, headlineWeight: number): number {
  const h = polarityOf(item.headline);
  const s = item.summary === undefined ? { positive: 0, negative: 0 } : polarityOf(item.summary);
  const p = headlineWeight * h.positive + s.positive;
  const n = headlineWeight * h.negative + s.negative;
  return p + n > 0 ? (p - n) / (p + n) : 0;
}

/**
 * A ticker's news sentiment as of `asOf` (epoch ms), in [-1, 1]. Counted: the items tagged with
 * `symbol`, published at or before `asOf` and at most `windowMinutes` before it, tagged with at most
 * `maxSymbols` tickers, the newest `maxItems` of them (an id counts once). The score is the weighted
 * mean of their polarities (itemPolarity), an item weighing 0.5^(age / halfLifeMinutes) / (tickers
 * it is tagged with): newer news and news about this ticker alone weigh more; an item without
 * lexicon hits counts as 0 and dilutes the rest. |score| under `neutralBand` is returned as 0.
 * No item counted: 0 with SENTIMENT_NONE. Pure: the same items and time, the same score.
 */
export function scoreSentiment(items: readonly NewsItem[], symbol: string, asOf: number, cfg: SentimentConfig): SentimentScore {
  if (!Number.isFinite(asOf)) throw new DomainError('BAD_TIME', `asOf must be a finite epoch ms, got ${asOf}`, 'asOf');
  if (!cfg.enabled) return { score: 0, reasons: ['SENTIMENT_DISABLED'], counts: NONE };
  const windowMs = cfg.windowMinutes * MINUTE_MS;
  let old = 0;
  let broad = 0;
  const seen = new Set<string>();
  const eligible: NewsItem[] = [];
  for (const item of items) {
    if (item.ts > asOf || !item.symbols.includes(symbol) || seen.has(item.id)) continue;
    seen.add(item.id);
    if (asOf - item.ts > windowMs) old += 1;
    else if (item.symbols.length > cfg.maxSymbols) broad += 1;
    else eligible.push(item);
  }
  // Newest first; equal times by id, so the order items came in does not matter.
  eligible.sort((a, b) => b.ts - a.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const counted = eligible.slice(0, cfg.maxItems);
  const capped = eligible.length - counted.length;
  let sum = 0;
  let weights = 0;
  let positive = 0;
  let negative = 0;
  for (const item of counted) {
    const polarity = itemPolarity(item, cfg.headlineWeight);
    const weight = 0.5 ** ((asOf - item.ts) / (cfg.halfLifeMinutes * MINUTE_MS)) / item.symbols.length;
    sum += weight * polarity;
    weights += weight;
    if (polarity > 0) positive += 1;
    if (polarity < 0) negative += 1;
  }
  const counts: SentimentCounts = { items: counted.length, positive, negative, neutral: counted.length - positive - negative, old, broad, capped };
  const raw = weights > 0 ? Math.max(-1, Math.min(1, sum / weights)) : 0;
  const score = lessThan(Math.abs(raw), cfg.neutralBand) ? 0 : raw;
  const reasons: SentimentReason[] = [counted.length === 0 ? 'SENTIMENT_NONE' : score > 0 ? 'SENTIMENT_POSITIVE' : score < 0 ? 'SENTIMENT_NEGATIVE' : 'SENTIMENT_NEUTRAL'];
  if (positive > 0 && negative > 0) reasons.push('SENTIMENT_MIXED');
  if (old > 0) reasons.push('SENTIMENT_OLD_IGNORED');
  if (broad > 0) reasons.push('SENTIMENT_BROAD_IGNORED');
  if (capped > 0) reasons.push('SENTIMENT_CAPPED');
  return { score, reasons, counts };
}
