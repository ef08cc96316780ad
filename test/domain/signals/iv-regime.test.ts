import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/load.js';
import { ivBlockMask, ivRegime, premiumSideOf } from '../../../src/domain/signals/iv-regime.js';
import { DENY } from '../../../src/domain/signals/denials.js';

const cfg = loadConfig({}).rules.signals;

describe('ivRegime: the IV regime picks the premium side', () => {
  it('IV rank > 80 alone → short premium; exactly 80 (up to rounding) is not above', () => {
    expect(ivRegime(80.01, undefined, undefined, cfg)).toMatchObject({ side: 'short', rank: 'high', reasons: ['IV_RANK_HIGH', 'IV_VS_RV_UNKNOWN'] });
    expect(ivRegime(80, undefined, undefined, cfg)).toMatchObject({ side: 'both', rank: 'normal', reasons: ['IV_VS_RV_UNKNOWN'] });
    expect(ivRegime(80 + 1e-12, undefined, undefined, cfg).side).toBe('both');
  });

  it('IV rank < 20 alone → long premium; exactly 20 is normal', () => {
    expect(ivRegime(19.9, undefined, undefined, cfg)).toMatchObject({ side: 'long', rank: 'low', reasons: ['IV_RANK_LOW', 'IV_VS_RV_UNKNOWN'] });
    expect(ivRegime(20, undefined, undefined, cfg)).toMatchObject({ side: 'both', rank: 'normal' });
    expect(ivRegime(20 - 1e-12, undefined, undefined, cfg).side).toBe('both');
  });

  it('IV ≫ RV (IV/RV ≥ 1.25) alone → short; IV ≪ RV (≤ 0.8) alone → long; between → both', () => {
    // 0.3 / 0.2 = 1.5 ≥ 1.25
    const rich = ivRegime(50, 0.3, 0.2, cfg);
    expect(rich).toMatchObject({ side: 'short', rank: 'normal', pricing: 'rich', reasons: ['OPTIONS_RICH'] });
    expect(rich.ivToRealized).toBeCloseTo(1.5, 12);
    // At the boundaries, up to rounding: 0.0875 / 0.07 = 1.25 (1.2499999999999998 in doubles) is "at least"
    // 1.25: rich; 0.28 / 0.35 = 0.8 (0.8000000000000002 in doubles) is "at most" 0.8: cheap.
    expect(ivRegime(50, 0.0875, 0.07, cfg)).toMatchObject({ side: 'short', pricing: 'rich' });
    expect(ivRegime(50, 0.28, 0.35, cfg)).toMatchObject({ side: 'long', pricing: 'cheap', reasons: ['OPTIONS_CHEAP'] });
    expect(ivRegime(50, 0.2, 0.2, cfg)).toMatchObject({ side: 'both', pricing: 'fair', reasons: [] });
    expect(ivRegime(50, 0.249, 0.2, cfg).pricing).toBe('fair'); // 1.245
    expect(ivRegime(50, 0.161, 0.2, cfg).pricing).toBe('fair'); // 0.805
  });

  it('both favouring a side agree on it; one side with the other between keeps it', () => {
    expect(ivRegime(90, 0.3, 0.2, cfg)).toMatchObject({ side: 'short', reasons: ['IV_RANK_HIGH', 'OPTIONS_RICH'] });
    expect(ivRegime(10, 0.15, 0.2, cfg)).toMatchObject({ side: 'long', reasons: ['IV_RANK_LOW', 'OPTIONS_CHEAP'] });
    expect(ivRegime(90, 0.2, 0.2, cfg).side).toBe('short');
    expect(ivRegime(50, 0.15, 0.2, cfg).side).toBe('long');
  });

  it('the tie rule: rank and IV vs RV disagreeing → both, with IV_REGIME_MIXED', () => {
    expect(ivRegime(90, 0.15, 0.2, cfg)).toMatchObject({ side: 'both', reasons: ['IV_RANK_HIGH', 'OPTIONS_CHEAP', 'IV_REGIME_MIXED'] });
    expect(ivRegime(10, 0.3, 0.2, cfg)).toMatchObject({ side: 'both', reasons: ['IV_RANK_LOW', 'OPTIONS_RICH', 'IV_REGIME_MIXED'] });
  });

  it('skips unknown inputs with their reason: nothing known → both', () => {
    expect(ivRegime(undefined, undefined, 0.2, cfg)).toMatchObject({ side: 'both', reasons: ['IV_RANK_UNKNOWN', 'IV_VS_RV_UNKNOWN'] });
    expect(ivRegime(undefined, 0.3, 0.2, cfg)).toMatchObject({ side: 'short', reasons: ['IV_RANK_UNKNOWN', 'OPTIONS_RICH'] });
    expect(ivRegime(10, 0.2, 0, cfg)).toMatchObject({ side: 'long', pricing: 'unknown', reasons: ['IV_RANK_LOW', 'IV_VS_RV_UNKNOWN'] });
  });

  it('denies long premium only when the side is short, with the reasons that picked it', () => {
    expect(ivBlockMask('high', 'fair')).toBe(DENY.IV_RANK_HIGH);
    expect(ivBlockMask('unknown', 'rich')).toBe(DENY.OPTIONS_RICH);
    expect(ivBlockMask('high', 'rich')).toBe(DENY.IV_RANK_HIGH | DENY.OPTIONS_RICH);
    expect(ivBlockMask('high', 'cheap')).toBe(0);
    expect(ivBlockMask('low', 'cheap')).toBe(0);
    expect(premiumSideOf('normal', 'unknown')).toBe('both');
  });

  it('reads other thresholds from config', () => {
    const strict = loadConfig({ signals: { ivRegime: { high: 70, low: 30, richRatio: 1.1, cheapRatio: 0.9 } } }).rules.signals;
    expect(ivRegime(75, undefined, undefined, strict).side).toBe('short');
    expect(ivRegime(25, undefined, undefined, strict).side).toBe('long');
    expect(ivRegime(50, 0.23, 0.2, strict).side).toBe('short'); // 1.15 ≥ 1.1
    expect(ivRegime(50, 0.17, 0.2, strict).side).toBe('long'); // 0.85 ≤ 0.9
  });

  it('rejects out-of-range inputs', () => {
    expect(() => ivRegime(101, undefined, undefined, cfg)).toThrow(/ivRank must be a finite number in \[0, 100\]/);
    expect(() => ivRegime(50, Number.NaN, 0.2, cfg)).toThrow(/iv must be/);
    expect(() => ivRegime(50, 0.2, -1, cfg)).toThrow(/realizedVol must be/);
  });
});
