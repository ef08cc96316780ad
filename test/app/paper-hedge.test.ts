import { describe, expect, it, onTestFinished } from 'vitest';
import type { Engine } from '../../src/actors/engine.js';
import type { DecisionEvent } from '../../src/actors/ports/decision-sink.js';
import { Reconciler } from '../../src/app/reconciler.js';
import { readStatus } from '../../src/app/status.js';
import { loadConfig } from '../../src/domain/config/index.js';
import type { ConfigInput } from '../../src/domain/config/schema.js';
import { isHedgeOrderId } from '../../src/domain/intents/ids.js';
import { isOccSymbol } from '../../src/domain/values/contract.js';
import { tradeStrategy } from '../../src/domain/values/strategy.js';
import { runBacktest } from '../../src/infra/backtest/run.js';
import { openDatabase, type Database } from '../../src/infra/db/orm.js';
import { OrmOrderStore } from '../../src/infra/db/repositories/order-store.js';
import { OrmPositionJournal } from '../../src/infra/db/repositories/position-journal.js';
import { NatsBrokerReports } from '../../src/infra/nats/broker-reports.js';
import { eventually } from '../helpers/eventually.js';
import { recordingLogger } from '../helpers/logger.js';
import { query } from '../infra/db/databases.js';
import { caughtUp, paceOn, paperRig } from './fixtures/paper.js';

/**
 * The delta hedge's cap: BRVO's 5 calls (entered 2025-06-26 16:21, ≈ 0.5 delta: ≈ 250 share
 * equivalents) pass the risk gate's 260; as BRVO rallies their delta passes 260 and the hedge sells
 * BRVO shares, which it cuts back (HEDGE_REDUCE) and unwinds (HEDGE_UNWIND) as the calls are sold.
 * (At the default 1000 nothing is ever hedged; below ≈ 250 the gate refuses those calls.)
 */
const HEDGED: ConfigInput = { hedging: { delta: { enabled: true } }, risk: { maxNetDeltaShares: 260 } };

/**
 * paper-session.test.ts with the delta hedge on: the same generated market replayed by the Alpaca
 * stand-in, the hedge's share orders going the live way (the engine, NATS JetStream, the executor,
 * the SDK, the stand-in's equity orders) with its state in the database; the backtest of the same
 * market and config, whose simulated broker fills the same share orders in process, is the reference.
 */
