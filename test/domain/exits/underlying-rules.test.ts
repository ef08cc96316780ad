import { describe, expect, it } from 'vitest';
import { run } from './fixtures.js';

const bearish = (over: object = {}) => ({ direction: 'bearish' as const, ...over });

describe('underlying exits', () => {
  it('SMA20_BREAK: a bullish close below SMA20 exits, a close at SMA20 does not', () => {
    expect(run({}, { close: 499.9, sma20: 500 }).reasons).toContain('SMA20_BREAK');
    expect(run({}, { close: 500, sma20: 500 }).reasons).not.toContain('SMA20_BREAK');
  });

  it('SMA20_BREAK mirrors for bearish trades: a close above SMA20 exits', () => {
    expect(run(bearish(), { close: 500.1, sma20: 500 }).reasons).toContain('SMA20_BREAK');
    expect(run(bearish(), { close: 500, sma20: 500 }).reasons).not.toContain('SMA20_BREAK');
  });

  it('TREND_FLIP: trend against the trade exits; flat is not a flip', () => {
    expect(run({}, { trend: 'down' })).toMatchObject({ action: 'exit', qty: 4 });
    expect(run({}, { trend: 'down' }).reasons).toContain('TREND_FLIP');
    expect(run({}, { trend: 'flat' }).action).toBe('hold');
    expect(run(bearish(), { trend: 'up' }).reasons).toContain('TREND_FLIP');
    expect(run(bearish(), { trend: 'flat' }).action).toBe('hold');
  });

  it('UNDERLYING_ADVERSE_MOVE at −0.6 % from entry, not at −0.598 %', () => {
    expect(run({}, { close: 497 }).reasons).toContain('UNDERLYING_ADVERSE_MOVE');
    expect(run({}, { close: 497.01 }).reasons).not.toContain('UNDERLYING_ADVERSE_MOVE');
    expect(run(bearish(), { close: 503 }).reasons).toContain('UNDERLYING_ADVERSE_MOVE');
    expect(run(bearish(), { close: 502.99 }).reasons).not.toContain('UNDERLYING_ADVERSE_MOVE');
  });

  it('UNDERLYING_TARGET at +0.8 % only with option profit > 20 %: a partial exit', () => {
    const d = run({}, { close: 504, mark: 2.5 });
    expect(d).toMatchObject({ action: 'partial', qty: 2, reasons: ['UNDERLYING_TARGET'] });
    expect(run({}, { close: 503.99, mark: 2.5 }).action).toBe('hold');
    expect(run({}, { close: 504, mark: 2.4 }).action).toBe('hold');
    expect(run(bearish(), { close: 496, mark: 2.5 }).reasons).toEqual(['UNDERLYING_TARGET']);
  });

  it('UNDERLYING_TARGET_MAX at +1.2 % exits in full, even after a partial', () => {
    expect(run({}, { close: 506, mark: 2.5 })).toMatchObject({ action: 'exit', qty: 4, reasons: ['UNDERLYING_TARGET_MAX'] });
    expect(run({ partialStage: 1, qty: 2 }, { close: 506, mark: 2.5 })).toMatchObject({ action: 'exit', qty: 2 });
    expect(run({}, { close: 505.99, mark: 2.5 }).reasons).toEqual(['UNDERLYING_TARGET']);
    expect(run({ partialStage: 1 }, { close: 505.99, mark: 2.5 }).action).toBe('hold');
  });

  it('UNDERLYING_TRAIL_HIT: gives back 0.5 % from a peak at least 0.5 % in favour', () => {
    expect(run({ peakUnderlying: 505 }, { close: 502.475 }).reasons).toContain('UNDERLYING_TRAIL_HIT');
    expect(run({ peakUnderlying: 505 }, { close: 502.5 }).reasons).not.toContain('UNDERLYING_TRAIL_HIT');
    expect(run({ peakUnderlying: 502.5 }, { close: 499.9875 }).reasons).toContain('UNDERLYING_TRAIL_HIT');
    // a peak only +0.4 % in favour has not armed the trail
    expect(run({ peakUnderlying: 502 }, { close: 499.49 }).reasons).not.toContain('UNDERLYING_TRAIL_HIT');
  });

  it('UNDERLYING_TRAIL_HIT mirrors for bearish trades (peak = lowest close)', () => {
    expect(run(bearish({ peakUnderlying: 495 }), { close: 497.475 }).reasons).toContain('UNDERLYING_TRAIL_HIT');
    expect(run(bearish({ peakUnderlying: 495 }), { close: 497.45 }).reasons).not.toContain('UNDERLYING_TRAIL_HIT');
  });
});
