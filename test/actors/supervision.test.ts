import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from './fixtures/harness.js';

let h: Harness | undefined;
afterEach(() => h?.stop());

describe('a position actor that throws', () => {
  it('is restarted within its budget with its state and timers intact', async () => {
    h = new Harness();
    const entry = await h.breakout();
    await h.bar('SPY', entry);
    const before = (await h.engine.portfolio()).positions[0];
    const quote = h.market.quote(before?.symbol ?? '', h.clock.now());
    h.market.failures = 2; // the next two quotes crash the position actor
    if (quote) for (let i = 0; i < 2; i++) h.engine.onQuote(quote);
    await h.advance(1_000); // past the restart backoffs
    await h.advance(1_000);
    expect(h.runtime.metrics.crashes).toBe(2);
    expect(h.runtime.metrics.restarts).toBe(2);
    expect(h.engine.openPositions).toBe(1);
    expect((await h.engine.portfolio()).positions[0]).toEqual(before);
    // The 30-minute timer armed at entry still fires: nothing but the clock moves.
    await h.advance(31 * 60_000);
    expect(h.recorder.of('exit', true)[0]?.reasons).toContain('NO_FOLLOW_THROUGH');
  });

  it('past its budget the failure escalates to the supervisor, which records it', async () => {
    h = new Harness();
    const entry = await h.breakout();
    await h.bar('SPY', entry);
    const symbol = (await h.engine.portfolio()).positions[0]?.symbol ?? '';
    const quote = h.market.quote(symbol, h.clock.now());
    h.market.failures = 4; // one more than the 3 restarts allowed in 60 s
    for (let i = 0; i < 4 && quote; i++) {
      h.engine.onQuote(quote);
      await h.advance(1_000); // past each restart's backoff
    }
    expect(h.runtime.metrics.escalations).toBe(1);
    expect(h.engine.openPositions).toBe(0);
    const failed = h.recorder.of('supervision', false);
    expect(failed.map((e) => e.reasons)).toEqual([['POSITION_ACTOR_FAILED']]);
    expect(failed[0]?.underlying).toBe('SPY');
  });
});

describe('an underlying actor that throws', () => {
  it('past its budget it is spawned again on its next bar, and still feeds its open position', async () => {
    h = new Harness();
    const entry = await h.breakout();
    const filled = await h.bar('SPY', entry);
    expect(h.engine.openPositions).toBe(1);
    h.market.ivFailures = 4; // one more than the 3 restarts allowed in 60 s
    for (let i = 0; i < 4; i++) {
      h.engine.onBar(filled); // its IV lookup throws before the bar is even checked
      await h.advance(1_000); // past each restart's backoff
    }
    expect(h.recorder.of('supervision', false).map((e) => [e.reasons, e.underlying])).toEqual([[['UNDERLYING_ACTOR_FAILED'], 'SPY']]);
    expect(h.engine.openPositions).toBe(1);
    // The next bar spawns the underlying again; its bars must still reach the position, whose
    // exits they drive: a close far below SMA20 ends the bullish trade.
    await h.bar('SPY', entry * 0.95);
    expect(h.recorder.of('exit', true)).toHaveLength(1);
  });
});
