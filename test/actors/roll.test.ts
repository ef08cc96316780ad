import { afterEach, describe, expect, it } from 'vitest';
import type { RollAnswer, UnderlyingMsg } from '../../src/actors/messages.js';
import type { PositionSnapshot } from '../../src/actors/ports/position-journal.js';
import { seedFrom, snapshotOf } from '../../src/actors/position/journal.js';
import type { PositionState } from '../../src/actors/position/state.js';
import { callbackRef, tell, type ActorRef } from '../../src/actors/runtime/index.js';
import { Harness } from './fixtures/harness.js';
import { MINUTE, OPEN } from './fixtures/market.js';

/** The bar a journaled roll was decided on: 20 minutes into the session. */
const DECIDED = OPEN + 20 * MINUTE;

let h: Harness | undefined;
afterEach(() => h?.stop());

/**
 * Rolling longs on; every exit rule that would take profit before +50 % pushed out of reach, so the
 * long is held (by the exit rules) while it gains, and the roll is what acts on the gain.
 */
const config = {
  rolling: { longRolls: true },
  exits: {
    underlying: { targetPct: { min: 0.05, max: 0.06 }, trailPct: 0.05 },
    option: { targetPct: { min: 5, max: 6 } },
    expectedMove: { enabled: false },
    trailing: { activatePct: 5 },
    greeks: { deltaTakeProfit: 0.99, maxThetaPctOfValue: 0.99 },
  },
};

function ordersOf(x: Harness, suffix: RegExp) {
  return x.broker.orders().filter((o) => suffix.test(o.clientOrderId));
}

/** Runs the underlying up 0.1 % a minute until the long has been rolled (its close sent), at most 40 minutes. */
async function runUntilRolled(x: Harness, from: number): Promise<number> {
  let close = from;
  for (let i = 0; i < 40 && x.recorder.of('roll', true).length === 0; i++) {
    close *= 1.001;
    await x.bar('SPY', close);
  }
  return close;
}

describe('rolling longs, through the engine (seed: roll longs up to a higher strike to bank profits)', () => {
  it('closes a long up 50 % and opens a further-OTM call of the same expiry with the same quantity, through the risk gate', async () => {
    h = new Harness({ equity: 1_000_000, config });
    const entry = await h.breakout();
    await h.bar('SPY', entry); // the rest of the opening order fills
    const [open] = ordersOf(h, /-open$/);
    // $1,000,000 × 0.5 % = $5,000 buys more than 5 contracts of a ~$5 option: the hard cap 5.
    expect(open?.qty).toBe(5);
    const close = await runUntilRolled(h, entry);
    const [decided] = h.recorder.of('roll', true);
    expect(decided?.reasons).toContain('LONG_PROFIT_TARGET');
    // A few more minutes at the same price: the close fills, the open is handed over, reserved and filled.
    for (let i = 0; i < 4; i++) await h.bar('SPY', close);

    const closing = ordersOf(h, /-x1$/);
    expect(closing).toHaveLength(1);
    expect(closing[0]).toMatchObject({ side: 'sell', qty: 5, symbol: open?.symbol, status: 'filled' });
    const opens = ordersOf(h, /-open$/);
    expect(opens).toHaveLength(2);
    const rolled = opens[1];
    expect(rolled).toMatchObject({ side: 'buy', qty: 5, status: 'filled' });
    // Same underlying, right and expiry; a higher strike (OCC: the last 8 digits are the strike × 1000).
    expect(rolled?.symbol.slice(0, 13)).toBe(open?.symbol.slice(0, 13));
    expect(Number(rolled?.symbol.slice(-8))).toBeGreaterThan(Number(open?.symbol.slice(-8)));

    // The first trade is recorded as closed by the roll; the new position is open.
    expect(h.recorder.trades).toHaveLength(1);
    expect(h.recorder.trades[0]?.exitReasons).toEqual(expect.arrayContaining(['ROLL_CLOSE', 'LONG_PROFIT_TARGET']));
    expect(h.recorder.trades[0]?.qty).toBe(5);
    expect(h.engine.openPositions).toBe(1);
    // The open went through the portfolio's gate (a risk decision for its contract) and carries ROLL_OPEN.
    expect(h.recorder.of('risk', true).filter((e) => e.symbol === rolled?.symbol)).toHaveLength(1);
    const order = h.recorder.of('order', true).find((e) => e.symbol === rolled?.symbol);
    expect(order?.reasons).toEqual(expect.arrayContaining(['ROLL_OPEN', 'LONG_PROFIT_TARGET']));
    const portfolio = await h.engine.portfolio();
    expect(portfolio.positions.filter((p) => p.qty > 0).map((p) => [p.symbol, p.qty])).toEqual([[rolled?.symbol, 5]]);
    expect(portfolio.reservations).toHaveLength(0);

    // When the new position closes, its trade carries the roll's reasons: the report's strategy 'roll'.
    h.engine.haltEntries(['ENTRIES_HALTED']);
    for (let i = 0; i < 10 && h.engine.openPositions > 0; i++) await h.bar('SPY', close * 0.99);
    expect(h.recorder.trades).toHaveLength(2);
    expect(h.recorder.trades[1]?.entryReasons).toEqual(expect.arrayContaining(['ROLL_OPEN']));
  });

  it('the open denied by the risk gate: the close is done, nothing is opened, the denial is recorded', async () => {
    h = new Harness({ equity: 1_000_000, config });
    const entry = await h.breakout();
    await h.bar('SPY', entry);
    // Entries halted (as reconciliation does): the gate refuses every opening order, never a close.
    h.engine.haltEntries(['ENTRIES_HALTED']);
    const close = await runUntilRolled(h, entry);
    for (let i = 0; i < 4; i++) await h.bar('SPY', close);

    expect(ordersOf(h, /-x1$/)[0]).toMatchObject({ side: 'sell', qty: 5, status: 'filled' });
    expect(ordersOf(h, /-open$/)).toHaveLength(1);
    const denied = h.recorder.of('risk', false);
    expect(denied).toHaveLength(1);
    expect(denied[0]?.reasons).toEqual(['ROLL_OPEN_DENIED', 'ENTRIES_HALTED']);
    expect(h.recorder.trades).toHaveLength(1);
    expect(h.recorder.trades[0]?.exitReasons).toContain('ROLL_CLOSE');
    expect(h.engine.openPositions).toBe(0);
    const portfolio = await h.engine.portfolio();
    expect(portfolio.positions.filter((p) => p.qty > 0)).toHaveLength(0);
    expect(portfolio.reservations).toHaveLength(0);
  });

  it('off: the long is held through the same gain, and nothing is rolled', async () => {
    h = new Harness({ equity: 1_000_000, config: { ...config, rolling: { longRolls: false } } });
    const entry = await h.breakout();
    await h.bar('SPY', entry);
    let close = entry;
    for (let i = 0; i < 15; i++) await h.bar('SPY', (close *= 1.001));
    expect(h.recorder.of('roll')).toHaveLength(0);
    expect(ordersOf(h, /-x\d+$/)).toHaveLength(0);
    expect(h.engine.openPositions).toBe(1);
  });
});

