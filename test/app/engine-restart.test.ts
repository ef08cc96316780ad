import { afterEach, describe, expect, it } from 'vitest';
import { breakoutPath } from '../actors/fixtures/market.js';
import { eventually } from '../helpers/eventually.js';
import { LiveRig, type EngineChild } from './fixtures/live-rig.js';

describe('the live engine in a process of its own', () => {
  let rig: LiveRig | undefined;
  const engines: EngineChild[] = [];
  afterEach(async () => {
    await rig?.close(...engines);
    engines.length = 0;
  });

  it('opens a position from bars over JetStream, journals it, and takes it up again after a clean restart', async () => {
    rig = await LiveRig.start('sqlite');
    const first = rig.spawnEngine();
    engines.push(first);
    expect(await first.ready).toMatchObject({ halted: false });
    const { closes, volumes } = breakoutPath(500);
    for (let i = 0; i < closes.length; i++) {
      expect(await rig.play(first, { SPY: { close: closes[i] ?? 0, volume: volumes[i] ?? 0 } })).toBe('taken');
      if (rig.broker.positions().length > 0) break;
    }
    const held = rig.broker.positions();
    expect(held).toHaveLength(1);
    await eventually(async () => {
      const rows = await rig?.sql<{ symbol: string; open: number | boolean }>(`select "symbol", "open" from "position"`);
      expect(rows?.map((r) => [r.symbol, Boolean(r.open)])).toEqual([[held[0]?.contract.symbol, true]]);
    });
    await first.stop();
    const second = rig.spawnEngine();
    engines.push(second);
    expect(await second.ready).toMatchObject({ halted: false });
  }, 60_000);
});
