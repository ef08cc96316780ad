import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/actors/engine.js';
import type { OrderGatewayPort } from '../../src/actors/ports/order-gateway.js';
import { createRuntime, VirtualClock, type Runtime } from '../../src/actors/runtime/index.js';
import { loadConfig } from '../../src/domain/config/index.js';
import type { Execution } from '../../src/domain/values/execution.js';
import type { OrderIntent } from '../../src/domain/values/order.js';
import { InProcessExecutor } from '../../src/infra/executor/in-process.js';
import { SimBroker } from '../../src/infra/sim-broker/broker.js';
import { Recorder } from './fixtures/harness.js';
import { barAt, breakoutPath, MINUTE, OPEN, ScriptedMarket } from './fixtures/market.js';

/** The in-process executor, except that a cancel is acknowledged later (as a real broker may: pending_cancel). */
class SlowCancelGateway implements OrderGatewayPort {
  readonly cancels: string[] = [];
  constructor(readonly inner: InProcessExecutor) {}
  connect(on: (e: Execution) => void): void {
    this.inner.connect(on);
  }
  submit(intent: OrderIntent): void {
    this.inner.submit(intent);
  }
  cancel(id: string): void {
    this.cancels.push(id);
  }
  flush(): void {
    for (const id of this.cancels.splice(0)) this.inner.cancel(id);
  }
}

let runtime: Runtime | undefined;
afterEach(() => runtime?.stop());

/**
 * The tree on SPY with an entry that fills slowly (≈ 1 contract per minute), played along the
 * breakout path until the position opens from the entry's first fill.
 */
async function partlyFilledEntry(name: string) {
  const clock = new VirtualClock(OPEN);
  const market = new ScriptedMarket();
  market.optionVolume = 1000;
  const recorder = new Recorder();
  const broker = new SimBroker({ cash: 500_000 });
  const executor = new InProcessExecutor(broker, (s, now) => market.quote(s, now), () => clock.now());
  const gateway = new SlowCancelGateway(executor);
  runtime = createRuntime({ name, clock });
  const engine = Engine.start(runtime, { config: loadConfig({}), market, gateway, decisions: recorder, trades: recorder }, { tickers: ['SPY'], equity: 500_000 });
  let i = -1;
  let prev = 500;
  /** One minute: the bar closes at `close`, resting orders meet the new quotes, the tree reacts. */
  const bar = async (close: number, volume = 1000, beforeBar?: () => void) => {
    i++;
    const b = barAt('SPY', i, prev, close, volume);
    prev = close;
    clock.advanceTo(b.ts + MINUTE);
    market.spot.set('SPY', close);
    executor.work(clock.now());
    await engine.whenIdle();
    beforeBar?.();
    engine.onBar(b);
    await engine.whenIdle();
  };
  const { closes, volumes } = breakoutPath(500);
  for (let k = 0; k < closes.length && engine.openPositions === 0; k++) await bar(closes[k] ?? 500, volumes[k]);
  expect(engine.openPositions).toBe(1);
  expect((await engine.portfolio()).reservations).toHaveLength(1);
  // The stop: the position cancels the entry's rest and sells what filled (volume back up, so the
  // sell fills at once); the cancel is held by the gateway.
  await bar(prev * 0.99, 1000, () => (market.optionVolume = 100_000));
  expect(gateway.cancels).toHaveLength(1);
  return { clock, executor, gateway, engine, broker, recorder, bar, last: () => prev };
}

/**
 * The entry order is partially filled (the position opened from the first fill; the portfolio
 * still holds the reservation). The stop fires: the position cancels the rest of the entry and
 * sells what it holds. The sell fills before the cancel is acknowledged, so the position is flat
 * before its opening order settles.
 */
describe('an exit that fills before the entry cancel is acknowledged', () => {
  it('leaves no ghost position in the portfolio', async () => {
    const { gateway, engine, broker, recorder } = await partlyFilledEntry('ghost');
    gateway.flush(); // the cancel is acknowledged after the exit fill
    await engine.whenIdle();
    expect(engine.openPositions).toBe(0);
    expect(recorder.trades).toHaveLength(1);
    expect(broker.positions()).toHaveLength(0);
    const snap = await engine.portfolio();
    expect(snap.reservations).toHaveLength(0);
    expect(snap.positions).toEqual([]); // fails: a ghost position with the filled qty
  });

  it('counts the position again when the rest of the entry fills after the position went flat', async () => {
    const { clock, executor, engine, broker, bar, last } = await partlyFilledEntry('regrown');
    // Before the cancel reaches the broker, the rest of the entry fills: the position holds again.
    clock.advanceTo(clock.now() + MINUTE);
    executor.work(clock.now());
    await engine.whenIdle();
    const [held] = broker.positions();
    expect(held?.qty).toBeGreaterThan(0);
    expect(engine.openPositions).toBe(1);
    // The entry has settled; the position's report of its late fill puts it back in the book.
    const snap = await engine.portfolio();
    expect(snap.reservations).toEqual([]);
    expect(snap.positions.map((p) => [p.symbol, p.qty])).toEqual([[held?.contract.symbol, held?.qty]]);
    expect(snap.greeks.capitalAtRisk).toBeGreaterThan(0);
    // Still under its exit rules, the position sells again on the next bar and leaves the book.
    await bar(last());
    expect(broker.positions()).toHaveLength(0);
    expect((await engine.portfolio()).positions).toEqual([]);
  });
});
