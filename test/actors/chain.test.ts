import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from './fixtures/harness.js';
import { entryOrderId } from '../../src/domain/intents/ids.js';
import { makeContract } from '../../src/domain/values/contract.js';
import { makePosition } from '../../src/domain/values/position.js';
import { breakoutPath, EXPIRY, OPEN } from './fixtures/market.js';

let h: Harness | undefined;
afterEach(() => h?.stop());

describe('the actor tree, bar to exit', () => {
  it('bars trigger an entry, approval, an order, a fill and a position actor', async () => {
    h = new Harness();
    await h.breakout();
    const signal = h.recorder.of('signal', true)[0];
    expect(signal?.reasons).toContain('BREAKOUT_CONFIRMED');
    expect(h.recorder.of('selection', true)).toHaveLength(1);
    expect(h.recorder.of('risk', true)[0]?.reasons).toContain('WITHIN_LIMITS');
    const order = h.recorder.of('order', true)[0];
    expect(order?.symbol).toMatch(/^SPY250314C/);
    expect(h.recorder.of('execution', true)[0]?.reasons).toEqual(['ENTRY_FILLED']);
    const snap = await h.engine.portfolio();
    expect(snap.positions).toHaveLength(1);
    expect(snap.reservations).toHaveLength(0);
    expect(snap.positions[0]?.qty).toBeGreaterThan(0);
    expect(snap.greeks.netDeltaShares).toBeGreaterThan(0);
    // One correlation id follows the chain from the bar to the order.
    expect(order?.correlationId).toBe(signal?.correlationId);
  });

  it('a stop: the underlying falls 0.6 % and the position is closed at a loss', async () => {
    h = new Harness();
    const entry = await h.breakout();
    await h.bar('SPY', entry * 0.993);
    await h.bar('SPY', entry * 0.993);
    expect(h.recorder.trades).toHaveLength(1);
    const t = h.recorder.trades[0];
    expect(t?.exitReasons).toContain('UNDERLYING_ADVERSE_MOVE');
    expect(t?.pnl).toBeLessThan(0);
    expect(h.engine.openPositions).toBe(0);
    expect((await h.engine.portfolio()).positions).toHaveLength(0);
  });

  it('a target: a partial at the first target, then the rest on the trail', async () => {
    h = new Harness({ equity: 500_000 });
    const entry = await h.breakout();
    const full = (await h.engine.portfolio()).positions[0]?.qty ?? 0;
    expect(full).toBeGreaterThan(1);
    let close = entry;
    while (h.recorder.of('exit').length === 0) await h.bar('SPY', (close *= 1.001), 3000);
    expect(h.recorder.of('exit')[0]?.reasons.some((r) => r === 'UNDERLYING_TARGET' || r === 'OPTION_TARGET')).toBe(true);
    await h.bar('SPY', close);
    const held = (await h.engine.portfolio()).positions[0]?.qty ?? 0;
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(full);
    // The underlying gives back more than the trail allows: the rest goes, the round trip is a winner.
    for (let i = 0; i < 10 && h.engine.openPositions > 0; i++) await h.bar('SPY', (close *= 0.998));
    expect(h.engine.openPositions).toBe(0);
    const t = h.recorder.trades[0];
    expect(t?.qty).toBe(full);
    expect(t?.pnl).toBeGreaterThan(0);
    expect(h.recorder.of('exit', true).map((e) => e.reasons)).toEqual([['UNDERLYING_TARGET'], ['UNDERLYING_TRAIL_HIT']]);
  });

  it('time: no follow-through within 30 minutes closes a day trade', async () => {
    h = new Harness();
    const entry = await h.breakout();
    for (let i = 0; i < 35 && h.engine.openPositions > 0; i++) await h.bar('SPY', entry);
    expect(h.recorder.trades[0]?.exitReasons).toContain('NO_FOLLOW_THROUGH');
  });

  it('a timer fires the time exit even when no bar comes', async () => {
    h = new Harness();
    const entry = await h.breakout();
    await h.bar('SPY', entry);
    await h.advance(31 * 60_000);
    expect(h.recorder.of('exit', true)[0]?.reasons).toContain('NO_FOLLOW_THROUGH');
  });

  it('a thin market fills the entry over several minutes; the position grows with each fill', async () => {
    h = new Harness({ equity: 500_000 });
    h.market.optionVolume = 1000; // ≈ 1 contract per minute
    const entry = await h.breakout();
    const ordered = (await h.engine.portfolio()).reservations[0]?.qty ?? 0;
    expect(ordered).toBeGreaterThan(1);
    // The resting limit fills as the quote comes back to it, one contract a minute.
    for (let i = 0; i < ordered + 1; i++) await h.bar('SPY', entry * 0.9999);
    const snap = await h.engine.portfolio();
    expect(snap.reservations).toHaveLength(0);
    expect(snap.positions[0]?.qty).toBe(ordered);
  });
});

