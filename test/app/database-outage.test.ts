import { afterEach, describe, expect, it } from 'vitest';
import type { PostgresSettings } from '../../src/infra/db/settings.js';
import { breakoutPath } from '../actors/fixtures/market.js';
import { eventually } from '../helpers/eventually.js';
import { adminSql } from '../infra/db/databases.js';
import { LiveRig, type InProcessEngine } from './fixtures/live-rig.js';

const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

/**
 * PostgreSQL taken away from a running engine (its database closed to connections, the ones open
 * terminated), then given back: no new entry goes out meanwhile, an exit does, and once the database
 * is back everything done meanwhile is written and entries go on, with nobody restarting anything.
 */
describe('a database outage mid-session (PostgreSQL)', () => {
  let rig: LiveRig | undefined;
  let engine: InProcessEngine | undefined;
  let reopen: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await reopen?.();
    await engine?.running.stop();
    await rig?.close();
  });

  it('sends no new entry, lets exits go, and catches up by itself when the database is back', async () => {
    const r = (rig = await LiveRig.start('postgresql'));
    const e = (engine = await r.startEngine());
    const spy = breakoutPath(500);
    let spyClose = 500;
    for (let i = 0; i < spy.closes.length && r.broker.positions().length === 0; i++) {
      spyClose = spy.closes[i] ?? spyClose;
      await r.play(e, { SPY: { close: spyClose, volume: spy.volumes[i] ?? 0 } });
    }
    const [held] = r.broker.positions();
    expect(held?.contract.underlying).toBe('SPY');
    await eventually(async () => expect(await r.sql(`select "id" from "position" where "open" = true`)).toHaveLength(1));

    const name = (r.database.settings as PostgresSettings).database;
    await adminSql(`alter database "${name}" allow_connections false`);
    reopen = async () => {
      await adminSql(`alter database "${name}" allow_connections true`);
      reopen = undefined;
    };
    await adminSql(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}'`);
    r.databaseAway = true;

    // QQQ breaks out: its entry cannot be recorded, so it is not sent.
    const qqq = breakoutPath(400);
    for (let i = 0; i < qqq.closes.length; i++) await r.play(e, { SPY: { close: spyClose }, QQQ: { close: qqq.closes[i] ?? 0, volume: qqq.volumes[i] ?? 0 } });
    expect(r.broker.orders().filter((o) => o.clientOrderId.startsWith('th-QQQ-'))).toEqual([]);
    // SPY falls through its stop: the exit goes out all the same.
    for (let i = 1; i <= 5 && r.broker.positions().length > 0; i++) await r.play(e, { SPY: { close: spyClose * (1 - 0.01 * i) }, QQQ: { close: qqq.closes.at(-1) ?? 0 } });
    expect(r.broker.positions()).toEqual([]);
    const exit = r.broker.orders().find((o) => o.clientOrderId.startsWith('th-SPY-') && o.side === 'sell');
    expect(exit).toMatchObject({ status: 'filled', cumQty: held?.qty });

    await reopen();
    r.databaseAway = false;
    // Written once the database is back: the exit's intent and fill, the closed position, the refused entry.
    await eventually(
      async () => {
        const [order] = await r.sql<{ status: string; cum_qty: number }>(`select "status", "cum_qty" from "order_intent" where "client_order_id" = '${exit?.clientOrderId}'`);
        expect(order).toEqual({ status: 'filled', cum_qty: held?.qty });
        expect(await r.sql(`select "id" from "position" where "open" = true`)).toEqual([]);
        const refused = await r.sql<{ reasons: unknown }>(`select "reasons" from "decision" where "underlying" = 'QQQ' and "ok" = false and "kind" = 'execution'`);
        expect(refused.map((d) => json(d.reasons))).toContainEqual(['ORDER_NOT_RECORDED']);
      },
      { timeoutMs: 15_000 },
    );

    // Entries go on: QQQ breaks out again and its order goes out, recorded first.
    const again = breakoutPath(qqq.closes.at(-1) ?? 400);
    for (let i = 0; i < again.closes.length && !r.broker.orders().some((o) => o.clientOrderId.startsWith('th-QQQ-')); i++) {
      await r.play(e, { QQQ: { close: again.closes[i] ?? 0, volume: again.volumes[i] ?? 0 } });
    }
    const entry = r.broker.orders().find((o) => o.clientOrderId.startsWith('th-QQQ-'));
    expect(entry).toBeDefined();
    expect(await r.sql(`select "client_order_id" from "order_intent" where "client_order_id" = '${entry?.clientOrderId}'`)).toHaveLength(1);
  }, 90_000);
});
