import type { OrderState } from '../../domain/orders/state.js';
import type { OptionContract } from '../../domain/values/contract.js';
import type { Execution } from '../../domain/values/execution.js';
import type { OrderIntent } from '../../domain/values/order.js';
import type { SimBrokerConfig } from './config.js';
import { feesFor, roundMicro } from './fills.js';
import type { SimLeg } from './multi-leg.js';

/** An accepted order the simulated broker is working. */
export interface SimOrder {
  readonly intent: OrderIntent;
  /** Its legs (a single-leg order: one, ratio 1, on the order's side), first leg first. */
  readonly legs: readonly SimLeg[];
  /** Per leg: whether it closes a position held (else it opens one). */
  readonly closes: readonly boolean[];
  /** Net price per share that bounds the order's cash: its limit, or natural ∓ slippage at submit; undefined without quotes. */
  readonly refPrice: number | undefined;
  state: OrderState;
}

/** Cash and option contracts as they would be if some orders filled. */
export interface Projection {
  cash: number;
  readonly holdings: Map<string, { contract: OptionContract; qty: number }>;
}

/** Whether an order, if it fills, can add risk: a single-leg sell (opening a short, or taking a wing away) or a multi-leg order that only opens. */
export function addsRisk(o: Pick<SimOrder, 'legs' | 'closes'>): boolean {
  return o.legs.length === 1 ? o.legs[0]?.side === 'sell' : o.closes.every((c) => !c);
}

/**
 * Applies `units` of an order to a projection, at its reference price: a debit (a buy, or a
 * multi-leg buy) reserves its cost and fees; a credit that only opens (a sell to open, a credit
 * spread) counts its premium less fees, as Alpaca counts a short put's premium toward its strike;
 * a sale that closes a long counts nothing until it fills. Positions move when `move`.
 */
export function project(p: Projection, o: Pick<SimOrder, 'intent' | 'legs' | 'closes' | 'refPrice'>, units: number, move: boolean, c: SimBrokerConfig): void {
  const first = o.legs[0] as SimLeg;
  const fees = feesFor(units * o.legs.reduce((n, l) => n + l.ratio, 0), c);
  const premium = units * (o.refPrice ?? 0) * first.contract.multiplier;
  if (o.intent.side === 'buy') p.cash = roundMicro(p.cash - premium - fees);
  else if (o.closes.every((x) => !x)) p.cash = roundMicro(p.cash + premium - fees);
  if (!move) return;
  for (const leg of o.legs) {
    const held = p.holdings.get(leg.contract.symbol);
    const qty = (held?.qty ?? 0) + (leg.side === 'buy' ? 1 : -1) * units * leg.ratio;
    p.holdings.set(leg.contract.symbol, { contract: leg.contract, qty });
  }
}

/** Contracts of `symbol` that working orders will close (sells of a long, buys of a short). */
export function closing(working: Iterable<SimOrder>, symbol: string): number {
  let n = 0;
  for (const o of working) {
    o.legs.forEach((leg, i) => {
      if (leg.contract.symbol === symbol && o.closes[i]) n += (o.intent.qty - o.state.cumQty) * leg.ratio;
    });
  }
  return n;
}

/** A rejected order as the broker records it (the quantity as asked, even if invalid) and the execution reporting it. */
export function rejection(intent: OrderIntent, reason: string, now: number): { state: OrderState; exec: Execution } {
  const { clientOrderId, correlationId, symbol, side, qty } = intent;
  return {
    state: Object.freeze({ clientOrderId, correlationId, symbol, side, qty, status: 'rejected', cumQty: 0, fees: 0, updatedTs: now, reason }),
    exec: Object.freeze({ clientOrderId, correlationId, symbol, side, status: 'rejected', fillQty: 0, cumQty: 0, fees: 0, ts: now, reason }),
  };
}

/** An order's current state as an execution that fills nothing: the answer to a duplicate submit (reason DUPLICATE_CLIENT_ORDER_ID) or a look-up (the order's own reason). */
export function snapshot(s: OrderState, now: number, reason: string | undefined): Execution {
  const { clientOrderId, correlationId, symbol, side, status, cumQty, avgFillPrice } = s;
  return Object.freeze({
    clientOrderId,
    correlationId,
    symbol,
    side,
    status,
    fillQty: 0,
    cumQty,
    ...(avgFillPrice === undefined ? {} : { avgFillPrice }),
    fees: 0,
    ts: now,
    ...(reason === undefined ? {} : { reason }),
  });
}
