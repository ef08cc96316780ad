import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import type { NewsItem } from '../../../src/domain/sentiment/news.js';
import { scoreSentiment } from '../../../src/domain/sentiment/score.js';

const cfg = loadConfig({}).rules.signals.sentiment;
const MIN = 60_000;
const NOW = Date.UTC(2025, 5, 2, 15, 0);
const item = (id: string, minutesAgo: number, headline: string, symbols: string[] = ['ALFA'], summary?: string): NewsItem => ({
  id,
  ts: NOW - minutesAgo * MIN,
  headline,
  symbols,
  ...(summary === undefined ? {} : { summary }),
});

describe('scoreSentiment', () => {
  it('the Thetis defaults: enabled, a day window, 6 h half-life, 50 items, round-ups over 5 tickers, headline × 2, neutral band 0.05', () => {
    expect(cfg).toEqual({ enabled: true, windowMinutes: 1440, halfLifeMinutes: 360, maxItems: 50, maxSymbols: 5, headlineWeight: 2, neutralBand: 0.05 });
  });

  it('no news is neutral: 0 with SENTIMENT_NONE', () => {
    expect(scoreSentiment([], 'ALFA', NOW, cfg)).toEqual({ score: 0, reasons: ['SENTIMENT_NONE'], counts: { items: 0, positive: 0, negative: 0, neutral: 0, old: 0, broad: 0, capped: 0 } });
    // News about another ticker only: none for ALFA.
    expect(scoreSentiment([item('1', 5, 'BRVO beats', ['BRVO'])], 'ALFA', NOW, cfg).reasons).toEqual(['SENTIMENT_NONE']);
  });

  it('one positive item: +1; one negative: −1', () => {
    expect(scoreSentiment([item('1', 10, 'ALFA beats estimates')], 'ALFA', NOW, cfg)).toMatchObject({ score: 1, reasons: ['SENTIMENT_POSITIVE'] });
    expect(scoreSentiment([item('1', 10, 'ALFA hit by lawsuit')], 'ALFA', NOW, cfg)).toMatchObject({ score: -1, reasons: ['SENTIMENT_NEGATIVE'] });
  });

  it('newer items weigh more: weights halve every 6 hours', () => {
    // +1 now (weight 1), −1 six hours ago (weight 0.5): (1 − 0.5) / 1.5 = 1/3
    const d = scoreSentiment([item('a', 0, 'ALFA upgraded'), item('b', 360, 'ALFA downgraded')], 'ALFA', NOW, cfg);
    expect(d.score).toBeCloseTo(1 / 3, 12);
    expect(d.reasons).toEqual(['SENTIMENT_POSITIVE', 'SENTIMENT_MIXED']);
    expect(d.counts).toMatchObject({ items: 2, positive: 1, negative: 1, neutral: 0 });
  });

  it('items tagged with more tickers weigh less (1 / tickers); round-ups over maxSymbols are left out', () => {
    // +1 about ALFA alone (weight 1), −1 about ALFA and BRVO (weight 1/2), both now: (1 − 0.5) / 1.5 = 1/3
    const d = scoreSentiment([item('a', 0, 'ALFA beats'), item('b', 0, 'ALFA and BRVO face probe', ['ALFA', 'BRVO'])], 'ALFA', NOW, cfg);
    expect(d.score).toBeCloseTo(1 / 3, 12);
    const roundup = item('c', 0, 'Stocks plunge', ['ALFA', 'B', 'C', 'D', 'E', 'F']);
    const r = scoreSentiment([roundup], 'ALFA', NOW, cfg);
    expect(r).toMatchObject({ score: 0, reasons: ['SENTIMENT_NONE', 'SENTIMENT_BROAD_IGNORED'] });
    expect(r.counts.broad).toBe(1);
  });

  it('the window: an item older than windowMinutes is ignored, one exactly at its edge counts; a future item is not seen yet', () => {
    const small = { ...cfg, windowMinutes: 60 };
    const edge = scoreSentiment([item('a', 60, 'ALFA beats'), item('b', 61, 'ALFA misses')], 'ALFA', NOW, small);
    expect(edge).toMatchObject({ score: 1, reasons: ['SENTIMENT_POSITIVE', 'SENTIMENT_OLD_IGNORED'] });
    expect(edge.counts).toMatchObject({ items: 1, old: 1 });
    expect(scoreSentiment([item('a', -1, 'ALFA beats')], 'ALFA', NOW, cfg).reasons).toEqual(['SENTIMENT_NONE']);
  });

  it('an item without lexicon hits counts as neutral and dilutes', () => {
    // +1 and 0, same weight: 0.5
    const d = scoreSentiment([item('a', 0, 'ALFA beats'), item('b', 0, 'ALFA names a new CFO')], 'ALFA', NOW, cfg);
    expect(d.score).toBe(0.5);
    expect(d.counts).toMatchObject({ positive: 1, neutral: 1 });
    const only = scoreSentiment([item('b', 0, 'ALFA names a new CFO')], 'ALFA', NOW, cfg);
    expect(only).toMatchObject({ score: 0, reasons: ['SENTIMENT_NEUTRAL'] });
  });

  it('a balance within the neutral band is returned as 0 (SENTIMENT_NEUTRAL, MIXED)', () => {
    // +1 now (weight 1) and −1 ten minutes ago (weight 0.5^(10/360) ≈ 0.98093): (1 − 0.98093) / 1.98093 ≈ 0.0096 < 0.05
    const d = scoreSentiment([item('a', 0, 'ALFA beats'), item('b', 10, 'ALFA misses')], 'ALFA', NOW, cfg);
    expect(d).toMatchObject({ score: 0, reasons: ['SENTIMENT_NEUTRAL', 'SENTIMENT_MIXED'] });
  });

  it('only the newest maxItems count; an id counts once', () => {
    const capped = scoreSentiment([item('new', 0, 'ALFA beats'), item('old', 30, 'ALFA misses')], 'ALFA', NOW, { ...cfg, maxItems: 1 });
    expect(capped).toMatchObject({ score: 1, reasons: ['SENTIMENT_POSITIVE', 'SENTIMENT_CAPPED'] });
    const twice = scoreSentiment([item('x', 0, 'ALFA beats'), item('x', 0, 'ALFA beats'), item('y', 0, 'ALFA misses')], 'ALFA', NOW, cfg);
    expect(twice.score).toBe(0);
    expect(twice.counts.items).toBe(2);
  });

  it('disabled: neutral whatever the news', () => {
    expect(scoreSentiment([item('a', 0, 'ALFA beats')], 'ALFA', NOW, { ...cfg, enabled: false })).toMatchObject({ score: 0, reasons: ['SENTIMENT_DISABLED'] });
  });

  it('the order items come in does not matter, and the score stays in [-1, 1]', () => {
    const items = [item('a', 5, 'ALFA beats, raises guidance'), item('b', 50, 'ALFA recall'), item('c', 500, 'ALFA upgrade', ['ALFA', 'BRVO'])];
    const a = scoreSentiment(items, 'ALFA', NOW, cfg);
    const b = scoreSentiment([...items].reverse(), 'ALFA', NOW, cfg);
    expect(b).toEqual(a);
    expect(Math.abs(a.score)).toBeLessThanOrEqual(1);
  });
});
