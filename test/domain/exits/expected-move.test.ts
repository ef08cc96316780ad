import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/load.js';
import { evaluateExit } from '../../../src/domain/exits/evaluate.js';
import { expectedMove } from '../../../src/domain/exits/expected-move.js';
import { makeContract } from '../../../src/domain/values/contract.js';
import type { Position } from '../../../src/domain/values/position.js';
import type { ExitsConfig } from '../../../src/domain/config/schema.js';
import { bearCtx, cfg, ctx, pos, quoteAt, T0 } from './fixtures.js';

// A 3-DTE scalp: entered Monday 2025-12-01 (T0), expiring Thursday 2025-12-04, SPY at 500, entry IV 10 %.
// EM = 500 × 0.10 × √(3/365) = 50 × 0.0906597 = 4.53298 dollars; 0.5 EM = 2.26649, 0.75 EM = 3.39974.
// (3 sessions left on Monday: Tue, Wed, Thu; no pre-expiry exit.) Moves stay under the 0.8 % underlying target.
const EM = 4.53298;

function scalp(over: Partial<Position> = {}): Position {
  const right = over.direction === 'bearish' ? 'put' : 'call';
  return pos({ contract: makeContract({ underlying: 'SPY', expiry: '2025-12-04', right, strike: 500 }), entryIv: 0.1, ...over });
}

function run(p: Position, close: number, exits: ExitsConfig = cfg) {
  const c = p.direction === 'bearish' ? bearCtx({ close, quote: null, dte: undefined }) : ctx({ close, quote: null, dte: undefined });
  return evaluateExit(p, c, exits);
}

describe('expected move', () => {
  it('is S × IV × √T at entry, T the pricing years to expiry; undefined without an entry IV', () => {
    expect(expectedMove(scalp())).toBeCloseTo(EM, 4);
    // 30 days (fixture contract, 2025-12-31): 500 × 0.2 × √(30/365) = 100 × 0.2866911 = 28.66911.
    expect(expectedMove(pos({ entryIv: 0.2 }))).toBeCloseTo(28.66911, 4);
    expect(expectedMove(pos())).toBeUndefined();
  });

  it('first target at 0.5 EM, full exit at 0.75 EM, in the trade’s favour', () => {
    // 502.2: 2.2 / 4.53298 = 0.4853 < 0.5 → hold.
    expect(run(scalp(), 502.2).reasons).toEqual(['QUOTE_STALE_FALLBACK']);
    // 502.3: 2.3 / 4.53298 = 0.5074 → first target; progress 0.0296, f = 0.507 → 4-lot sells ceil(2) = 2.
    expect(run(scalp(), 502.3)).toMatchObject({ action: 'partial', qty: 2, reasons: ['EXPECTED_MOVE_TARGET', 'QUOTE_STALE_FALLBACK'] });
    // 503.5: 3.5 / 4.53298 = 0.7721 ≥ 0.75 → full exit.
    expect(run(scalp(), 503.5)).toMatchObject({ action: 'exit', qty: 4, reasons: ['EXPECTED_MOVE_TARGET_MAX', 'QUOTE_STALE_FALLBACK'] });
    // A move against the trade never is a target: 496.5 is 0.7721 EM against (and 0.7 % adverse).
    expect(run(scalp(), 496.5).reasons).not.toContain('EXPECTED_MOVE_TARGET_MAX');
  });

  it('bearish: the move down counts', () => {
    const put = scalp({ direction: 'bearish' });
    expect(run(put, 497.7)).toMatchObject({ action: 'partial', reasons: ['EXPECTED_MOVE_TARGET', 'QUOTE_STALE_FALLBACK'] });
    expect(run(put, 496.5)).toMatchObject({ action: 'exit', reasons: ['EXPECTED_MOVE_TARGET_MAX', 'QUOTE_STALE_FALLBACK'] });
  });

  it('the share sold grows with how far past 0.5 EM the partial fires (10 contracts)', () => {
    // 503.3: 3.3 / 4.53298 = 0.7280; progress (0.7280 − 0.5) / 0.25 = 0.912; f = 0.728 → floor(7.28) = 7.
    expect(run(scalp({ qty: 10, initialQty: 10 }), 503.3)).toMatchObject({ action: 'partial', qty: 7 });
  });

  it('after a partial only the full target remains', () => {
    const rest = scalp({ qty: 2, partialStage: 1, trailFloorPct: 0 });
    expect(run(rest, 502.3).action).toBe('hold');
    expect(run(rest, 503.5)).toMatchObject({ action: 'exit', qty: 2, reasons: ['EXPECTED_MOVE_TARGET_MAX', 'QUOTE_STALE_FALLBACK'] });
  });

  it('a take-profit needs the option in profit when a fresh quote says: an IV drop that leaves it losing is no target', () => {
    // 503.5 is 0.7721 EM in favour, but the option marks $1.80 against $2.00 paid (−10 %, not above +20 %).
    const losing = evaluateExit(scalp(), ctx({ close: 503.5, quote: quoteAt(1.8, { symbol: scalp().contract.symbol }), dte: undefined }), cfg);
    expect(losing.reasons).not.toContain('EXPECTED_MOVE_TARGET_MAX');
    expect(losing.reasons).not.toContain('EXPECTED_MOVE_TARGET');
    // Marked at $2.50 (+25 %): the same move is the full target.
    expect(evaluateExit(scalp(), ctx({ close: 503.5, quote: quoteAt(2.5, { symbol: scalp().contract.symbol }), dte: undefined }), cfg).reasons).toContain('EXPECTED_MOVE_TARGET_MAX');
  });

  it('skipped without an entry IV, or when disabled', () => {
    expect(run(scalp({ entryIv: undefined }), 503.5)).toMatchObject({ action: 'hold', reasons: ['QUOTE_STALE_FALLBACK'] });
    const off = loadConfig({ exits: { expectedMove: { enabled: false } } }).rules.exits;
    expect(run(scalp(), 503.5, off)).toMatchObject({ action: 'hold' });
  });

  it('config: min above max is refused', () => {
    expect(() => loadConfig({ exits: { expectedMove: { min: 0.8, max: 0.5 } } })).toThrow();
  });

  it('uses the time at entry, not now: a day later the same move is the same share', () => {
    const later = evaluateExit(scalp(), ctx({ now: T0 + 86_400_000, close: 503.5, quote: null, dte: undefined }), cfg);
    expect(later.reasons).toContain('EXPECTED_MOVE_TARGET_MAX');
  });
});