describe('a restart between the legs of a roll', () => {
  it('a journaled position, flat with its roll not handed over, hands the open over on start; a resend opens nothing twice', async () => {
    const seed = seedFrom(JSON.parse(JSON.stringify(snapshotOf(flatWithRoll(), 9))) as PositionSnapshot);
    h = new Harness({ equity: 1_000_000, config, positions: [seed] });
    h.market.spot.set('SPY', 505);
    await h.bar('SPY', 505);
    await h.bar('SPY', 505);
    const opens = ordersOf(h, /-open$/);
    expect(opens).toHaveLength(1);
    // The open's id is the roll decision's bar: th-SPY-<DECIDED>-open, for the 505 call, as many as were closed.
    expect(opens[0]).toMatchObject({ clientOrderId: `th-SPY-${DECIDED}-open`, symbol: 'SPY250314C00505000', side: 'buy', qty: 5, status: 'filled' });
    // The rolled position's trade is recorded once the underlying took the open.
    expect(h.recorder.trades.map((t) => t.positionId)).toEqual(['SPY-1']);
    expect(h.engine.openPositions).toBe(1);

    // The same open handed over again (a second restart before the answer was journaled): taken, nothing sent.
    const answers: RollAnswer[] = [];
    const underlying = (h.engine as unknown as { underlying(t: string): ActorRef<UnderlyingMsg> }).underlying('SPY');
    const roll = flatWithRoll().roll;
    tell(underlying, { type: 'open-roll', symbol: roll?.symbol ?? '', multiplier: 100, qty: 5, rolledFrom: 'SPY-1', ts: DECIDED, spot: 505, reasons: roll?.reasons ?? [], correlationId: 'SPY-1', replyTo: callbackRef<RollAnswer>('test/$roll', (a) => answers.push(a)) });
    await h.engine.whenIdle();
    expect(answers).toEqual([{ type: 'roll-answer', taken: true }]);
    expect(ordersOf(h, /-open$/)).toHaveLength(1);
  });
});

describe('the roll state in the position journal', () => {
  const state = flatWithRoll();

  it('round-trips, and a flat position with its roll not yet handed over stays open', () => {
    const snapshot: PositionSnapshot = JSON.parse(JSON.stringify(snapshotOf(state, 9))) as PositionSnapshot;
    expect(snapshot.open).toBe(true);
    expect(seedFrom(snapshot).roll).toEqual(state.roll);
    const { roll: _roll, ...handed } = state;
    expect(snapshotOf(handed, 9).open).toBe(false);
  });

  it('refuses a roll missing a field, naming it', () => {
    const snapshot: PositionSnapshot = JSON.parse(JSON.stringify(snapshotOf(state, 9))) as PositionSnapshot;
    const bad = { ...snapshot, state: { ...(snapshot.state as object), roll: { symbol: 'SPY250314C00505000', decidedAt: DECIDED, reasons: [] } } };
    expect(() => seedFrom(bad)).toThrow(/roll\.qty/);
  });
});

/** A long SPY 500 call closed (5 contracts) by a roll decided on the bar at DECIDED into the 505 call, its open not yet handed over. */
function flatWithRoll(): PositionState {
  return {
    position: { id: 'SPY-1', contract: { underlying: 'SPY', expiry: '2025-03-14', right: 'call', strike: 500, multiplier: 100, symbol: 'SPY250314C00500000' }, side: 'long', tradeType: 'day', direction: 'bullish', qty: 0, initialQty: 5, entryPrice: 2, entryTs: OPEN, entryUnderlying: 500, peakOptionPrice: 3.1, peakUnderlying: 505, partialStage: 0 },
    greeks: { delta: 0.7, gamma: 0.05, theta: -0.3, vega: 0.12 },
    entryOrderId: 'th-SPY-1-open',
    entryWorking: false,
    entryReasons: ['BREAKOUT'],
    entryFees: 0.2,
    exitSeq: 1,
    exitQty: 5,
    exitNotional: 15.5,
    exitFees: 0.2,
    exitReasons: ['LONG_PROFIT_TARGET', 'ROLL_CLOSE'],
    deadlines: [],
    armed: true,
    roll: { symbol: 'SPY250314C00505000', qty: 5, decidedAt: DECIDED, reasons: ['ROLL_OPEN', 'LONG_PROFIT_TARGET'] },
  } as unknown as PositionState;
}
