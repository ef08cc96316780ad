import { hedgePositionId, parseOrderId } from '../../domain/intents/ids.js';
import { isTerminal } from '../../domain/orders/lifecycle.js';
import { shareExposure, type Exposure } from '../../domain/portfolio/exposure.js';
import type { Execution } from '../../domain/values/execution.js';
import type { OrderIntent } from '../../domain/values/order.js';
import type { TradeRecord } from '../../domain/values/trade.js';
import type { StoredOrder } from '../ports/order-store.js';

/** One ticker's hedge shares since they were last flat: what its round trip is recorded from. */
export interface HedgeHolding {
  /** Signed shares (+ long, − short). */
  qty: number;
  /** Opened by selling shares: a short hedge (of long option delta). */
  readonly openedShort: boolean;
  entryTs: number;
  /** Shares bought or sold by opening orders, and their dollars. */
  entryShares: number;
  entryNotional: number;
  /** Shares traded back by closing orders, and their dollars. */
  exitShares: number;
  exitNotional: number;
  /** Cash in (+) and out (−) of every fill: the P/L once flat (share orders pay no fees). */
  cashFlow: number;
  entryReasons: readonly string[];
  exitReasons: string[];
}

/** What a hedge order's fills are taken in by. */
export type HedgeOrderRef = Pick<OrderIntent, 'clientOrderId' | 'underlying' | 'side' | 'effect' | 'reasons'>;

/** A hedge order sent and not yet done: how much of it the holding has taken so far. */
export interface WorkingHedge {
  readonly intent: HedgeOrderRef;
  /** When it was sent (a restored one: its intent's time): its age decides a re-price. */
  readonly sentAt: number;
  cumQty: number;
  notional: number;
  /** A cancel was sent (the order rested past execution.exitRepriceMs): its end lets the rule run again at today's price. */
  cancelling?: boolean;
}

/**
 * Takes the part of an execution not seen before into the ticker's holding (executions are
 * cumulative, so a duplicate or an older one adds nothing). Returns the holding (a new one at the
 * first fill from flat) and the shares it moved, signed.
 */
export function applyHedgeFill(held: HedgeHolding | undefined, w: WorkingHedge, e: Pick<Execution, 'cumQty' | 'avgFillPrice' | 'fillPrice' | 'ts'>): { holding: HedgeHolding | undefined; moved: number } {
  const shares = e.cumQty - w.cumQty;
  if (shares <= 0) return { holding: held, moved: 0 };
  const notional = (e.avgFillPrice ?? e.fillPrice ?? 0) * e.cumQty - w.notional;
  w.cumQty = e.cumQty;
  w.notional += notional;
  const { intent } = w;
  const signed = intent.side === 'buy' ? shares : -shares;
  const h: HedgeHolding = held ?? { qty: 0, openedShort: signed < 0, entryTs: e.ts, entryShares: 0, entryNotional: 0, exitShares: 0, exitNotional: 0, cashFlow: 0, entryReasons: intent.reasons, exitReasons: [] };
  // Shares that grow the holding (from flat, or on its side) are an entry, those that shrink it an exit:
  // an opening order's and a closing order's always are; an adopted closing order with nothing held opens it.
  const grows = h.qty === 0 || Math.sign(h.qty) === Math.sign(signed);
  h.qty += signed;
  h.cashFlow += intent.side === 'buy' ? -notional : notional;
  if (grows) {
    h.entryShares += shares;
    h.entryNotional += notional;
  } else {
    h.exitShares += shares;
    h.exitNotional += notional;
    for (const r of intent.reasons) if (!h.exitReasons.includes(r)) h.exitReasons.push(r);
  }
  return { holding: h, moved: signed };
}

/**
 * A hedge order the actor does not track, known by an execution of it that is news (sent after all
 * when its risk ask timed out as the portfolio approved it, or from before a restart the store did
 * not have): taken in from what the execution says, its ticker and effect read from its id
 * (`th-TICKER-ts-h` opens, `-u` closes), reason HEDGE_ORDER_ADOPTED; its fills so far are then
 * taken in by applyHedgeFill as any order's.
 */
