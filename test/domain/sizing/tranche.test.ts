import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { sizePosition } from '../../../src/domain/sizing/size.js';
import { trancheContracts } from '../../../src/domain/sizing/tranche.js';

const { rules, risk } = loadConfig({ sizing: { scaleIn: { enabled: true } } });
const on = rules.sizing.scaleIn;
const off = { ...on, enabled: false };

describe('trancheContracts', () => {
  it('seed: start 50 %, add the rest on confirmation', () => {
    expect(trancheContracts(4, 'first', on)).toEqual({ ok: true, value: 2, reasons: ['TRANCHE_FIRST'] });
    expect(trancheContracts(4, 'add', on)).toEqual({ ok: true, value: 2, reasons: ['TRANCHE_ADD'] });
  });

  it('an odd size rounds the first tranche down and adds the remainder', () => {
    expect(trancheContracts(5, 'first', on)).toMatchObject({ value: 2 });
    expect(trancheContracts(5, 'add', on)).toMatchObject({ value: 3 });
  });

  it('a single contract is all first tranche: nothing to add', () => {
    expect(trancheContracts(1, 'first', on)).toMatchObject({ ok: true, value: 1 });
    expect(trancheContracts(1, 'add', on)).toEqual({ ok: false, reasons: ['NOTHING_TO_ADD'] });
  });

  it('with scaling in off: first is the full size, add is denied, no tranche is the full size', () => {
    expect(trancheContracts(5, 'first', off)).toEqual({ ok: true, value: 5, reasons: [] });
    expect(trancheContracts(5, 'add', off)).toEqual({ ok: false, reasons: ['SCALE_IN_DISABLED'] });
    expect(trancheContracts(5, undefined, on)).toEqual({ ok: true, value: 5, reasons: [] });
  });

  it('first + add always equals the full size, first ≥ 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.double({ min: 0, max: 1, noNaN: true }), (full, firstTranche) => {
        const c = { enabled: true, firstTranche };
        const first = trancheContracts(full, 'first', c);
        const add = trancheContracts(full, 'add', c);
        if (!first.ok) throw new Error('first tranche denied');
        expect(first.value).toBeGreaterThanOrEqual(1);
        expect(first.value + (add.ok ? add.value : 0)).toBe(full);
      }),
    );
  });

  it('sizePosition splits the hard-capped size: seed swing 5 → 2 then 3', () => {
    const input = { equity: 182_000, premium: 2.5, multiplier: 100, tradeType: 'swing' as const };
    const first = sizePosition({ ...input, tranche: 'first' }, rules.sizing, risk);
    expect(first).toMatchObject({ ok: true, value: { fullContracts: 5, contracts: 2, maxLoss: 500 }, reasons: ['RISK_PCT', 'ATR_UNKNOWN', 'HARD_CAP', 'TRANCHE_FIRST'] });
    expect(sizePosition({ ...input, tranche: 'add' }, rules.sizing, risk)).toMatchObject({ ok: true, value: { contracts: 3 } });
  });
});
