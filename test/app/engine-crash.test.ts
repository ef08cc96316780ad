import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../infra/db/databases.js';
import { breakoutPath } from '../actors/fixtures/market.js';
import { eventually } from '../helpers/eventually.js';
import { LiveRig, type EngineChild } from './fixtures/live-rig.js';

/**
 * The engine in a child process, killed with SIGKILL at three points of the order path while SPY
 * is held (its no-follow-through timers armed) and QQQ's entry is in flight, then started again:
 * the same SPY position with the same stops, its timers fire from the clock alone (no SPY bar comes
 * after the restart), QQQ's entry is placed once and its fill reaches a journaled position.
 */
const POINTS = [
  ['intent-recorded:2', "QQQ's entry intent written, not yet published"],
  ['intent-published:2', "QQQ's entry published, its acknowledgement not yet written"],
  ['position-journaled:2', "QQQ's entry filled, its position not yet journaled"],
] as const;

const SPY = breakoutPath(500); // breaks out around minute 46
const QQQ = breakoutPath(400, 60); // around minute 61: while SPY is held, before its first timer (30 min)
const TIME_EXITS = ['NO_FOLLOW_THROUGH', 'FOLLOW_THROUGH_TIMEOUT'];

interface JournalRow {
  id: string;
  symbol: string;
  open: number | boolean;
  state: unknown;
}

const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

describe.each(DIALECTS)('the engine killed in its order path, on %s', (dialect) => {
  let rig: LiveRig | undefined;
  const engines: EngineChild[] = [];
  afterEach(async () => {
    await rig?.close(...engines);
    engines.length = 0;
  });

  it.each(POINTS)('SIGKILL at %s (%s): restarted, nothing lost or sent twice, timers fire', async (point) => {
    const r = (rig = await LiveRig.start(dialect));
    const journal = () => r.sql<JournalRow>(`select "id", "symbol", "open", "state" from "position" order by "id"`);
    const first = r.spawnEngine(point);
    engines.push(first);
    await first.ready;

    let minute = 0;
    let outcome: 'taken' | 'died' = 'taken';
    for (; minute < 80 && outcome === 'taken'; minute++) {
      const at = (p: { closes: number[]; volumes: number[] }) => ({ close: p.closes[Math.min(minute, p.closes.length - 1)] ?? 0, volume: p.volumes[minute] ?? 1000 });
      outcome = await r.play(first, { SPY: at(SPY), QQQ: at(QQQ) });
    }
    expect(outcome).toBe('died');
    expect((await first.exited).signal).toBe('SIGKILL');
    const spyBefore = (await journal()).filter((row) => row.symbol.startsWith('SPY'));
    expect(spyBefore).toHaveLength(1);
    expect(Boolean(spyBefore[0]?.open)).toBe(true);

    const second = r.spawnEngine();
    engines.push(second);
    expect(await second.ready).toMatchObject({ halted: false });
    // Read back, not rewritten: the same stops, trailing floor, stage and deadlines.
    expect((await journal()).find((row) => row.id === spyBefore[0]?.id)?.state).toEqual(spyBefore[0]?.state);

    // Only QQQ trades on; SPY's position must be closed by its own timers as the clock passes them.
    let spyOpen = true;
    for (let n = 0; n < 70 && spyOpen; n++, minute++) {
      expect(await r.play(second, { QQQ: { close: QQQ.closes.at(-1) ?? 0 } })).toBe('taken');
      spyOpen = r.broker.positions().some((p) => p.contract.underlying === 'SPY');
    }
    expect(spyOpen).toBe(false);
    // The audit is written in batches: the exit's decision lands within its flush interval.
    await eventually(async () => {
      const exits = await r.sql<{ underlying: string; reasons: unknown }>(`select "underlying", "reasons" from "decision" where "kind" = 'exit' and "ok" = true`);
      const spyExit = exits.filter((e) => e.underlying === 'SPY').flatMap((e) => json(e.reasons) as string[]);
      expect(spyExit.find((reason) => TIME_EXITS.includes(reason)) ?? `not a time exit: ${spyExit.join()}`).toMatch(/^(NO_FOLLOW_THROUGH|FOLLOW_THROUGH_TIMEOUT)$/);
    });

    // No order sent twice: every intent recorded reached the broker once, and the broker has no other.
    const intents = await r.sql<{ client_order_id: string }>(`select "client_order_id" from "order_intent"`);
    const atBroker = r.broker.orders().map((o) => o.clientOrderId);
    expect(atBroker.sort()).toEqual(intents.map((i) => i.client_order_id).sort());
    expect(atBroker.filter((id) => id.startsWith('th-QQQ-') && id.endsWith('-open'))).toHaveLength(1);

    // No fill lost: QQQ's entry fill is a journaled position of that size, and what the broker holds
    // is what the journal holds, contract by contract.
    const qqqEntry = r.broker.orders().find((o) => o.clientOrderId.startsWith('th-QQQ-') && o.clientOrderId.endsWith('-open'));
    expect(qqqEntry?.cumQty).toBeGreaterThan(0);
    await eventually(async () => {
      const rows = await journal();
      const qqq = rows.find((row) => row.symbol === qqqEntry?.symbol);
      expect((json(qqq?.state) as { position: { initialQty: number } } | undefined)?.position.initialQty).toBe(qqqEntry?.cumQty);
      const journaled = rows.filter((row) => Boolean(row.open)).map((row) => [row.symbol, (json(row.state) as { position: { qty: number } }).position.qty]);
      expect(journaled).toEqual(r.broker.positions().map((p) => [p.contract.symbol, p.qty]));
    });
  }, 120_000);
});
