import { DomainError } from '../../domain/errors.js';
import { isTerminal } from '../../domain/orders/lifecycle.js';
import { applyExecution, newOrderState, type OrderState } from '../../domain/orders/state.js';
import type { Execution } from '../../domain/values/execution.js';
import { finite, positive } from '../../domain/values/numbers.js';
import type { OrderIntent } from '../../domain/values/order.js';
import type { OptionQuote } from '../../domain/values/quote.js';
import { isoDateToUtcMs } from '../../domain/values/time.js';
import { loadSimBrokerConfig, type SimBrokerConfig, type SimBrokerConfigInput } from './config.js';
import { feesFor, fillCapacity, fillPrice, referencePrice, roundMicro } from './fills.js';
import { addFill, settle, type BrokerPosition, type Settlement } from './ledger.js';
import { isRegularSession } from './session.js';
import { checkSubmit, type SubmitContext } from './validate.js';
import { exposure, rejection, snapshot, type SimOrder } from './working-orders.js';

export interface SimBrokerOptions {
  /** Starting cash, dollars. */
  readonly cash: number;
  readonly config?: SimBrokerConfigInput;
  /** Whether the market is open at `now`; defaults to the exchange's regular session (holidays closed). */
  readonly isOpen?: (now: number) => boolean;
  /** Whether a contract is listed (e.g. in the sample market's chains); defaults to any valid OCC symbol. */
  readonly isListed?: (symbol: string) => boolean;
}

type Change = Pick<Execution, 'status' | 'fillQty' | 'cumQty' | 'fees' | 'fillPrice' | 'reason'>;

/**
 * A deterministic broker for backtests: day orders on option contracts, fills against the
 * quotes the backtest feeds it, fees, cash and positions. It never reads the clock: every
 * call takes `now` (epoch ms). Every order event is checked against the domain's lifecycle.
 */
export class SimBroker {
  private readonly config: SimBrokerConfig;
  private readonly isOpen: (now: number) => boolean;
  private readonly isListed: (symbol: string) => boolean;
  /** Every order ever submitted (rejects included), in submission order. */
  private readonly all = new Map<string, OrderState>();
  /** Orders still working (accepted or partially filled), in submission order. */
  private readonly working = new Map<string, SimOrder>();
  private readonly book = new Map<string, BrokerPosition>();
  /** Every settlement at expiry, oldest first (what the venue did to positions by itself). */
  private readonly settled: Settlement[] = [];
  private balance: number;

  constructor(options: SimBrokerOptions) {
    this.config = loadSimBrokerConfig(options.config);
    this.balance = finite(options.cash, 'cash');
    this.isOpen = options.isOpen ?? isRegularSession;
    this.isListed = options.isListed ?? (() => true);
  }

  /**
   * Accepts or rejects an order; a marketable order fills at once against `quote`. A client
   * order id seen before returns that order's current state (reason DUPLICATE_CLIENT_ORDER_ID)
   * and never places a second order.
   */
  submit(intent: OrderIntent, quote: OptionQuote | undefined, now: number): Execution[] {
    const existing = this.all.get(intent.clientOrderId);
    if (existing) return [snapshot(existing, now, 'DUPLICATE_CLIENT_ORDER_ID')];
    if (quote && quote.symbol !== intent.symbol) {
      throw new DomainError('QUOTE_SYMBOL_MISMATCH', `quote for ${quote.symbol} given with an order for ${intent.symbol}`, 'quote');
    }
    const checked = checkSubmit(intent, this.context(intent, quote, now));
    if (!checked.ok) {
      const { state, exec } = rejection(intent, checked.reasons.join(','), now);
      this.all.set(intent.clientOrderId, state);
      return [exec];
    }
    const order: SimOrder = { intent, contract: checked.value, refPrice: referencePrice(intent, quote, this.config) ?? 0, state: newOrderState({ ...intent, ts: now }) };
    this.working.set(intent.clientOrderId, order);
    const accepted = this.emit(order, { status: 'accepted', fillQty: 0, cumQty: 0, fees: 0 }, now);
    return quote ? [accepted, ...this.tryFill(order, quote, now)] : [accepted];
  }

  /** Fills working orders on the quote's contract, in submission order. */
  onQuote(quote: OptionQuote, now: number): Execution[] {
    if (!this.isOpen(now)) return [];
    return [...this.working.values()].filter((o) => o.intent.symbol === quote.symbol).flatMap((o) => this.tryFill(o, quote, now));
  }

  /** Cancels a working order; an unknown or finished order gives no execution. */
  cancel(clientOrderId: string, now: number): Execution[] {
    const order = this.working.get(clientOrderId);
    return order ? [this.emit(order, { status: 'canceled', fillQty: 0, cumQty: order.state.cumQty, fees: 0, reason: 'CANCEL_REQUESTED' }, now)] : [];
  }

  /** The session close: every working day order expires. */
  endOfDay(now: number): Execution[] {
    return [...this.working.values()].map((o) => this.emit(o, { status: 'expired', fillQty: 0, cumQty: o.state.cumQty, fees: 0, reason: 'DAY_ORDER_EXPIRED' }, now));
  }

