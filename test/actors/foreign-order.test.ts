import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/actors/engine.js';
import type { OrderGatewayPort } from '../../src/actors/ports/order-gateway.js';
import { createRuntime, VirtualClock, type Runtime } from '../../src/actors/runtime/index.js';
import { loadConfig } from '../../src/domain/config/index.js';
import type { Execution } from '../../src/domain/values/execution.js';
import { recordingLogger } from '../helpers/logger.js';
import { Recorder } from './fixtures/harness.js';
import { OPEN, ScriptedMarket } from './fixtures/market.js';

let runtime: Runtime | undefined;
afterEach(() => runtime?.stop());

describe('an execution of an order Thetis did not place', () => {
  it('(a broker liquidation) is recorded loudly as FOREIGN_ORDER and crashes nothing', async () => {
    let deliver: (e: Execution) => void = () => undefined;
    const port: OrderGatewayPort = { connect: (h) => (deliver = h), submit: () => undefined, cancel: () => undefined };
    const logs = recordingLogger();
    const recorder = new Recorder();
    runtime = createRuntime({ name: 'test', clock: new VirtualClock(OPEN), logger: logs });
    Engine.start(runtime, { config: loadConfig({}), market: new ScriptedMarket(), gateway: port, decisions: recorder, trades: recorder }, { tickers: ['SPY'], equity: 100_000 });
    deliver({ clientOrderId: 'a7f3c2d1-liquidation', correlationId: 'a7f3c2d1-liquidation', symbol: 'SPY251219C00500000', side: 'sell', status: 'filled', fillQty: 2, fillPrice: 0.4, cumQty: 2, avgFillPrice: 0.4, fees: 0, ts: OPEN });
    await runtime.whenIdle();
    expect(recorder.of('execution', false)).toMatchObject([{ underlying: 'SPY', symbol: 'SPY251219C00500000', reasons: ['FOREIGN_ORDER'] }]);
    expect(logs.entries.map((e) => e.msg)).toEqual(['execution of an order Thetis did not place']);
    expect(runtime.metrics.crashes).toBe(0);
  });
});