describe('expiry', () => {
  it('a long is closed two days before its expiry', async () => {
    // Selection normally refuses a long already inside its exit window (minSessionsLeft 3): opened up here.
    h = new Harness({ config: { selection: { dte: { day: { min: 2, max: 6 }, minSessionsLeft: 2 } } } });
    h.market.expiry = '2025-03-13'; // Thursday: 2 DTE, 2 sessions left (Wed, Thu) on Tuesday
    await h.breakout();
    await h.bar('SPY', h.market.spot.get('SPY') ?? 0);
    expect(h.recorder.of('exit', true)[0]?.reasons).toContain('LONG_BEFORE_EXPIRY');
  });
});

describe('IV regime', () => {
  it('an entry signal is denied when IV rank is high (IV_RANK_HIGH), from the daily ATM IV the underlying actor tracks', async () => {
    h = new Harness({ config: { indicators: { ivRankLookback: 3, ivRankMinObservations: 3 } } });
    h.market.spot.set('SPY', 500);
    for (const vol of [0.2, 0.22]) {
      h.market.vol = vol;
      await h.bar('SPY', 500);
      h.nextDay('SPY');
    }
    h.market.vol = 0.6; // today's IV is the highest of the lookback: rank 100
    const { closes, volumes } = breakoutPath(500);
    for (let i = 0; i < closes.length; i++) await h.bar('SPY', closes[i] ?? 500, volumes[i]);
    expect(h.engine.openPositions).toBe(0);
    const denied = h.recorder.of('signal', false).filter((e) => e.reasons.includes('IV_RANK_HIGH'));
    expect(denied.length).toBeGreaterThan(0);
    expect(h.recorder.of('order')).toHaveLength(0);
  });
});

describe('start-up from a positions source', () => {
  it('spawns a position actor per open position, in the portfolio, with its exit timers re-armed', async () => {
    const contract = makeContract({ underlying: 'SPY', expiry: EXPIRY, right: 'call', strike: 500 });
    const position = makePosition({
      id: `SPY-${OPEN - 60_000}`,
      contract,
      side: 'long',
      tradeType: 'day',
      direction: 'bullish',
      qty: 2,
      initialQty: 2,
      entryPrice: 6,
      entryTs: OPEN,
      entryUnderlying: 500,
      peakOptionPrice: 6,
      peakUnderlying: 500,
      partialStage: 0,
    });
    h = new Harness({
      positions: [
        {
          position,
          greeks: { delta: 0.52, gamma: 0.03, theta: -0.9, vega: 0.18 },
          entryOrderId: entryOrderId('SPY', OPEN - 60_000),
          entryWorking: false,
          entryReasons: ['RESTORED'],
          entryFees: 0,
        },
      ],
    });
    await h.engine.whenIdle();
    expect(h.engine.openPositions).toBe(1);
    const held = (await h.engine.portfolio()).positions;
    expect(held.map((p) => [p.id, p.qty, p.capitalAtRisk])).toEqual([[position.id, 2, 1200]]);
    h.market.spot.set('SPY', 500);
    await h.bar('SPY', 500);
    await h.advance(31 * 60_000); // the 30-minute deadline armed from the restored entry time
    expect(h.recorder.of('exit', true)[0]?.reasons).toContain('NO_FOLLOW_THROUGH');
  });
});

describe('bad bars', () => {
  it('a duplicate or out-of-order bar is rejected with its reason and changes nothing', async () => {
    h = new Harness();
    const first = await h.bar('SPY', 500);
    const second = await h.bar('SPY', 500.5);
    const signals = h.recorder.of('signal').length;
    h.engine.onBar(second);
    h.engine.onBar(first);
    await h.engine.whenIdle();
    expect(h.recorder.of('bar', false).map((e) => e.reasons)).toEqual([['DUPLICATE_BAR'], ['OUT_OF_ORDER_BAR']]);
    expect(h.recorder.of('signal')).toHaveLength(signals);
    // The next bar in sequence is accepted as if nothing had happened.
    await h.bar('SPY', 501);
    expect(h.recorder.of('signal')).toHaveLength(signals + 1);
  });
});

describe('an exit while the entry order is still working', () => {
  it('cancels the unfilled rest of the entry, closes what filled, and records one round trip', async () => {
    h = new Harness({ equity: 500_000 });
    h.market.optionVolume = 1000; // ≈ 1 contract per minute
    const entry = await h.breakout();
    const ordered = (await h.engine.portfolio()).reservations[0]?.qty ?? 0;
    expect(ordered).toBeGreaterThan(1);
    // The underlying drops at once: the stop fires while most of the entry is unfilled.
    await h.bar('SPY', entry * 0.99);
    for (let i = 0; i < 5 && h.engine.openPositions > 0; i++) await h.bar('SPY', entry * 0.99);
    expect(h.engine.openPositions).toBe(0);
    const entryOrder = h.broker.orders().find((o) => o.clientOrderId.endsWith('-open'));
    expect(entryOrder?.status).toBe('canceled');
    expect(entryOrder?.cumQty).toBeLessThan(ordered);
    const [trade] = h.recorder.trades;
    expect(h.recorder.trades).toHaveLength(1);
    expect(trade?.qty).toBe(entryOrder?.cumQty);
    const snap = await h.engine.portfolio();
    expect(snap.positions).toHaveLength(0);
    expect(snap.reservations).toHaveLength(0);
  });
});
