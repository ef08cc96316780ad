import type { HedgingConfig } from '../../domain/config/schema.js';
import type { Decision } from '../../domain/decision.js';
import { hedgeIntent } from '../../domain/intents/hedge.js';
import { isTerminal } from '../../domain/orders/lifecycle.js';
import { shareExposure } from '../../domain/portfolio/exposure.js';
import { isShares } from '../../domain/values/order.js';
import { hedgePositionId } from '../../domain/intents/ids.js';
import { planDeltaHedge, type UnderlyingDelta } from '../../domain/portfolio/hedge.js';
import type { PortfolioGreeks, RiskReason } from '../../domain/portfolio/index.js';
import type { EngineDeps } from '../deps.js';
import { DEFAULT_ASK_TIMEOUT_MS } from '../deps.js';
import type { BarReceived, ExecutionReceived, HedgeMsg, PortfolioSnapshot } from '../messages.js';
import { ActorNames } from '../names.js';
import { ask, spawnActor, supervision, tell, type ActorContext, type ActorRef } from '../runtime/index.js';
import type { TreeRefs } from '../tree.js';
import { unreachable } from '../unreachable.js';
import { adoptedHedgeOrder, applyHedgeFill, hedgeTrade, type HedgeHolding, type RestoredHedges, type WorkingHedge } from './holdings.js';

/** Hedge orders remembered as done: far more than a session makes (one rule run a minute). */
const MAX_DONE = 10_000;

/** Changed in place (like the portfolio's book); every handler validates before it changes anything it cannot undo. */
interface HedgeState {
  /** Each ticker's last close seen: what a hedge order is priced off. */
  readonly prices: Map<string, number>;
  /** Hedge shares per ticker, since they were last flat. */
  readonly holdings: Map<string, HedgeHolding>;
  /** Hedge orders sent and not done, by client order id. */
  readonly working: Map<string, WorkingHedge>;
  /**
   * The latest hedge orders done (insertion order, at most MAX_DONE), with what their fills the
   * holding has taken: a later execution of one (a fill after an ending the engine made up, such as
   * ORDER_PUBLISH_FAILED, or a late copy) counts only what it adds, and a copy adds nothing.
   */
  readonly done: Map<string, WorkingHedge>;
  /** The bar time the rule last ran at: once a minute, so its order ids (`th-TICKER-ts-h|u`) never repeat. */
  lastRun: number;
}

/**
 * The delta hedge (hedging.delta.enabled), beside the portfolio: once a minute, on the first bar it
 * is given with no hedge order working (one resting past execution.exitRepriceMs is cancelled), it
 * reads the book as the risk gate counts it (the portfolio's snapshot: option positions and pending
 * option entries as if filled; so a roll between its legs keeps its hedge, and an opening hedge never
 * grows the gate's net delta), asks planDeltaHedge for share orders, and sends them on the
 * order path every order takes: an opening one (growing a hedge) is reserved and approved by the
 * portfolio, which forwards it to the gateway (its exposure: delta 1 a share, no capital at risk,
 * see shareExposure); a closing one (cutting or unwinding a hedge) goes to the gateway straight, as
 * every exit does. Their executions come here (the engine routes `-h` / `-u` ids); each fill is
 * booked into the portfolio as the ticker's hedge position (`TICKER-hedge`, exposure-updated) so
 * the book's greeks include it, and a hedge gone flat is recorded as a trade (strategy delta_hedge).
 * `hedged` (read by the engine for routing bars) holds the tickers with hedge shares or orders.
 * `restored`: the hedge a restart found in the order store (restoreHedges), taken up where it was.
 */
