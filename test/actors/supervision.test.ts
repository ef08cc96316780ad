import { afterEach, describe, expect, it } from 'vitest';
import { entryOrderId } from '../../src/domain/intents/ids.js';
import { makeContract } from '../../src/domain/values/contract.js';
import { makeOrderIntent } from '../../src/domain/values/order.js';
import { Harness } from './fixtures/harness.js';
import { breakoutPath, EXPIRY } from './fixtures/market.js';

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
  it('past its budget it is spawned again at once, and still feeds its open position', async () => {
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
    // The new underlying actor's bars must still reach the position, whose exits they drive.
    await h.bar('SPY', entry * 0.95);
    expect(h.recorder.of('exit', true)).toHaveLength(1);
  });
});

describe('an opening order its underlying actor no longer holds', () => {
  it('is cancelled while working, and recorded loudly', async () => {
    // As after the actor failed past its budget and was spawned again: the broker works an entry
    // order of SPY's that the (new) actor has no record of.
    h = new Harness();
    h.market.spot.set('SPY', 500);
    await h.bar('SPY', 500);
    const now = h.clock.now();
    const contract = makeContract({ underlying: 'SPY', expiry: EXPIRY, right: 'call', strike: 500 });
    const clientOrderId = entryOrderId('SPY', now - 60_000);
    const limitPrice = 0.05; // far below the ask: it rests
    h.executor.submit(makeOrderIntent({ clientOrderId, correlationId: 'lost', underlying: 'SPY', symbol: contract.symbol, side: 'buy', effect: 'open', type: 'limit', limitPrice, qty: 2, timeInForce: 'day', reasons: ['X'], ts: now }));
    await h.engine.whenIdle();
    expect(h.broker.orders().find((o) => o.clientOrderId === clientOrderId)?.status).toBe('canceled');
    const recorded = h.recorder.of('execution', false).map((e) => e.reasons[0]);
    expect(recorded).toEqual(['ORPHANED_ENTRY', 'ORPHANED_ENTRY']); // accepted, then cancelled
    expect(h.recorder.of('execution', false).every((e) => e.underlying === 'SPY' && e.symbol === contract.symbol)).toBe(true);
  });
});

describe('an underlying actor that fails with its entry order working', () => {
  it('is spawned again at once: the final execution of its order reaches the new actor, which gives back the risk reservation', async () => {
    h = new Harness({ config: { execution: { limitOffsetOfHalfSpread: 0 } } }); // a buy at mid rests
    const { closes, volumes } = breakoutPath(500);
    let last;
    for (let i = 0; i < closes.length && h.recorder.of('order', true).length === 0; i++) last = await h.bar('SPY', closes[i] ?? 500, volumes[i]);
    const [order] = h.broker.orders();
    expect(order?.status).toBe('accepted');
    expect((await h.engine.portfolio()).reservations.map((r) => r.id)).toEqual([order?.clientOrderId]);
    h.market.ivFailures = 4;
    for (let i = 0; i < 4 && last; i++) {
      h.engine.onBar(last);
      await h.advance(1_000);
    }
    expect(h.recorder.of('supervision', false).map((e) => e.reasons)).toEqual([['UNDERLYING_ACTOR_FAILED']]);
    // The order expires at the close with nothing filled: the new actor never sent it, and says so.
    h.executor.endOfDay(h.clock.now());
    await h.engine.whenIdle();
    expect(h.recorder.of('execution', false).map((e) => e.reasons)).toEqual([['ORPHANED_ENTRY']]);
    expect((await h.engine.portfolio()).reservations).toEqual([]);
  });
});
