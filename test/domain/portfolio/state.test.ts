import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import { makeExposure } from '../../../src/domain/portfolio/exposure.js';
import { emptyPortfolio, release, removePosition, reserve, settleFill, updateHeldPositions, upsertPosition } from '../../../src/domain/portfolio/state.js';
import { exposure, exposureArb, stateArb } from './arbitraries.js';

describe('portfolio state', () => {
  const base = emptyPortfolio(100_000);

  it('reserve then settleFill moves the filled part into the position', () => {
    const s = reserve(base, exposure({ id: 'th-1', qty: 3, capitalAtRisk: 750 }));
    const filled = settleFill(s, 'th-1', exposure({ id: 'pos-1', qty: 2, capitalAtRisk: 500 }));
    expect(filled.reservations.size).toBe(0);
    expect(filled.positions.get('pos-1')).toMatchObject({ qty: 2, capitalAtRisk: 500 });
  });

  it('settleFill adds to a held position (scale-in) and ignores a duplicate terminal event', () => {
    let s = upsertPosition(base, exposure({ qty: 2, capitalAtRisk: 500 }));
    s = reserve(s, exposure({ id: 'th-add', qty: 3, capitalAtRisk: 750 }));
    const once = settleFill(s, 'th-add', exposure({ qty: 3, capitalAtRisk: 750, delta: 0.6 }));
    expect(once.positions.get('pos-1')).toMatchObject({ qty: 5, capitalAtRisk: 1250, delta: 0.6 });
    expect(settleFill(once, 'th-add', exposure({ qty: 3, capitalAtRisk: 750 }))).toBe(once);
  });

  it('settleFill with nothing filled is a release', () => {
    const s = reserve(base, exposure({ id: 'th-1' }));
    expect(settleFill(s, 'th-1', undefined)).toEqual(base);
  });

  it('settleFill refuses a fill that does not match its position', () => {
    const s = reserve(upsertPosition(base, exposure()), exposure({ id: 'th-1' }));
    expect(() => settleFill(s, 'th-1', exposure({ symbol: 'QQQ250117C00420000' }))).toThrow(DomainError);
    expect(() => settleFill(s, 'th-1', exposure({ qty: -1 }))).toThrow(/upsertPosition/);
  });

  it('upsertPosition replaces, qty 0 removes; removePosition and release of unknown ids change nothing', () => {
    const s = upsertPosition(base, exposure());
    expect(upsertPosition(s, exposure({ qty: 1 })).positions.get('pos-1')?.qty).toBe(1);
    expect(upsertPosition(s, exposure({ qty: 0 })).positions.size).toBe(0);
    expect(removePosition(s, 'pos-1').positions.size).toBe(0);
    expect(removePosition(s, 'nope')).toBe(s);
    expect(release(s, 'nope')).toBe(s);
  });

  it.each([
    ['NaN delta', { delta: Number.NaN }],
    ['fractional qty', { qty: 1.5 }],
    ['negative capital at risk', { capitalAtRisk: -1 }],
    ['zero multiplier', { multiplier: 0 }],
    ['empty id', { id: '' }],
  ])('rejects an exposure with %s', (_name, patch) => {
    expect(() => makeExposure(exposure(patch))).toThrow(DomainError);
    expect(() => reserve(base, exposure(patch))).toThrow(DomainError);
  });

  it('reserve then release returns the original state, and never mutates it', () => {
    fc.assert(
      fc.property(stateArb, exposureArb(fc.constant('th-fresh')), (state, e) => {
        const snapshot = structuredClone(state);
        const reserved = reserve(state, e);
        expect(reserved.reservations.get('th-fresh')).toEqual(e);
        expect(release(reserved, 'th-fresh')).toEqual(snapshot);
        expect(state).toEqual(snapshot);
      }),
    );
  });
});

describe('updateHeldPositions', () => {
  const ex = (id: string, qty: number) => exposure({ id, qty });
  it('applies the latest exposures of held positions in one pass, removes qty 0, ignores the unknown', () => {
    const base = upsertPosition(upsertPosition(emptyPortfolio(100_000), ex('a', 2)), ex('b', 3));
    const next = updateHeldPositions(base, [ex('a', 1), ex('b', 0), ex('zombie', 5)]);
    expect([...next.positions.keys()]).toEqual(['a']);
    expect(next.positions.get('a')?.qty).toBe(1);
    expect(base.positions.get('b')?.qty).toBe(3); // the input is not changed
    expect(updateHeldPositions(base, [ex('zombie', 1)])).toBe(base);
  });
});
