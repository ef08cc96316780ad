import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/load.js';
import { ivRegime } from '../../../src/domain/signals/iv-regime.js';

const cfg = loadConfig({}).rules.signals;

describe('ivRegime', () => {
  it('IV rank > 80 blocks long premium; exactly 80 does not', () => {
    expect(ivRegime(80.01, undefined, undefined, cfg)).toMatchObject({ rank: 'high', blocking: ['IV_RANK_HIGH'] });
    expect(ivRegime(80, undefined, undefined, cfg)).toMatchObject({ rank: 'normal', blocking: [] });
  });

  it('IV rank < 20 is a note (avoid short), not a block; exactly 20 is normal', () => {
    expect(ivRegime(19.9, undefined, undefined, cfg)).toMatchObject({ rank: 'low', blocking: [] });
    expect(ivRegime(19.9, undefined, undefined, cfg).reasons).toContain('IV_RANK_LOW');
    expect(ivRegime(20, undefined, undefined, cfg).rank).toBe('normal');
  });

  it('classifies IV against realized vol: rich, cheap, fair, unknown', () => {
    const rich = ivRegime(50, 0.3, 0.2, cfg);
    expect(rich).toMatchObject({ rank: 'normal', pricing: 'rich', blocking: [], reasons: ['OPTIONS_RICH'] });
    expect(rich.ivToRealized).toBeCloseTo(1.5, 12);
    expect(ivRegime(50, 0.15, 0.2, cfg)).toMatchObject({ pricing: 'cheap', reasons: ['OPTIONS_CHEAP'] });
    expect(ivRegime(50, 0.2, 0.2, cfg)).toMatchObject({ pricing: 'fair', reasons: [] });
    expect(ivRegime(50, 0.2, 0, cfg)).toMatchObject({ pricing: 'unknown', reasons: ['IV_VS_RV_UNKNOWN'] });
    expect(ivRegime(undefined, undefined, 0.2, cfg).reasons).toEqual(['IV_RANK_UNKNOWN', 'IV_VS_RV_UNKNOWN']);
  });

  it('rich options block long premium only when denyLongWhenRich is set', () => {
    const strict = loadConfig({ signals: { ivRegime: { denyLongWhenRich: true } } }).rules.signals;
    expect(ivRegime(50, 0.3, 0.2, strict).blocking).toEqual(['OPTIONS_RICH']);
    expect(ivRegime(85, 0.3, 0.2, strict).blocking).toEqual(['IV_RANK_HIGH', 'OPTIONS_RICH']);
  });

  it('rejects out-of-range inputs', () => {
    expect(() => ivRegime(101, undefined, undefined, cfg)).toThrow(/ivRank must be a finite number in \[0, 100\]/);
    expect(() => ivRegime(50, Number.NaN, 0.2, cfg)).toThrow(/iv must be/);
    expect(() => ivRegime(50, 0.2, -1, cfg)).toThrow(/realizedVol must be/);
  });
});
