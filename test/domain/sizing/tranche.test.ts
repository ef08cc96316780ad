import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { sizePosition } from '../../../src/domain/sizing/size.js';
import { trancheContracts } from '../../../src/domain/sizing/tranche.js';

const { rules, risk } = loadConfig({ sizing: { scaleIn: { enabled: true } } });
const on = rules.sizing.scaleIn;
const off = { ...on, enabled: false };

describe('trancheContracts: the entry sized as its first tranche', () => {
  it('seed: start 50 %: 4 → 2; an odd size rounds the first tranche down: 5 → 2', () => {
    expect(trancheContracts(4, 'first', on)).toEqual({ ok: true, value: 2, reasons: ['TRANCHE_FIRST'] });
    expect(trancheContracts(5, 'first', on)).toMatchObject({ value: 2 });
  });

  it('a single contract is all first tranche', () => {
    expect(trancheContracts(1, 'first', on)).toMatchObject({ ok: true, value: 1 });
  });

  it('with scaling in off, or no tranche asked, the entry is the full size', () => {
    expect(trancheContracts(5, 'first', off)).toEqual({ ok: true, value: 5, reasons: [] });
    expect(trancheContracts(5, undefined, on)).toEqual({ ok: true, value: 5, reasons: [] });
  });

  it('the first tranche is between 1 and the full size, whatever the share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.double({ min: 0, max: 1, noNaN: true }), (full, firstTranche) => {
        const first = trancheContracts(full, 'first', { enabled: true, firstTranche });
        if (!first.ok) throw new Error('first tranche denied');
        expect(first.value).toBeGreaterThanOrEqual(1);
        expect(first.value).toBeLessThanOrEqual(full);
      }),
    );
  });

  it('sizePosition splits the hard-capped size: seed swing 5 → 2 first (the position adds 3)', () => {
    const input = { equity: 182_000, premium: 2.5, multiplier: 100, tradeType: 'swing' as const };
    const first = sizePosition({ ...input, tranche: 'first' }, rules.sizing, risk);
    expect(first).toMatchObject({ ok: true, value: { fullContracts: 5, contracts: 2, maxLoss: 500 }, reasons: ['RISK_PCT', 'ATR_UNKNOWN', 'HARD_CAP', 'TRANCHE_FIRST'] });
  });
});
