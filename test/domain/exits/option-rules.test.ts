import { describe, expect, it } from 'vitest';
import { cfg, ctx, pos, quoteAt, run, T0 } from './fixtures.js';
import { evaluateExit } from '../../../src/domain/exits/evaluate.js';
import { MINUTE_MS } from '../../../src/domain/values/time.js';

const greeks = (delta: number, theta: number) => ({ delta, gamma: 0.01, theta, vega: 0.1 });
const now = T0 + 5 * MINUTE_MS;

describe('option-price exits', () => {
  it('seed: a −2 % option move does NOT stop out', () => {
    const d = run({}, { mark: 1.96, dte: 5 });
    expect(d).toMatchObject({ action: 'hold', qty: 0, reasons: ['NO_EXIT_CONDITION'] });
    expect(d.mark).toBeCloseTo(1.96, 12);
  });

  it('seed: −25 % stops out at the minimum DTE, −24.5 % does not', () => {
    expect(run({}, { mark: 1.5, dte: 5 })).toMatchObject({ action: 'exit', qty: 4, reasons: ['OPTION_STOP'] });
    expect(run({}, { mark: 1.51, dte: 5 }).action).toBe('hold');
  });

  it('the stop widens to −40 % at long DTE', () => {
    expect(run({}, { mark: 1.5, dte: 45 }).reasons).not.toContain('OPTION_STOP');
    expect(run({}, { mark: 1.2, dte: 45 }).reasons).toContain('OPTION_STOP');
  });

  it('OPTION_TARGET at +35 % (min DTE) is a first target, +34.5 % is not', () => {
    expect(run({}, { mark: 2.7, dte: 5 })).toMatchObject({ action: 'partial', qty: 2, reasons: ['OPTION_TARGET'] });
    expect(run({}, { mark: 2.69, dte: 5 }).action).toBe('hold');
  });

  it('short positions mirror P/L: the option rising 25 % stops a short, falling 35 % is its target', () => {
    const short = { side: 'short', direction: 'bearish' } as const;
    expect(run(short, { mark: 2.5, dte: 5 }).reasons).toEqual(['OPTION_STOP']);
    expect(run(short, { mark: 2.49, dte: 5 }).action).toBe('hold');
    expect(run(short, { mark: 1.3, dte: 5 })).toMatchObject({ action: 'partial', reasons: ['OPTION_TARGET'] });
  });

  it('TRAIL_FLOOR_HIT: after +100 % the stop is at +50 %', () => {
    const armed = { peakOptionPrice: 4, partialStage: 1, qty: 2 };
    const hit = run(armed, { mark: 3 });
    expect(hit).toMatchObject({ action: 'exit', qty: 2, reasons: ['TRAIL_FLOOR_HIT', 'TRAIL_LOCK_ARMED'] });
    expect(hit.position.trailFloorPct).toBe(0.5);
    expect(run(armed, { mark: 3.02 })).toMatchObject({ action: 'hold', reasons: ['TRAIL_LOCK_ARMED'] });
  });

  it('the lock arms at +100 %, not at +99 %', () => {
    const below = run({ partialStage: 1, trailFloorPct: 0 }, { mark: 3.98 });
    expect(below).toMatchObject({ action: 'hold', reasons: ['NO_EXIT_CONDITION'] });
    expect(below.position.trailFloorPct).toBe(0);
    expect(below.position.peakOptionPrice).toBeCloseTo(3.98, 12);
    const at = run({ partialStage: 1, trailFloorPct: 0 }, { mark: 4 });
    expect(at).toMatchObject({ action: 'hold', reasons: ['TRAIL_LOCK_ARMED'] });
    expect(at.position.trailFloorPct).toBe(0.5);
  });

  it('DELTA_TAKE_PROFIT: a long with |delta| > 0.85; not at 0.85, never for a short', () => {
    expect(run({}, { quote: quoteAt(2, { ts: now, greeks: greeks(0.86, 0) }) }).reasons).toEqual(['DELTA_TAKE_PROFIT']);
    expect(run({}, { quote: quoteAt(2, { ts: now, greeks: greeks(-0.86, 0) }) }).reasons).toEqual(['DELTA_TAKE_PROFIT']);
    expect(run({}, { quote: quoteAt(2, { ts: now, greeks: greeks(0.85, 0) }) }).action).toBe('hold');
    expect(run({ side: 'short' }, { quote: quoteAt(2, { ts: now, greeks: greeks(0.9, 0) }) }).action).toBe('hold');
  });

  it('THETA_DECAY: a swing long losing > 5 % of its value per day; not at 5 %, never for a short or a day trade', () => {
    const swing = { tradeType: 'swing' } as const;
    expect(run(swing, { quote: quoteAt(2, { ts: now, greeks: greeks(0.5, -0.11) }) }).reasons).toEqual(['THETA_DECAY']);
    expect(run(swing, { quote: quoteAt(2, { ts: now, greeks: greeks(0.5, -0.1) }) }).action).toBe('hold');
    expect(run({ ...swing, side: 'short' }, { quote: quoteAt(2, { ts: now, greeks: greeks(0.5, -0.5) }) }).action).toBe('hold');
    expect(run({ tradeType: 'day' }, { quote: quoteAt(2, { ts: now, greeks: greeks(0.5, -0.5) }) }).action).toBe('hold');
  });

  it('VOL_SPIKE_AGAINST: a 30 % IV collapse for a long, a 30 % IV spike for a short', () => {
    const q = (iv: number) => ({ quote: quoteAt(2, { ts: now, iv }) });
    expect(run({ entryIv: 0.3 }, q(0.21)).reasons).toEqual(['VOL_SPIKE_AGAINST']);
    expect(run({ entryIv: 0.3 }, q(0.2101)).action).toBe('hold');
    expect(run({ entryIv: 0.3 }, q(0.6)).action).toBe('hold');
    expect(run({ entryIv: 0.3, side: 'short' }, q(0.39)).reasons).toEqual(['VOL_SPIKE_AGAINST']);
    expect(run({ entryIv: 0.3, side: 'short' }, q(0.389)).action).toBe('hold');
    expect(run({}, q(0.01)).action).toBe('hold');
  });

  it('a quote older than quoteMaxAgeMs is ignored: option rules are skipped', () => {
    const p = pos();
    const at = (age: number) => evaluateExit(p, ctx({ quote: quoteAt(1, { ts: now - age }), dte: 5 }), cfg);
    expect(at(cfg.quoteMaxAgeMs)).toMatchObject({ action: 'exit', reasons: ['OPTION_STOP'] });
    const stale = at(cfg.quoteMaxAgeMs + 1);
    expect(stale).toMatchObject({ action: 'hold', qty: 0, reasons: ['QUOTE_STALE_FALLBACK'] });
    expect(stale.mark).toBeUndefined();
    expect(stale.position.peakOptionPrice).toBe(2);
  });
});
