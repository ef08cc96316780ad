/**
 * A market directory's optional news file, `news.jsonl`: one JSON object a line,
 * `{"id":"n1","ts":1748872800000,"headline":"…","summary":"…","symbols":["ALFA"]}` (other fields,
 * e.g. Alpaca's author, url or source, are ignored). Backtests and the stand-in replay it: an item is
 * visible from its `ts` on. No file: no news, every ticker's sentiment neutral.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { tickerSymbol } from '../../domain/config/schema.js';
import type { NewsItem } from '../../domain/sentiment/news.js';
import { MarketDataError } from './bar-reader.js';
import { timestampUnitProblem } from './csv.js';

export const NEWS_FILE = 'news.jsonl';

const newsLineSchema = z.object({
  id: z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String),
  /** Publication time, whole epoch milliseconds. */
  ts: z.number().int().superRefine((ts, ctx) => {
    const problem = timestampUnitProblem(ts);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  }),
  headline: z.string().min(1),
  summary: z.string().optional(),
  symbols: z.array(tickerSymbol).min(1),
});

/** The news of a market, per ticker in time order. */
export class NewsBook {
  readonly #bySymbol = new Map<string, NewsItem[]>();

  /** `items` in any order; each is filed under every ticker it is tagged with. */
  constructor(readonly items: readonly NewsItem[]) {
    const sorted = [...items].sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.items = sorted;
    for (const item of sorted) {
      for (const symbol of new Set(item.symbols)) {
        const list = this.#bySymbol.get(symbol) ?? [];
        list.push(item);
        this.#bySymbol.set(symbol, list);
      }
    }
  }

  /** The items tagged with `symbol` published in (from, to], oldest first. */
  between(symbol: string, from: number, to: number): readonly NewsItem[] {
    const list = this.#bySymbol.get(symbol);
    if (list === undefined || !(to > from)) return [];
    return list.slice(upperBound(list, from), upperBound(list, to));
  }
}

/** The first index whose item is published after `ts` (items in time order). */
function upperBound(list: readonly NewsItem[], ts: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as NewsItem).ts <= ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One line's item; a MarketDataError naming the file, the line and what is wrong. */
export function parseNewsLine(text: string, file: string, line: number): NewsItem {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new MarketDataError(file, line, `not valid JSON (${(e as Error).message})`);
  }
  const parsed = newsLineSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(item)'}: ${i.message}`);
    throw new MarketDataError(file, line, `invalid news item: ${problems.join('; ')}`);
  }
  const { id, ts, headline, summary, symbols } = parsed.data;
  return { id, ts, headline, ...(summary === undefined ? {} : { summary }), symbols };
}

/** Reads `<dir>/news.jsonl` (blank lines skipped); undefined when the market has no news file. */
export async function readNewsFile(dir: string): Promise<NewsBook | undefined> {
  const file = join(dir, NEWS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new MarketDataError(file, 0, `cannot read the news file (${(e as Error).message})`, { cause: e });
  }
  const items: NewsItem[] = [];
  text.split(/\r?\n/).forEach((raw, k) => {
    if (raw.trim().length > 0) items.push(parseNewsLine(raw, file, k + 1));
  });
  return new NewsBook(items);
}