export function spawnHedge(
  parent: ActorRef<never>,
  deps: EngineDeps,
  cfg: HedgingConfig['delta'],
  refs: Pick<TreeRefs, 'portfolio' | 'gateway'>,
  hedged: Set<string>,
  restored: RestoredHedges,
): ActorRef<HedgeMsg> {
  const timeout = deps.askTimeoutMs ?? DEFAULT_ASK_TIMEOUT_MS;
  for (const ticker of restored.holdings.keys()) hedged.add(ticker);
  for (const w of restored.working.values()) hedged.add(w.intent.underlying);
  forgetOldest(restored.done);
  return spawnActor(parent, {
    name: ActorNames.hedge,
    initialState: { prices: new Map<string, number>(), holdings: restored.holdings, working: restored.working, done: restored.done, lastRun: restored.lastRun },
    supervision: supervision(),
    handle: async (s: HedgeState, msg: HedgeMsg, ctx: ActorContext<HedgeMsg>): Promise<HedgeState> => {
      switch (msg.type) {
        case 'bar':
          s.prices.set(msg.bar.symbol, msg.bar.close);
          reprice(s, msg, ctx);
          if (msg.bar.ts > s.lastRun && s.working.size === 0) {
            s.lastRun = msg.bar.ts;
            await run(s, msg, ctx);
          }
          return s;
        case 'execution':
          onExecution(s, msg, ctx);
          return s;
        default:
          return unreachable(msg);
      }
    },
  });

  async function run(s: HedgeState, msg: BarReceived, ctx: ActorContext<HedgeMsg>): Promise<void> {
    const { ts } = msg.bar;
    const { correlationId } = msg;
    const snapshot = await ask(refs.portfolio, (replyTo: ActorRef<PortfolioSnapshot>) => ({ type: 'get-portfolio' as const, replyTo }), timeout).catch((error: unknown) => {
      ctx.log.warn({ error: describe(error) }, 'delta hedge: no portfolio snapshot this minute');
      return undefined;
    });
    if (snapshot === undefined) return;
    const plan = planDeltaHedge(underlyingsOf(snapshot, s.holdings), { capShares: deps.config.risk.maxNetDeltaShares, targetShareOfCap: cfg.targetShareOfCap });
    const now = ctx.clock.now();
    const record = (kind: 'risk' | 'order' | 'exit', ok: boolean, ticker: string, reasons: readonly string[]) => deps.decisions.record({ ts: now, correlationId, kind, ok, underlying: ticker, symbol: ticker, reasons });
    for (const order of plan.orders) {
      const price = s.prices.get(order.ticker);
      if (price === undefined) {
        record(order.effect === 'open' ? 'order' : 'exit', false, order.ticker, [...order.reasons, 'HEDGE_NO_PRICE']);
        continue;
      }
      const intent = hedgeIntent(order, price, ts, correlationId, cfg);
      s.working.set(intent.clientOrderId, { intent, sentAt: now, cumQty: 0, notional: 0 });
      hedged.add(order.ticker);
      if (order.effect === 'close') {
        record('exit', true, order.ticker, intent.reasons);
        tell(refs.gateway, { type: 'submit', intent, correlationId });
        continue;
      }
      const exposure = shareExposure(intent.clientOrderId, order.ticker, order.side === 'buy' ? order.qty : -order.qty);
      // An ask that timed out is refused by the portfolio when it comes (RISK_CHECK_EXPIRED): nothing was sent.
      const decision = await ask(
        refs.portfolio,
        (replyTo: ActorRef<Decision<PortfolioGreeks, RiskReason>>) => ({ type: 'reserve' as const, intent, exposure, deadline: ctx.clock.now() + timeout, correlationId, replyTo }),
        timeout,
      ).catch((error: unknown): Decision<PortfolioGreeks, string> => {
        ctx.log.warn({ clientOrderId: intent.clientOrderId, error: describe(error) }, 'delta hedge: risk check not answered');
        return { ok: false, reasons: ['RISK_CHECK_EXPIRED'] };
      });
      record('risk', decision.ok, order.ticker, decision.reasons);
      if (decision.ok) record('order', true, order.ticker, intent.reasons);
      else forgetOrder(s, intent.clientOrderId, order.ticker);
    }
  }

  /**
   * A hedge order still resting execution.exitRepriceMs after it was sent (its limit left behind by
   * the market) is cancelled, as an exit is re-priced: once it ends, the rule runs again on the next
   * bar at today's price and the book as it is then.
   */
  function reprice(s: HedgeState, msg: BarReceived, ctx: ActorContext<HedgeMsg>): void {
    const now = ctx.clock.now();
    for (const w of s.working.values()) {
      if (w.cancelling === true || now - w.sentAt < deps.config.rules.execution.exitRepriceMs) continue;
      w.cancelling = true;
      tell(refs.gateway, { type: 'cancel', clientOrderId: w.intent.clientOrderId, correlationId: msg.correlationId });
    }
  }

  function onExecution(s: HedgeState, msg: ExecutionReceived, ctx: ActorContext<HedgeMsg>): void {
    const e = msg.execution;
    const ended = s.done.get(e.clientOrderId);
    if (ended !== undefined && e.cumQty <= ended.cumQty) return; // nothing its fills do not already hold
    const w = s.working.get(e.clientOrderId) ?? adopt(s, msg, ctx, ended);
    const ticker = w.intent.underlying;
    const { holding, moved } = applyHedgeFill(s.holdings.get(ticker), w, e);
    if (holding !== undefined) s.holdings.set(ticker, holding);
    const terminal = isTerminal(e.status);
    // An opening order's reservation stands for it until it ends; then its fills count as the hedge position.
    if (w.intent.effect === 'open' && terminal) tell(refs.portfolio, { type: 'release', reservationId: e.clientOrderId, correlationId: msg.correlationId });
    if (w.intent.effect === 'open' ? terminal : moved !== 0) book(ticker, holding?.qty ?? 0);
    if (e.status === 'rejected') deps.decisions.record({ ts: e.ts, correlationId: msg.correlationId, kind: 'execution', ok: false, underlying: ticker, symbol: ticker, reasons: [e.reason ?? 'REJECTED'] });
    if (holding !== undefined && holding.qty === 0) {
      deps.trades.record(hedgeTrade(ticker, holding, e.ts));
      s.holdings.delete(ticker);
    }
    if (terminal) {
      s.done.set(e.clientOrderId, w);
      forgetOldest(s.done);
      forgetOrder(s, e.clientOrderId, ticker);
    }
  }

  /**
   * An execution of a hedge order the actor does not track: sent after all (its risk ask timed out
   * as the portfolio approved it), from before a restart the store did not have, or one it saw end
   * (`ended`) that fills after all (its ending was the engine's: ORDER_PUBLISH_FAILED, the command
   * having landed). The order is taken up again (an unknown one adopted: adoptedHedgeOrder), so its
   * fills count as the hedge's, only what the holding has not taken, are booked into the portfolio and
   * are Thetis's own to reconciliation; an opening one's reservation is given back when it ends, as
   * any's (none left: nothing). One still working is cancelled: the rule decides again, at today's
   * price, once it ends.
   */
  function adopt(s: HedgeState, msg: ExecutionReceived, ctx: ActorContext<HedgeMsg>, ended: WorkingHedge | undefined): WorkingHedge {
    const e = msg.execution;
    const w = ended ?? adoptedHedgeOrder(e);
    ctx.log.warn({ clientOrderId: e.clientOrderId, status: e.status, cumQty: e.cumQty, ended: ended !== undefined }, 'execution for a hedge order not tracked: taken in');
    s.done.delete(e.clientOrderId);
    s.working.set(e.clientOrderId, w);
    hedged.add(w.intent.underlying);
    if (!isTerminal(e.status)) {
      w.cancelling = true;
      tell(refs.gateway, { type: 'cancel', clientOrderId: e.clientOrderId, correlationId: msg.correlationId });
    }
    return w;
  }

  /** The ticker's hedge shares as the portfolio's position `TICKER-hedge` (0 removes it). */
  function book(ticker: string, shares: number): void {
    tell(refs.portfolio, { type: 'exposure-updated', exposure: shareExposure(hedgePositionId(ticker), ticker, shares) });
  }

  function forgetOrder(s: HedgeState, clientOrderId: string, ticker: string): void {
    s.working.delete(clientOrderId);
    const busy = s.holdings.has(ticker) || [...s.working.values()].some((w) => w.intent.underlying === ticker);
    if (!busy) hedged.delete(ticker);
  }
}

/** Each underlying's option delta (the snapshot's option positions and pending option entries) and hedge shares (the holdings), for planDeltaHedge. */
function underlyingsOf(snapshot: PortfolioSnapshot, holdings: ReadonlyMap<string, HedgeHolding>): UnderlyingDelta[] {
  const options = new Map<string, number>();
  for (const e of [...snapshot.positions, ...snapshot.reservations]) {
    if (!isShares(e)) options.set(e.underlying, (options.get(e.underlying) ?? 0) + e.qty * e.multiplier * e.delta);
  }
  const tickers = new Set([...options.keys(), ...holdings.keys()]);
  return [...tickers].map((ticker) => ({ ticker, optionDeltaShares: options.get(ticker) ?? 0, hedgeShares: holdings.get(ticker)?.qty ?? 0 }));
}

/** Drops the oldest orders done beyond MAX_DONE (a Map keeps insertion order). */
function forgetOldest(done: Map<string, WorkingHedge>): void {
  for (const id of done.keys()) {
    if (done.size <= MAX_DONE) return;
    done.delete(id);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
