import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from './fixtures/harness.js';

let h: Harness | undefined;
afterEach(() => h?.stop());

/**
 * A stop-loss exit is a limit at the bid. In a thin contract the sim broker fills only part of it
 * per minute; when the market falls through the limit, the rest must not rest below it until the
 * close: after execution.exitRepriceMs it is cancelled and sent again at the current price.
 */
describe('a stop-loss exit that rests below the market', () => {
  it('is re-priced (or replaced) so the position does get flat', async () => {
    h = new Harness({ equity: 500_000 });
    const entry = await h.breakout();
    // let the whole entry fill at normal volume
    await h.bar('SPY', entry);
    const held = (await h.engine.portfolio()).positions[0]?.qty ?? 0;
    expect(held).toBeGreaterThan(2);
    h.market.optionVolume = 1000; // the contract gets thin: ~1 contract fills per minute
    let close = entry * 0.993; // the underlying stop (-0.6 %) fires
    await h.bar('SPY', close);
    expect(h.recorder.of('exit', true)).toHaveLength(1);
    // The underlying keeps falling for 30 minutes.
    for (let i = 0; i < 30; i++) await h.bar('SPY', (close *= 0.999));
    const exit = h.broker.orders().find((o) => o.clientOrderId.endsWith('-x1'));
    h.executor.endOfDay(h.clock.now());
    await h.engine.whenIdle();
    const left = h.broker.positions().reduce((s, p) => s + p.qty, 0);
    // The first exit order was re-priced (cancelled and sent again) instead of resting below the market.
    expect(exit?.status).toBe('canceled');
    expect(left).toBe(0);
  });
});