export function adoptedHedgeOrder(e: Pick<Execution, 'clientOrderId' | 'side' | 'ts'>): WorkingHedge {
  const { ticker, effect } = parseOrderId(e.clientOrderId);
  return { intent: { clientOrderId: e.clientOrderId, underlying: ticker, side: e.side, effect, reasons: ['HEDGE_ORDER_ADOPTED'] }, sentAt: e.ts, cumQty: 0, notional: 0 };
}

/** The round trip of a ticker's hedge gone flat: side by the shares it opened with, P/L its cash flow. */
export function hedgeTrade(ticker: string, h: HedgeHolding, exitTs: number): TradeRecord {
  const { openedShort } = h;
  return {
    positionId: hedgePositionId(ticker),
    underlying: ticker,
    symbol: ticker,
    direction: openedShort ? 'bearish' : 'bullish',
    tradeType: 'swing',
    side: openedShort ? 'short' : 'long',
    qty: h.entryShares,
    entryTs: h.entryTs,
    exitTs,
    entryPrice: h.entryShares > 0 ? h.entryNotional / h.entryShares : 0,
    exitPrice: h.exitShares > 0 ? h.exitNotional / h.exitShares : 0,
    pnl: h.cashFlow,
    fees: 0,
    // The hedge counts no capital at risk of its own (see shareExposure).
    capitalRisked: 0,
    entryReasons: h.entryReasons,
    exitReasons: h.exitReasons,
  };
}

/** The hedge as a restart finds it: each ticker's holding since it was last flat, and the orders not done. */
export interface RestoredHedges {
  readonly holdings: Map<string, HedgeHolding>;
  readonly working: Map<string, WorkingHedge>;
  /** The hedge orders already done, with what their fills the holdings have taken: a later execution of one counts only what it adds. */
  readonly done: Map<string, WorkingHedge>;
  /** What the working opening orders still reserve: their unfilled rest (their fills are in the holdings). */
  readonly reservations: readonly Exposure[];
  /** The latest minute the rule ran at (its orders' time): it never runs at it again, so no id is made twice. */
  readonly lastRun: number;
}

/**
 * The hedge replayed from its orders in the order store (oldest first; the store keeps each one's
 * cumulative fill and average price): each fill taken in as its execution would be (applyHedgeFill),
 * a holding gone flat dropped (its round trip was recorded then), and the orders still working kept
 * with what they have filled, so their later executions count only the rest.
 */
export function restoreHedges(orders: readonly StoredOrder[]): RestoredHedges {
  const holdings = new Map<string, HedgeHolding>();
  const working = new Map<string, WorkingHedge>();
  const done = new Map<string, WorkingHedge>();
  const reservations: Exposure[] = [];
  // Taken in the loop, not by Math.max(...orders): spreading an account's whole hedge history
  // (over about 125,000 orders) as arguments overflows the stack, and the engine could not start.
  let lastRun = Number.NEGATIVE_INFINITY;
  for (const o of orders) {
    lastRun = Math.max(lastRun, o.intent.ts);
    const w: WorkingHedge = { intent: o.intent, sentAt: o.intent.ts, cumQty: 0, notional: 0 };
    const ticker = o.intent.underlying;
    const { holding } = applyHedgeFill(holdings.get(ticker), w, { cumQty: o.cumQty, avgFillPrice: o.avgFillPrice, ts: o.intent.ts });
    if (holding === undefined || holding.qty === 0) holdings.delete(ticker);
    else holdings.set(ticker, holding);
    if (isTerminal(o.status)) {
      done.set(o.intent.clientOrderId, w);
      continue;
    }
    working.set(o.intent.clientOrderId, w);
    const rest = o.intent.qty - o.cumQty;
    if (o.intent.effect === 'open' && rest > 0) reservations.push(shareExposure(o.intent.clientOrderId, ticker, o.intent.side === 'buy' ? rest : -rest));
  }
  return { holdings, working, done, reservations, lastRun };
}