describe('a paper session with the delta hedge on', () => {
  const rig = paperRig('thetis-paper-hedge-');

  it('sends share orders through the real SDK that fill as the backtest’s; the store has them; reconciliation counts the shares as Thetis’s', async () => {
    // The reference first: the hedge must trade on this market, or the test below proves nothing.
    const decided: string[] = [];
    const backtest = await runBacktest({ marketDir: rig.dir, config: loadConfig(HEDGED), startingEquity: 100_000, audit: { record: (e) => void (isOrderDecision(e) && decided.push(describeDecision(e))) } });
    const hedges = backtest.trades.filter((t) => tradeStrategy(t) === 'delta_hedge');
    expect(hedges.length).toBeGreaterThan(0);

    const s = await rig.standin();
    const { session: live, database, jsm, sub } = await rig.session(s, HEDGED);
    paceOn(s, live, jsm, sub);
    const store = await openDatabase(database.settings);
    onTestFinished(() => store.close());

    /**
     * Reconciliation as the session runs it (its engine, store and journal, the venue asked through
     * the executor over NATS), with a logger of its own: what it notes is in the log only.
     */
    const reconcile = async (engine: Engine) => {
      const log = recordingLogger();
      const reconciler = new Reconciler({
        engine,
        store: new OrmOrderStore(store.orm),
        journal: new OrmPositionJournal(store.orm),
        deliver: () => undefined,
        decisions: { record: () => undefined },
        reports: new NatsBrokerReports({ link: live.engine.link, subjects: sub }),
        now: () => live.engine.now(),
        log,
        everyMs: 60_000,
      });
      const status = await reconciler.run();
      reconciler.stop();
      return { halted: status.halted, reasons: status.reasons, notes: log.entries.filter((e) => e.msg.startsWith('reconciliation: position at the broker not managed')).map((e) => (e.obj as { note: string }).note) };
    };

    let held: { symbol: string; qty: number } | undefined;
    while ((await s.step(1)) > 0) {
      await caughtUp(jsm, sub, { session: live, standin: s });
      const shares = s.trading.broker.stockPositions().find((p) => p.qty !== 0);
      if (held !== undefined || shares === undefined) continue;
      // The first minute the venue holds hedge shares: they are Thetis's own, nothing noted, entries go on.
      held = { symbol: shares.symbol, qty: shares.qty };
      expect(await reconcile(live.engine.engine)).toEqual({ halted: false, reasons: [], notes: [] });
      // Read as if the engine were not hedging, the same shares are noted as a holding Thetis does not manage.
      const notHedging = Object.create(live.engine.engine, { hedging: { value: false } }) as Engine;
      expect((await reconcile(notHedging)).notes).toEqual([`${held.symbol}: ${held.qty} shares at the broker, not managed by Thetis (an exercise or assignment leaves shares)`]);
    }
    // The replay ran to its end: the stand-in's clock is past the last session's close (2025-06-27, 16:00 New York).
    expect(s.now).toBeGreaterThanOrEqual(Date.parse('2025-06-27T20:00:00Z'));
    expect(held).toBeDefined();

    // Share orders reached the stand-in (a ticker, not an OCC symbol), all with hedge ids, and filled.
    const orders = s.trading.broker.orders();
    const shareOrders = orders.filter((o) => !isOccSymbol(o.symbol));
    expect(shareOrders.length).toBeGreaterThan(0);
    for (const o of shareOrders) {
      expect(isHedgeOrderId(o.clientOrderId)).toBe(true);
      expect(o.clientOrderId).toMatch(new RegExp(`^th-${o.symbol}-\\d+-[hu]$`));
      expect(o).toMatchObject({ status: 'filled', cumQty: o.qty });
    }
    // The first one grows the hedge (-h) of long calls: a sale.
    expect(shareOrders[0]).toMatchObject({ side: 'sell', clientOrderId: expect.stringMatching(/-h$/) as string });

    // Every order the stand-in has, the share orders among them, is in the store with its status and fill.
    await eventually(async () => {
      const rows = await query<{ client_order_id: string; status: string; cum_qty: number }>(store.orm, `select "client_order_id", "status", "cum_qty" from "order_intent"`);
      expect(rows.map((r) => [r.client_order_id, r.status, r.cum_qty]).sort()).toEqual(orders.map((o) => [o.clientOrderId, o.status, o.cumQty]).sort());
    });

    // The backtest's decisions to send orders (options' and shares'), minute by minute, with their reasons
    // (sorted: within a minute the option's actor and the hedge's decide side by side).
    await eventually(async () => {
      const recorded = await query<{ ts: number; kind: DecisionEvent['kind']; symbol: string; reasons: string | string[] }>(store.orm, `select "ts", "kind", "symbol", "reasons" from "decision" where "kind" in ('order', 'exit') and "ok" = true`);
      expect(recorded.map((d) => describeDecision({ ...d, ts: Number(d.ts), reasons: typeof d.reasons === 'string' ? (JSON.parse(d.reasons) as string[]) : d.reasons })).sort()).toEqual([...decided].sort());
    });
    // The hedge's round trips are the backtest's: the same shares, minutes and prices.
    const expected = hedges.map((t) => ({ symbol: t.symbol, side: t.side, qty: t.qty, entryTs: t.entryTs, entryPrice: t.entryPrice, exitTs: t.exitTs, exitPrice: t.exitPrice, pnl: t.pnl }));
    expect(await paperHedges(store)).toEqual(expected.map((t) => ({ ...t, entryPrice: expect.closeTo(t.entryPrice, 9) as number, exitPrice: expect.closeTo(t.exitPrice, 9) as number, pnl: expect.closeTo(t.pnl, 6) as number })));

    // At the end: the hedge flat at the venue, and reconciliation (the session's own, and one that shows its notes) passes with nothing noted.
    expect(s.trading.broker.stockPositions().filter((p) => p.qty !== 0)).toEqual([]);
    expect(await reconcile(live.engine.engine)).toEqual({ halted: false, reasons: [], notes: [] });
    expect(await live.engine.reconcile()).toMatchObject({ halted: false, reasons: [] });
    expect((await readStatus(store, loadConfig(HEDGED))).entries).toMatchObject({ halted: false, reasons: [] });
  }, 180_000);
});

