import { describe, expect, it } from 'vitest';
import { polarityOf, words } from '../../../src/domain/sentiment/text.js';
import { itemPolarity } from '../../../src/domain/sentiment/score.js';

describe('polarityOf: the finance lexicon', () => {
  it('counts positive and negative words', () => {
    // beats (+), upgrade (+) | lawsuit (−)
    expect(polarityOf('ALFA beats estimates; analysts upgrade it despite a lawsuit')).toEqual({ positive: 2, negative: 1 });
    expect(polarityOf('Recall and downgrade hit BRVO')).toEqual({ positive: 0, negative: 2 });
    expect(polarityOf('ALFA to hold its annual meeting')).toEqual({ positive: 0, negative: 0 });
  });

  it('reads a two-word phrase before its words: "raises guidance" is positive, "cuts guidance" negative, "cuts" alone nothing', () => {
    expect(polarityOf('ALFA raises guidance')).toEqual({ positive: 1, negative: 0 });
    expect(polarityOf('ALFA cuts guidance')).toEqual({ positive: 0, negative: 1 });
    expect(polarityOf('ALFA cuts costs and raises capital')).toEqual({ positive: 0, negative: 0 });
  });

  it('flips a hit with a negator within three words before it, and any n\'t word', () => {
    // "did not beat": not is 1 word before beat → negative
    expect(polarityOf('ALFA did not beat estimates')).toEqual({ positive: 0, negative: 1 });
    // "no lawsuit" → positive; "doesn’t expect a recall": doesn't is 3 words before recall → positive
    expect(polarityOf('No lawsuit filed')).toEqual({ positive: 1, negative: 0 });
    expect(polarityOf('ALFA doesn’t expect a recall')).toEqual({ positive: 1, negative: 0 });
    // "not" four words before "beat": out of scope, stays positive
    expect(polarityOf('not that the company beat')).toEqual({ positive: 1, negative: 0 });
  });

  it('cuts text into lower-case words, curly apostrophes read straight', () => {
    expect(words('Q2: ALFA’s Profit, UP 5%!')).toEqual(["q2", "alfa's", 'profit', 'up', '5']);
  });
});

describe('itemPolarity', () => {
  it('is (P − N) / (P + N) with headline hits counted headlineWeight times', () => {
    // headline: beats (+1 ×2) → P = 2; summary: lawsuit (−1) → N = 1 → (2 − 1) / 3
    expect(itemPolarity({ headline: 'ALFA beats', summary: 'a lawsuit looms' }, 2)).toBeCloseTo(1 / 3, 12);
    // weight 1: P = 1, N = 1 → 0
    expect(itemPolarity({ headline: 'ALFA beats', summary: 'a lawsuit looms' }, 1)).toBe(0);
    expect(itemPolarity({ headline: 'ALFA misses' }, 2)).toBe(-1);
    expect(itemPolarity({ headline: 'ALFA schedules a call' }, 2)).toBe(0);
  });
});
