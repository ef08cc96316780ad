import { describe, expect, it } from 'vitest';
import { formatStatus, readStatus } from '../../src/app/status.js';
import { loadConfig } from '../../src/domain/config/index.js';
import { openDatabase } from '../../src/infra/db/orm.js';
import { runBacktest } from '../../src/infra/backtest/run.js';
import type { Database } from '../../src/infra/db/orm.js';
import { eventually } from '../helpers/eventually.js';
import { caughtUp, paceOn, paperRig } from './fixtures/paper.js';
import { query } from '../infra/db/databases.js';

/**
 * `thetis paper`'s session against the Alpaca stand-in replaying a generated market (4 tickers, 2
 * days; its backtest makes 7 trades), minute by minute on the market clock: everything between is
 * the real thing (the SDK's streams and REST, NATS JetStream, the executor, the database).
 */
describe('a paper session against the Alpaca stand-in', () => {
  const rig = paperRig('thetis-paper-');

  it('opens and closes positions through the real SDK; orders, fills and positions are in the database; status shows them', async () => {
    const s = await rig.standin();
    const { session: live, database, jsm, sub } = await rig.session(s);
    expect(live.account.equity).toBe(100_000);
    paceOn(s, live, jsm, sub);

    let opened = 0;
    while ((await s.step(1)) > 0) {
      await caughtUp(jsm, sub, { session: live, standin: s });
      opened = Math.max(opened, s.trading.broker.positions().length);
    }
    const orders = s.trading.broker.orders();
    expect(orders.filter((o) => o.side === 'buy' && o.cumQty > 0).length).toBeGreaterThan(0);
    expect(opened).toBeGreaterThan(0);

    const db = await openDatabase(database.settings);
    try {
      await eventually(async () => {
        // Every order the broker has is an intent in the store with the broker's status and fill.
        const rows = await query<{ client_order_id: string; status: string; cum_qty: number }>(db.orm, `select "client_order_id", "status", "cum_qty" from "order_intent"`);
        expect(rows.map((r) => [r.client_order_id, r.status, r.cum_qty]).sort()).toEqual(orders.map((o) => [o.clientOrderId, o.status, o.cumQty]).sort());
        // What the journal holds open is what the broker holds.
        const open = await query<{ symbol: string }>(db.orm, `select "symbol" from "position" where "open" = true`);
        expect(open.map((r) => r.symbol).sort()).toEqual(s.trading.broker.positions().map((p) => p.contract.symbol).sort());
      });
      const shown = await readStatus(db, loadConfig({}));
      // Reconciled at start, on the venue's clock (the stand-in's first replayed minute).
      expect(shown.entries).toMatchObject({ halted: false, since: expect.stringMatching(/^2025-06-26T13:3/) as string });
      expect(shown.positions.map((p) => p.symbol).sort()).toEqual(s.trading.broker.positions().map((p) => p.contract.symbol).sort());
      expect(formatStatus(shown, 'test')).toContain(`Open positions: ${shown.positions.length}`);

      // The trades are the backtest's of the same market: the same contracts, quantities, fill prices
      // and minutes, and the same opening orders. The replay is paced on the session (paceOn,
      // caughtUp): each minute the engine has taken what happened during it (option quotes, fills)
      // before its bars, and all of its bars before the next minute, as the backtest does. Against
      // Alpaca itself fills depend on the real book, and a bar can be judged a moment before a quote.
      const entries: string[] = [];
      const backtest = await runBacktest({ marketDir: rig.dir, config: loadConfig({}), startingEquity: 100_000, audit: { record: (e) => void (e.kind === 'order' && e.ok && entries.push(`${new Date(e.ts).toISOString()} ${e.symbol ?? ''}`)) } });
      const ordered = await query<{ ts: number; symbol: string }>(db.orm, `select "ts", "symbol" from "decision" where "kind" = 'order' and "ok" = true order by "ts"`);
      expect(ordered.map((d) => `${new Date(Number(d.ts)).toISOString()} ${d.symbol}`)).toEqual(entries);
      const expected = backtest.trades.map((t) => ({ symbol: t.symbol, qty: t.qty, entryTs: t.entryTs, entryPrice: t.entryPrice, exitTs: t.exitTs, exitPrice: t.exitPrice }));
      expect(expected.length).toBeGreaterThan(2);
      expect(await paperTrades(db)).toEqual(expected.map((t) => ({ ...t, entryPrice: expect.closeTo(t.entryPrice, 9) as number, exitPrice: expect.closeTo(t.exitPrice, 9) as number })));
    } finally {
      await db.close();
    }
  }, 180_000);
});

/**
 * The paper session's round trips from the store: per position (its orders' `th-<ticker>-<ts>`
 * prefix), the opening order's fill and the quantity-weighted exit fills, with the minutes of the
 * first entry fill and the last exit fill; in entry order.
 */
async function paperTrades(db: Database): Promise<{ symbol: string; qty: number; entryTs: number; entryPrice: number; exitTs: number; exitPrice: number }[]> {
  const rows = await query<{ client_order_id: string; symbol: string; cum_qty: number; avg_fill_price: number | null }>(db.orm, `select "client_order_id", "symbol", "cum_qty", "avg_fill_price" from "order_intent" where "cum_qty" > 0`);
  const reports = await query<{ client_order_id: string; cum_qty: number; ts: number }>(db.orm, `select "client_order_id", "cum_qty", "ts" from "execution"`);
  /** When the order's fills reached `cumQty` (the first report saying so). */
  const filledAt = (id: string, cumQty: number) => Math.min(...reports.filter((r) => r.client_order_id === id && r.cum_qty >= cumQty).map((r) => Number(r.ts)));
  const trades = [];
  for (const open of rows.filter((r) => r.client_order_id.endsWith('-open'))) {
    const prefix = open.client_order_id.slice(0, -'open'.length);
    const exits = rows.filter((r) => r.client_order_id.startsWith(`${prefix}x`));
    const qty = exits.reduce((n, r) => n + r.cum_qty, 0);
    trades.push({
      symbol: open.symbol,
      qty: open.cum_qty,
      entryTs: filledAt(open.client_order_id, 1),
      entryPrice: open.avg_fill_price as number,
      exitTs: Math.max(...exits.map((r) => filledAt(r.client_order_id, r.cum_qty))),
      exitPrice: exits.reduce((n, r) => n + r.cum_qty * (r.avg_fill_price as number), 0) / qty,
    });
  }
  return trades.sort((a, b) => a.entryTs - b.entryTs);
}
