import { describe, expect, it } from 'vitest';
import { updateTrail } from '../../../src/domain/exits/trailing.js';
import { cfg, pos } from './fixtures.js';

describe('updateTrail', () => {
  it('raises the bullish underlying peak and a long option peak, never lowers them', () => {
    const up = updateTrail(pos(), 503, 2.4, cfg.trailing).position;
    expect(up).toMatchObject({ peakUnderlying: 503, peakOptionPrice: 2.4 });
    const down = updateTrail(up, 501, 2.1, cfg.trailing).position;
    expect(down).toMatchObject({ peakUnderlying: 503, peakOptionPrice: 2.4 });
  });

  it('tracks the lowest close for bearish trades and the lowest mark for shorts', () => {
    const p = pos({ direction: 'bearish', side: 'short' });
    expect(updateTrail(p, 497, 1.6, cfg.trailing).position).toMatchObject({ peakUnderlying: 497, peakOptionPrice: 1.6 });
    expect(updateTrail(p, 503, 2.4, cfg.trailing).position).toMatchObject({ peakUnderlying: 500, peakOptionPrice: 2 });
  });

  it('arms the +50 % floor once the best mark is +100 %, and never lowers a floor', () => {
    const below = updateTrail(pos(), 500, 3.9, cfg.trailing);
    expect(below.armed).toBe(false);
    expect(below.position.trailFloorPct).toBeUndefined();
    expect(updateTrail(pos(), 500, 4, cfg.trailing)).toMatchObject({ armed: true, position: { trailFloorPct: 0.5 } });
    expect(updateTrail(pos({ trailFloorPct: 0.7 }), 500, 4.5, cfg.trailing)).toMatchObject({ armed: false, position: { trailFloorPct: 0.7 } });
    const short = pos({ side: 'short' });
    expect(updateTrail(short, 500, 0.01, cfg.trailing).armed).toBe(false);
  });

  it('leaves the option peak alone without a mark', () => {
    expect(updateTrail(pos({ peakOptionPrice: 3 }), 500, undefined, cfg.trailing).position.peakOptionPrice).toBe(3);
  });
});
