import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/load.js';
import { evaluateExit } from '../../../src/domain/exits/evaluate.js';
import { partialFraction, partialQty } from '../../../src/domain/exits/partial.js';
import { cfg, ctx, pos, run } from './fixtures.js';

describe('partial exits', () => {
  it('sells the smallest whole count at or above 50 %, leaving at least one to trail', () => {
    expect([1, 2, 3, 4, 5, 10].map((q) => partialQty(q, cfg.partial))).toEqual([1, 1, 2, 2, 3, 5]);
    const at70 = { ...cfg.partial, fraction: { min: 0.7, max: 0.75 } };
    expect(partialQty(10, at70)).toBe(7);
    expect(partialQty(2, { ...cfg.partial, fraction: { min: 1, max: 1 } })).toBe(1);
  });

  it('picks the share linearly in the 50–75 % band by progress past the first target', () => {
    // f = 0.5 + progress × (0.75 − 0.5), progress clamped to [0, 1].
    expect([0, 0.5, 1, 2, -1].map((t) => partialFraction(t, cfg.partial))).toEqual([0.5, 0.625, 0.75, 0.75, 0.5]);
  });

  it('rounds to whole contracts: down within the band, never below its minimum, keeping one to trail', () => {
    const at = (qty: number, progress: number) => partialQty(qty, cfg.partial, progress);
    // 1-lot: exits whole. 2-lot: ceil(2 × 0.5) = 1 and floor(2 × 0.75) = 1, so always 1.
    expect([at(1, 0), at(1, 1), at(2, 0), at(2, 1)]).toEqual([1, 1, 1, 1]);
    // 3-lot: ceil(1.5) = 2; floor(3 × 0.75) = floor(2.25) = 2 → 2 either way.
    expect([at(3, 0), at(3, 1)]).toEqual([2, 2]);
    // 4-lot: f = 0.5 → 2; f = 0.6 (progress 0.4) → floor(2.4) = 2; f = 0.74975 → floor(2.999) = 2; f = 0.75 → 3.
    expect([at(4, 0), at(4, 0.4), at(4, 0.999), at(4, 1)]).toEqual([2, 2, 2, 3]);
    // 10-lot: 5; f = 0.625 → floor(6.25) = 6; f = 0.75 → floor(7.5) = 7. 20-lot at 0.75: 15.
    expect([at(10, 0), at(10, 0.5), at(10, 1), at(20, 1)]).toEqual([5, 6, 7, 15]);
  });

  it('an underlying first target further past +0.8 % sells more (10 contracts, no quote)', () => {
    const at = (close: number) => run({ qty: 10, initialQty: 10 }, { close, quote: null });
    // +0.8 %: progress 0 → 5. +1.0 % (505): (0.010 − 0.008) / 0.004 = 0.5 → f = 0.625 → floor(6.25) = 6.
    // +1.16 % (505.8): (0.0116 − 0.008) / 0.004 = 0.9 → f = 0.725 → floor(7.25) = 7.
    expect([at(504), at(505), at(505.8)].map((d) => [d.action, d.qty])).toEqual([
      ['partial', 5],
      ['partial', 6],
      ['partial', 7],
    ]);
  });

  it('an option first target runs from its band target to the +100 % trail activation (10 contracts)', () => {
    // 5 DTE, no IV: target +35 %. Mark 3.30 on $2.00 entry: P/L +65 %; progress (0.65 − 0.35) / (1 − 0.35) = 0.4615;
    // f = 0.5 + 0.25 × 0.4615 = 0.6154 → floor(6.15) = 6. Mark 2.70 (+35 %): 5.
    expect(run({ qty: 10, initialQty: 10 }, { mark: 3.3, dte: 5 })).toMatchObject({ action: 'partial', qty: 6, reasons: ['OPTION_TARGET'] });
    expect(run({ qty: 10, initialQty: 10 }, { mark: 2.7, dte: 5 })).toMatchObject({ action: 'partial', qty: 5, reasons: ['OPTION_TARGET'] });
  });

  it('stays within [1, qty − 1] and at or above the band minimum for any lot of 2+', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 500 }), fc.double({ min: 0, max: 1, noNaN: true }), (qty, f) => {
        const n = partialQty(qty, { ...cfg.partial, fraction: { min: f, max: 1 } });
        expect(Number.isInteger(n)).toBe(true);
        expect(n).toBeGreaterThanOrEqual(1);
        expect(n).toBeLessThanOrEqual(qty - 1);
        if (n < qty - 1) expect(n).toBeGreaterThanOrEqual(qty * f - 1e-9);
      }),
    );
  });

  it('a 1-lot exits in full at the first target', () => {
    expect(run({ qty: 1, initialQty: 1 }, { mark: 2.7, dte: 5 })).toMatchObject({ action: 'exit', qty: 1, reasons: ['OPTION_TARGET'] });
  });

  it('with partials disabled the first target exits in full', () => {
    const off = loadConfig({ exits: { partial: { enabled: false } } }).rules.exits;
    expect(evaluateExit(pos(), ctx({ mark: 2.7, dte: 5 }), off)).toMatchObject({ action: 'exit', qty: 4 });
  });

  it('a full-exit rule beats a first target', () => {
    const d = run({}, { mark: 2.7, dte: 5, trend: 'down' });
    expect(d).toMatchObject({ action: 'exit', qty: 4 });
    expect(d.reasons).toEqual(['TREND_FLIP', 'OPTION_TARGET']);
    expect(d.position.partialStage).toBe(0);
  });

  it('sequence: partial at the first target, then trail the rest to the +50 % lock', () => {
    let p = pos();
    const step = (mark: number) => evaluateExit(p, ctx({ mark, dte: 5 }), cfg);

    const first = step(2.7);
    expect(first).toMatchObject({ action: 'partial', qty: 2, reasons: ['OPTION_TARGET'] });
    expect(first.position).toMatchObject({ partialStage: 1, trailFloorPct: 0, qty: 4 });
    p = { ...first.position, qty: first.position.qty - first.qty }; // the caller applies the fill

    const second = step(3.2);
    expect(second).toMatchObject({ action: 'hold', qty: 0 });
    p = second.position;
    expect(p.peakOptionPrice).toBeCloseTo(3.2, 12);

    const third = step(4.1);
    expect(third).toMatchObject({ action: 'hold', reasons: ['TRAIL_LOCK_ARMED'] });
    p = third.position;
    expect(p.trailFloorPct).toBe(0.5);

    const fourth = step(3.5);
    expect(fourth.action).toBe('hold');
    p = fourth.position;
    expect(p.peakOptionPrice).toBeCloseTo(4.1, 12);

    expect(step(3)).toMatchObject({ action: 'exit', qty: 2, reasons: ['TRAIL_FLOOR_HIT'] });
  });

  it('sequence: after a partial the rest is stopped at break-even', () => {
    const first = evaluateExit(pos(), ctx({ mark: 2.7, dte: 5 }), cfg);
    const rest = { ...first.position, qty: 2 };
    expect(evaluateExit(rest, ctx({ mark: 2.05, dte: 5 }), cfg).action).toBe('hold');
    expect(evaluateExit(rest, ctx({ mark: 2, dte: 5 }), cfg)).toMatchObject({ action: 'exit', qty: 2, reasons: ['TRAIL_FLOOR_HIT'] });
  });

  it('sequence on the underlying without quotes: partial at +0.8 %, trail the rest from the peak', () => {
    let p = pos();
    const step = (close: number) => evaluateExit(p, ctx({ close, quote: null }), cfg);
    expect(step(502).action).toBe('hold');
    const first = step(504);
    expect(first).toMatchObject({ action: 'partial', qty: 2, reasons: ['UNDERLYING_TARGET', 'QUOTE_STALE_FALLBACK'] });
    p = { ...first.position, qty: 2 };
    p = step(505).position;
    expect(p.peakUnderlying).toBe(505);
    expect(step(503).action).toBe('hold');
    expect(step(502.4)).toMatchObject({ action: 'exit', qty: 2, reasons: ['UNDERLYING_TRAIL_HIT', 'QUOTE_STALE_FALLBACK'] });
  });
});