  /** Settles positions expiring on `date` (run after endOfDay): ITM at intrinsic value in cash, OTM worthless. */
  settleExpiry(date: string, spotBySymbol: (underlying: string) => number, now: number): Settlement[] {
    isoDateToUtcMs(date);
    const expiring = [...this.book.values()].filter((p) => p.contract.expiry === date);
    for (const o of this.working.values()) {
      if (o.contract.expiry === date) throw new DomainError('ORDERS_STILL_WORKING', `order ${o.intent.clientOrderId} still works on expiring ${o.intent.symbol}: call endOfDay first`);
    }
    return expiring.map((p) => {
      const s = settle(p, positive(spotBySymbol(p.contract.underlying), 'spot'), now);
      this.balance = roundMicro(this.balance + s.cashFlow);
      this.book.delete(p.contract.symbol);
      this.settled.push(Object.freeze({ ...s }));
      return s;
    });
  }

  /** The settlements at expiry at or after `since` (epoch ms), oldest first. */
  settlementsSince(since: number): Settlement[] {
    return this.settled.filter((s) => s.ts >= since);
  }

  /** An order's current state, or undefined when no order had this client order id. */
  lookup(clientOrderId: string, now: number): Execution | undefined {
    const state = this.all.get(clientOrderId);
    return state && snapshot(state, now, state.reason);
  }

  /** Every order still working, as its current state. */
  openOrders(now: number): Execution[] {
    return [...this.working.values()].map((o) => snapshot(o.state, now, undefined));
  }

  positions(): BrokerPosition[] {
    return [...this.book.values()];
  }

  cash(): number {
    return this.balance;
  }

  orders(): OrderState[] {
    return [...this.all.values()];
  }

  /** The contracts with an order still working, each once (what needs a quote each minute). */
  workingSymbols(): Set<string> {
    const symbols = new Set<string>();
    for (const o of this.working.values()) symbols.add(o.intent.symbol);
    return symbols;
  }

  /** Cash plus every position at its mark × multiplier; a position without a mark counts at its average cost. */
  equity(markFor: (symbol: string) => number | undefined): number {
    let total = this.balance;
    for (const p of this.book.values()) total += p.qty * (markFor(p.contract.symbol) ?? p.avgPrice) * p.contract.multiplier;
    return roundMicro(total);
  }

  private tryFill(order: SimOrder, quote: OptionQuote, now: number): Execution[] {
    const price = fillPrice(order.intent, quote, this.config);
    if (price === undefined) return [];
    const { intent, contract } = order;
    const fillQty = Math.min(intent.qty - order.state.cumQty, fillCapacity(quote, this.config));
    const cumQty = order.state.cumQty + fillQty;
    const fees = feesFor(fillQty, this.config);
    const status = cumQty === intent.qty ? 'filled' : 'partially_filled';
    const exec = this.emit(order, { status, fillQty, fillPrice: price, cumQty, fees }, now);
    const signedQty = intent.side === 'buy' ? fillQty : -fillQty;
    this.balance = roundMicro(this.balance - signedQty * price * contract.multiplier - fees);
    const position = addFill(this.book.get(contract.symbol), contract, signedQty, price);
    if (position) this.book.set(contract.symbol, Object.freeze(position));
    else this.book.delete(contract.symbol);
    return [exec];
  }

  /**
   * Builds an execution, applies it through the domain lifecycle (a denial is a broker bug) and
   * retires finished orders. The execution carries the order's average fill price after it.
   */
  private emit(order: SimOrder, change: Change, now: number): Execution {
    const { clientOrderId, correlationId, symbol, side } = order.intent;
    const exec: Execution = { clientOrderId, correlationId, symbol, side, ...change, ts: finite(now, 'now') };
    const next = applyExecution(order.state, exec);
    if (!next.ok) throw new DomainError('SIM_BROKER_INVARIANT', `order ${clientOrderId}: ${change.status} denied (${next.reasons.join(',')})`);
    order.state = next.value;
    this.all.set(clientOrderId, next.value);
    if (isTerminal(next.value.status)) this.working.delete(clientOrderId);
    const avgFillPrice = next.value.avgFillPrice;
    return Object.freeze(avgFillPrice === undefined ? exec : { ...exec, avgFillPrice });
  }

  private context(intent: OrderIntent, quote: OptionQuote | undefined, now: number): SubmitContext {
    const { reserved, offered } = exposure(this.working.values(), intent.symbol, this.config);
    const price = referencePrice(intent, quote, this.config);
    return {
      now,
      marketOpen: this.isOpen(now),
      listed: this.isListed,
      buyCost: (c) => (price === undefined ? undefined : intent.qty * price * c.multiplier + feesFor(intent.qty, this.config)),
      buyingPower: this.balance - reserved,
      sellableQty: (this.book.get(intent.symbol)?.qty ?? 0) - offered,
    };
  }
}
