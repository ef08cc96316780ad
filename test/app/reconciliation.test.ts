import { afterEach, describe, expect, it } from 'vitest';
import { formatStatus, readStatus } from '../../src/app/status.js';
import { loadConfig } from '../../src/domain/config/index.js';
import { makeOrderIntent } from '../../src/domain/values/order.js';
import { parseOcc } from '../../src/domain/values/contract.js';
import { breakoutPath } from '../actors/fixtures/market.js';
import { eventually } from '../helpers/eventually.js';
import { DIALECTS } from '../infra/db/databases.js';
import { LiveRig, type InProcessEngine } from './fixtures/live-rig.js';
import { RIG_EQUITY } from './fixtures/rig-settings.js';

const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

describe.each(DIALECTS)('reconciliation with the broker on start, on %s', (dialect) => {
  let rig: LiveRig | undefined;
  const engines: InProcessEngine[] = [];
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.running.stop().catch(() => undefined);
    await rig?.close();
  });

  /** An engine opens a SPY position on a breakout, and stops; returns the contract held. */
  async function spyHeld(r: LiveRig): Promise<string> {
    const engine = await r.startEngine();
    engines.push(engine);
    const { closes, volumes } = breakoutPath(500);
    for (let i = 0; i < closes.length && r.broker.positions().length === 0; i++) await r.play(engine, { SPY: { close: closes[i] ?? 0, volume: volumes[i] ?? 0 } });
    const [held] = r.broker.positions();
    if (held === undefined) throw new Error('no SPY position opened');
    await eventually(async () => expect(await r.sql(`select "id" from "position" where "open" = true`)).toHaveLength(1));
    await engine.running.stop();
    engines.splice(engines.indexOf(engine), 1);
    return held.contract.symbol;
  }

  const supervision = (r: LiveRig) => r.sql<{ ok: number | boolean; reasons: unknown }>(`select "ok", "reasons" from "decision" where "correlation_id" = 'reconciliation' order by "id"`);

  it('halts new entries when the broker holds a position the database lacks, says why, and lets exits go on', async () => {
    const r = (rig = await LiveRig.start(dialect));
    const spy = await spyHeld(r);
    // A trader buys 2 QQQ calls by hand while the engine is down.
    r.market.spot.set('QQQ', 400);
    const manual = makeOrderIntent({ clientOrderId: 'manual-1', correlationId: 'manual-1', underlying: 'QQQ', symbol: 'QQQ250314C00400000', side: 'buy', effect: 'open', qty: 2, type: 'market', timeInForce: 'day', reasons: [], ts: r.now });
    expect(r.venue.submitNow(manual).at(-1)?.status).toBe('filled');

    const engine = await r.startEngine();
    engines.push(engine);
    const status = engine.running.status();
    expect(status).toMatchObject({ halted: true, reasons: ['ENTRIES_HALTED', 'BROKER_POSITION_UNKNOWN'] });
    expect(status.mismatches).toEqual([{ reason: 'BROKER_POSITION_UNKNOWN', symbol: 'QQQ250314C00400000', detail: 'Thetis holds 0, the broker 2' }]);
    await eventually(async () => {
      const rows = await supervision(r);
      // The first engine's start passed (RECONCILED); this one's halted.
      expect(rows.map((row) => [Boolean(row.ok), json(row.reasons)])).toEqual([
        [true, ['RECONCILED']],
        [false, ['ENTRIES_HALTED', 'BROKER_POSITION_UNKNOWN']],
      ]);
    });

    // `thetis status` says so, with the budget the engine wrote at its start: the SPY call's premium over equity.
    const [spyAtBroker] = r.broker.positions();
    await eventually(async () => {
      const shown = await readStatus(await r.opened(), loadConfig({}));
      expect(shown.entries).toMatchObject({ halted: true, reasons: ['BROKER_POSITION_UNKNOWN'] });
      expect(shown.risk?.equity).toBe(RIG_EQUITY);
      expect(shown.risk?.budgetUsedPct).toBeCloseTo(((spyAtBroker?.avgPrice ?? 0) * (spyAtBroker?.qty ?? 0) * 100) / RIG_EQUITY, 12);
      expect(formatStatus(shown, 'test')).toContain('Entries: HALTED since');
      // The budget counts working orders as filled, the greeks below only the open positions: the screen says which.
      expect(formatStatus(shown, 'test')).toMatch(/Risk budget \(3-5-7\) at .*: \d+\.\d\d % of equity \$[\d,.]+ at risk, working orders counted as filled \(cap/);
    });

    // QQQ breaks out: the entry is denied by the halt, and nothing reaches the broker.
    const qqq = breakoutPath(400);
    const spyClose = r.broker.positions().find((p) => p.contract.symbol === spy)?.avgPrice ?? 0;
    expect(spyClose).toBeGreaterThan(0);
    for (let i = 0; i < qqq.closes.length; i++) await r.play(engine, { QQQ: { close: qqq.closes[i] ?? 0, volume: qqq.volumes[i] ?? 0 } });
    await eventually(async () => {
      const denied = await r.sql<{ reasons: unknown }>(`select "reasons" from "decision" where "kind" = 'risk' and "ok" = false and "underlying" = 'QQQ'`);
      expect(denied.map((d) => json(d.reasons))).toContainEqual(['ENTRIES_HALTED', 'BROKER_POSITION_UNKNOWN']);
    });
    expect(r.broker.orders().filter((o) => o.clientOrderId.startsWith('th-QQQ-'))).toEqual([]);

    // SPY falls through its stop: the exit goes out while halted.
    const entrySpot = parseOcc(spy).strike;
    for (let i = 0; i < 5 && r.broker.positions().some((p) => p.contract.symbol === spy); i++) await r.play(engine, { SPY: { close: entrySpot * (0.97 - i * 0.01) } });
    expect(r.broker.positions().map((p) => p.contract.symbol)).toEqual(['QQQ250314C00400000']);
  }, 60_000);

  it('halts new entries when the database holds a position the broker lacks', async () => {
    const r = (rig = await LiveRig.start(dialect));
    const spy = await spyHeld(r);
    // Sold at the broker by hand; the simulated broker, unlike Alpaca, reports no foreign fill.
    const sell = makeOrderIntent({ clientOrderId: 'manual-2', correlationId: 'manual-2', underlying: 'SPY', symbol: spy, side: 'sell', effect: 'close', qty: 1, type: 'market', timeInForce: 'day', reasons: [], ts: r.now });
    expect(r.venue.submitNow(sell).at(-1)?.status).toBe('filled');

    const engine = await r.startEngine();
    engines.push(engine);
    expect(engine.running.status()).toMatchObject({ halted: true, reasons: ['ENTRIES_HALTED', 'POSITION_MISSING_AT_BROKER'], mismatches: [{ symbol: spy, detail: 'Thetis holds 1, the broker 0' }] });
  }, 60_000);

  it('adopts an exercise at expiry: the position is closed at intrinsic value, and entries go on', async () => {
    const r = (rig = await LiveRig.start(dialect));
    const spy = await spyHeld(r);
    const { strike, expiry } = parseOcc(spy);
    // The contract expires 4 dollars in the money: the broker exercises it.
    r.venue.endOfDay(r.now);
    expect(r.broker.settleExpiry(expiry, () => strike + 4, r.now)).toHaveLength(1);

    const engine = await r.startEngine();
    engines.push(engine);
    expect(engine.running.status()).toMatchObject({ halted: false, mismatches: [] });
    await eventually(async () => {
      const [row] = await r.sql<{ open: number | boolean; state: unknown }>(`select "open", "state" from "position"`);
      expect(Boolean(row?.open)).toBe(false);
      const exits = (json(row?.state) as { exits: { exitQty: number; exitNotional: number; exitReasons: string[] } }).exits;
      // Settled at intrinsic value: 4 dollars a share for the 1 contract held.
      expect(exits).toMatchObject({ exitQty: 1, exitNotional: 4, exitReasons: ['EXERCISED_AT_VENUE'] });
    });
    const rows = await supervision(r);
    expect(rows.map((row) => [Boolean(row.ok), json(row.reasons)]).at(-1)).toEqual([true, ['RECONCILED']]);
  }, 60_000);
});
