import { describe, expect, it } from 'vitest';
import { newsItemOf } from '../../../../src/infra/alpaca/market/news.js';

describe('newsItemOf: Alpaca\'s news wire shape → a NewsItem', () => {
  it('takes an article as REST sends it (id a number, created_at RFC-3339), extra fields ignored', () => {
    const wire = { id: 24843171, headline: 'ALFA beats', author: 'Benzinga', created_at: '2025-06-02T13:45:10Z', updated_at: '2025-06-02T13:45:11Z', summary: 'Q2', content: '', url: '', images: [], symbols: ['ALFA', 'BRVO'], source: 'benzinga' };
    expect(newsItemOf(wire)).toEqual({ id: '24843171', ts: Date.UTC(2025, 5, 2, 13, 45, 10), headline: 'ALFA beats', summary: 'Q2', symbols: ['ALFA', 'BRVO'] });
    // An empty summary is no summary; a 64-bit id as a digit string keeps its digits.
    expect(newsItemOf({ ...wire, id: '9007199254740993', summary: '' })).toMatchObject({ id: '9007199254740993' });
    expect(newsItemOf({ ...wire, summary: '' })).not.toHaveProperty('summary');
  });

  it('refuses what cannot be read, saying why', () => {
    expect(newsItemOf({ id: 1, headline: '', created_at: '2025-06-02T13:45:10Z', symbols: [] })).toMatch(/^headline: /);
    expect(newsItemOf({ id: 1, headline: 'x', created_at: 'yesterday', symbols: [] })).toMatch(/created_at: not an RFC-3339 time/);
    expect(newsItemOf({ headline: 'x', created_at: '2025-06-02T13:45:10Z' })).toMatch(/^id: /);
    expect(newsItemOf(null)).toMatch(/\(item\)/);
  });
});