function isOrderDecision(e: Pick<DecisionEvent, 'kind' | 'ok'>): boolean {
  return (e.kind === 'order' || e.kind === 'exit') && e.ok;
}

function describeDecision(e: Pick<DecisionEvent, 'ts' | 'kind' | 'symbol' | 'reasons'>): string {
  return `${new Date(e.ts).toISOString()} ${e.kind} ${e.symbol ?? ''} ${e.reasons.join(',')}`;
}

/**
 * The paper session's hedge round trips from the store, each ticker's hedge orders (`-h`, `-u`) in
 * the order they were sent: from the first fill while flat to the fill that makes it flat again,
 * the opening orders' shares and average price, the closing ones' average price, the cash flow.
 */
async function paperHedges(db: Database): Promise<{ symbol: string; side: string; qty: number; entryTs: number; entryPrice: number; exitTs: number; exitPrice: number; pnl: number }[]> {
  const rows = await query<{ client_order_id: string; symbol: string; side: string; effect: string; cum_qty: number; avg_fill_price: number | null }>(
    db.orm,
    `select "client_order_id", "symbol", "side", "effect", "cum_qty", "avg_fill_price" from "order_intent" where "cum_qty" > 0 order by "ts", "id"`,
  );
  const reports = await query<{ client_order_id: string; cum_qty: number; ts: number }>(db.orm, `select "client_order_id", "cum_qty", "ts" from "execution"`);
  /** When the order's fills reached `cumQty` (the first report saying so). */
  const filledAt = (id: string, cumQty: number) => Math.min(...reports.filter((r) => r.client_order_id === id && r.cum_qty >= cumQty).map((r) => Number(r.ts)));
  const trades = [];
  const open = new Map<string, { side: string; shares: number; entryTs: number; entry: [number, number]; exit: [number, number]; cash: number }>();
  for (const r of rows.filter((x) => isHedgeOrderId(x.client_order_id))) {
    const dollars = r.cum_qty * (r.avg_fill_price as number);
    const t = open.get(r.symbol) ?? { side: r.side === 'sell' ? 'short' : 'long', shares: 0, entryTs: filledAt(r.client_order_id, 1), entry: [0, 0], exit: [0, 0], cash: 0 };
    open.set(r.symbol, t);
    t.shares += r.side === 'buy' ? r.cum_qty : -r.cum_qty;
    t.cash += r.side === 'buy' ? -dollars : dollars;
    const leg = r.effect === 'open' ? t.entry : t.exit;
    leg[0] += r.cum_qty;
    leg[1] += dollars;
    if (t.shares !== 0) continue;
    open.delete(r.symbol);
    trades.push({ symbol: r.symbol, side: t.side, qty: t.entry[0], entryTs: t.entryTs, entryPrice: t.entry[1] / t.entry[0], exitTs: filledAt(r.client_order_id, r.cum_qty), exitPrice: t.exit[1] / t.exit[0], pnl: t.cash });
  }
  expect([...open.keys()]).toEqual([]); // every hedge is flat again by the end
  return trades.sort((a, b) => a.exitTs - b.exitTs);
}
