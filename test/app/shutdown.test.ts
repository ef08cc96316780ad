import { afterEach, describe, expect, it } from 'vitest';
import { breakoutPath } from '../actors/fixtures/market.js';
import { LiveRig } from './fixtures/live-rig.js';

describe('stopping the live engine', () => {
  let rig: LiveRig | undefined;
  afterEach(async () => rig?.close());

  it('cancels the entry orders still working before it stops: the broker and the store both show them cancelled', async () => {
    const r = (rig = await LiveRig.start('sqlite'));
    // The broker prices options at twice the engine's volatility: an entry's limit, at the engine's
    // mid, is below the broker's ask and stays working.
    r.market.vol = 0.6;
    const engine = await r.startEngine();
    const { closes, volumes } = breakoutPath(500);
    for (let i = 0; i < closes.length && r.broker.orders().length === 0; i++) await r.play(engine, { SPY: { close: closes[i] ?? 0, volume: volumes[i] ?? 0 } });
    const [entry] = r.broker.orders();
    expect(entry).toMatchObject({ side: 'buy', status: 'accepted', cumQty: 0 });

    await engine.running.stop();
    expect(r.broker.orders()).toEqual([expect.objectContaining({ clientOrderId: entry?.clientOrderId, status: 'canceled', cumQty: 0 })]);
    const [stored] = await r.sql<{ status: string }>(`select "status" from "order_intent" where "client_order_id" = '${entry?.clientOrderId}'`);
    expect(stored?.status).toBe('canceled');
  }, 60_000);
});
