import { DomainError } from '../../domain/errors.js';
import { isTerminal } from '../../domain/orders/lifecycle.js';
import { applyExecution, newOrderState, type OrderState } from '../../domain/orders/state.js';
import type { Execution } from '../../domain/values/execution.js';
import { finite, positive } from '../../domain/values/numbers.js';
import { isShares, type OrderIntent } from '../../domain/values/order.js';
import type { OptionQuote } from '../../domain/values/quote.js';
import { isoDateToUtcMs } from '../../domain/values/time.js';
import { loadSimBrokerConfig, type SimBrokerConfig, type SimBrokerConfigInput } from './config.js';
import { feesFor, fillCapacity, fillPrice, roundMicro } from './fills.js';
import { addFill, addQty, settle, type BrokerPosition, type OptionPosition, type Settlement, type StockPosition } from './ledger.js';
import { requirement } from './margin.js';
import { legFills, legPrices, naturalNet, netFillPrice, unitsCapacity, type SimLeg } from './multi-leg.js';
import { isRegularSession } from './session.js';
import { checkShareSubmit, SHORT_SALE_HOLD } from './shares.js';
import { checkSubmit, type CheckedLegs, type SimRejectReason, type SubmitContext } from './validate.js';
import { addsRisk, closing, project, rejection, snapshot, type Projection, type SimOrder } from './working-orders.js';

export interface SimBrokerOptions {
  /** Starting cash, dollars. */
  readonly cash: number;
  readonly config?: SimBrokerConfigInput;
  /** Whether the market is open at `now`; defaults to the exchange's regular session (holidays closed). */
  readonly isOpen?: (now: number) => boolean;
  /** Whether a contract is listed (e.g. in the sample market's chains); defaults to any valid OCC symbol. */
  readonly isListed?: (symbol: string) => boolean;
}

type Change = Pick<Execution, 'status' | 'fillQty' | 'cumQty' | 'fees' | 'fillPrice' | 'reason' | 'legs'>;

/** The quotes given with an order: one (a single-leg order's), several (a multi-leg order's legs), or none. */
export type SubmitQuotes = OptionQuote | readonly OptionQuote[] | undefined;

function isQuoteList(q: OptionQuote | readonly OptionQuote[]): q is readonly OptionQuote[] {
  return Array.isArray(q);
}

/** A share order the broker is working (a delta hedge's, see isShares): no legs, the ticker's share quote fills it. */
interface ShareOrder {
  readonly intent: OrderIntent;
  state: OrderState;
}

/**
 * A deterministic broker for backtests: day orders on option contracts, single-leg or multi-leg
 * (filled atomically at a net price), fills against the quotes the backtest feeds it, fees, cash,
 * option positions long and short, shares from assignments and share orders (delta hedges), and expiry. It never reads the clock:
 * every call takes `now` (epoch ms). Every order event is checked against the domain's lifecycle.
 */
export class SimBroker {
  private readonly config: SimBrokerConfig;
  private readonly isOpen: (now: number) => boolean;
  private readonly isListed: (symbol: string) => boolean;
  /** Every order ever submitted (rejects included), in submission order. */
  private readonly all = new Map<string, OrderState>();
  /** Orders still working (accepted or partially filled), in submission order. */
  private readonly working = new Map<string, SimOrder>();
  /** Share orders still working, in submission order. */
  private readonly workingShares = new Map<string, ShareOrder>();
  private readonly book = new Map<string, OptionPosition>();
  /** Shares by underlying, from exercises and assignments and share orders. */
  private readonly stock = new Map<string, StockPosition>();
  /** The last quote given per contract and when: a multi-leg order fills on its legs' quotes given at the same `now`. */
  private readonly lastQuote = new Map<string, { quote: OptionQuote; now: number }>();
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
   * Accepts or rejects an order; a marketable order fills at once against `quotes` (a multi-leg
   * order: every leg's quote). A client order id seen before returns that order's current state
   * (reason DUPLICATE_CLIENT_ORDER_ID) and never places a second order.
   */
  submit(intent: OrderIntent, quotes: SubmitQuotes, now: number): Execution[] {
    const existing = this.all.get(intent.clientOrderId);
    if (existing) return [snapshot(existing, now, 'DUPLICATE_CLIENT_ORDER_ID')];
    const given: readonly OptionQuote[] = quotes === undefined ? [] : isQuoteList(quotes) ? quotes : [quotes];
    if (isShares(intent)) return this.submitShares(intent, given[0], now);
    const symbols = intent.legs?.map((l) => l.symbol) ?? [intent.symbol];
    for (const q of given) {
      if (!symbols.includes(q.symbol)) throw new DomainError('QUOTE_SYMBOL_MISMATCH', `quote for ${q.symbol} given with an order for ${symbols.join(',')}`, 'quote');
      this.lastQuote.set(q.symbol, { quote: q, now });
    }
    const legQuotes = symbols.map((s) => given.find((q) => q.symbol === s));
    const complete = legQuotes.every((q) => q !== undefined) ? (legQuotes as OptionQuote[]) : undefined;
    let refPrice: number | undefined;
    const checked = checkSubmit(intent, this.context(intent, now, (legs) => (refPrice = this.refPrice(intent, legs, complete))));
    if (!checked.ok) {
      const { state, exec } = rejection(intent, checked.reasons.join(','), now);
      this.all.set(intent.clientOrderId, state);
      return [exec];
    }
    const order: SimOrder = { intent, ...checked.value, refPrice, state: newOrderState({ ...intent, ts: now }) };
    this.working.set(intent.clientOrderId, order);
    const accepted = this.emit(order, { status: 'accepted', fillQty: 0, cumQty: 0, fees: 0 }, now);
    if (complete === undefined) return [accepted];
    return [accepted, ...(intent.legs === undefined ? this.tryFill(order, complete[0] as OptionQuote, now) : this.tryFillLegs(order, complete, now))];
  }

  /**
   * Fills working orders on the quote's contract (share orders on a ticker's share quote), in
   * submission order. A multi-leg order fills once every leg has a quote given at this same `now`
   * (this one or earlier calls).
   */
  onQuote(quote: OptionQuote, now: number): Execution[] {
    if (!this.isOpen(now)) return [];
    this.lastQuote.set(quote.symbol, { quote, now });
    const shares = [...this.workingShares.values()].filter((o) => o.intent.symbol === quote.symbol).flatMap((o) => this.tryFillShares(o, quote, now));
    const options = [...this.working.values()]
      .filter((o) => o.legs.some((l) => l.contract.symbol === quote.symbol))
      .flatMap((o) => {
        if (o.intent.legs === undefined) return this.tryFill(o, quote, now);
        const quotes = o.legs.map((l) => this.lastQuote.get(l.contract.symbol));
        return quotes.every((q) => q?.now === now) ? this.tryFillLegs(o, quotes.map((q) => (q as { quote: OptionQuote }).quote), now) : [];
      });
    return [...shares, ...options];
  }

  /** Cancels a working order; an unknown or finished order gives no execution. */
  cancel(clientOrderId: string, now: number): Execution[] {
    const order = this.working.get(clientOrderId) ?? this.workingShares.get(clientOrderId);
    return order ? [this.emit(order, { status: 'canceled', fillQty: 0, cumQty: order.state.cumQty, fees: 0, reason: 'CANCEL_REQUESTED' }, now)] : [];
  }

  /** The session close: every working day order expires. */
  endOfDay(now: number): Execution[] {
    return [...this.workingShares.values(), ...this.working.values()].map((o) => this.emit(o, { status: 'expired', fillQty: 0, cumQty: o.state.cumQty, fees: 0, reason: 'DAY_ORDER_EXPIRED' }, now));
  }

  /**
   * Settles the option positions expiring on `date` (run after endOfDay), one settlement each (see
   * `settle`): out of the money they expire worthless; a short in the money is assigned (shares at
   * its strike); a long in the money is exercised into shares when a short of its underlying is
   * assigned the same day (a spread's wing), else settled at intrinsic value in cash. Shares land
   * in the underlying's stock position.
   */
  settleExpiry(date: string, spotBySymbol: (underlying: string) => number, now: number): Settlement[] {
    isoDateToUtcMs(date);
    const expiring = [...this.book.values()].filter((p) => p.contract.expiry === date);
    for (const o of this.working.values()) {
      if (o.legs.some((l) => l.contract.expiry === date)) throw new DomainError('ORDERS_STILL_WORKING', `order ${o.intent.clientOrderId} still works on expiring ${o.intent.symbol}: call endOfDay first`);
    }
    const spots = new Map(expiring.map((p) => [p.contract.underlying, positive(spotBySymbol(p.contract.underlying), 'spot')]));
    const assigned = new Set(expiring.filter((p) => p.qty < 0 && settle(p, spots.get(p.contract.underlying) as number, now).outcome === 'assigned').map((p) => p.contract.underlying));
    return expiring.map((p) => {
      const { underlying } = p.contract;
      const s = Object.freeze(settle(p, spots.get(underlying) as number, now, assigned.has(underlying)));
      this.balance = roundMicro(this.balance + s.cashFlow);
      this.book.delete(p.contract.symbol);
      if (s.shares !== undefined) this.addShares(underlying, s.shares, s.strike as number);
      this.settled.push(s);
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
    return [...this.workingShares.values(), ...this.working.values()].map((o) => snapshot(o.state, now, undefined));
  }

  /** Option positions, long (qty > 0) and short (qty < 0). */
  positions(): BrokerPosition[] {
    return [...this.book.values()];
  }

  /** Shares by underlying (symbol = the underlying's ticker): received or delivered by exercises and assignments, bought or sold by share orders. */
  stockPositions(): StockPosition[] {
    return [...this.stock.values()];
  }

  cash(): number {
    return this.balance;
  }

  /**
   * Cash not held by option shorts (cash-secured puts at strike × 100, spreads at width × 100) nor
   * by short stock (SHORT_SALE_HOLD × its value) nor reserved by working orders: what an order that
   * adds risk may use, dollars.
   */
  buyingPower(): number {
    const p = this.projection();
    return roundMicro(p.cash - requirement(p.holdings, (u) => this.stock.get(u)?.qty ?? 0).collateral - this.shareHolds());
  }

  /** Cash short stock holds (SHORT_SALE_HOLD × its value at its average price) and working share buys reserve (at their limits). */
  private shareHolds(): number {
    let held = 0;
    for (const s of this.stock.values()) if (s.qty < 0) held += -s.qty * s.avgPrice * SHORT_SALE_HOLD;
    for (const o of this.workingShares.values()) if (o.intent.side === 'buy') held += (o.intent.qty - o.state.cumQty) * (o.intent.limitPrice ?? 0);
    return held;
  }

  orders(): OrderState[] {
    return [...this.all.values()];
  }

  /** The contracts with an order still working (every leg of a multi-leg order) and the tickers of working share orders, each once: what needs a quote each minute. */
  workingSymbols(): Set<string> {
    const symbols = new Set<string>([...this.workingShares.values()].map((o) => o.intent.symbol));
    for (const o of this.working.values()) for (const l of o.legs) symbols.add(l.contract.symbol);
    return symbols;
  }

  /** Cash plus every position at its mark × multiplier (shares at the underlying's mark); a position without a mark counts at its average price. */
  equity(markFor: (symbol: string) => number | undefined): number {
    let total = this.balance;
    for (const p of this.book.values()) total += p.qty * (markFor(p.contract.symbol) ?? p.avgPrice) * p.contract.multiplier;
    for (const s of this.stock.values()) total += s.qty * (markFor(s.symbol) ?? s.avgPrice);
    return roundMicro(total);
  }

  /**
   * A share order: checked (checkShareSubmit), accepted, and filled whole at once when the share
   * quote reaches its limit (the underlying's price plus or minus the slippage, as an option's fill);
   * else it rests until a later share quote reaches it or the close. No fees (Alpaca charges no
   * commission on stock; the tiny regulatory fees on sales are left out).
   */
  private submitShares(intent: OrderIntent, quote: OptionQuote | undefined, now: number): Execution[] {
    if (quote !== undefined && quote.symbol !== intent.symbol) throw new DomainError('QUOTE_SYMBOL_MISMATCH', `quote for ${quote.symbol} given with an order for ${intent.symbol}`, 'quote');
    const reasons = checkShareSubmit(intent, { marketOpen: this.isOpen(now), price: quote?.ask, held: this.stock.get(intent.symbol)?.qty ?? 0, buyingPower: this.buyingPower() });
    if (reasons.length > 0) {
      const { state, exec } = rejection(intent, reasons.join(','), now);
      this.all.set(intent.clientOrderId, state);
      return [exec];
    }
    const order: ShareOrder = { intent, state: newOrderState({ ...intent, ts: now }) };
    this.workingShares.set(intent.clientOrderId, order);
    const accepted = this.emit(order, { status: 'accepted', fillQty: 0, cumQty: 0, fees: 0 }, now);
    // Without a quote the check above has refused it (no price): typed here as the options path does.
    return quote === undefined ? [accepted] : [accepted, ...this.tryFillShares(order, quote, now)];
  }

  private tryFillShares(order: ShareOrder, quote: OptionQuote, now: number): Execution[] {
    const price = fillPrice(order.intent, quote, this.config);
    if (price === undefined) return [];
    const { intent } = order;
    const fillQty = intent.qty - order.state.cumQty;
    const exec = this.emit(order, { status: 'filled', fillQty, fillPrice: price, cumQty: intent.qty, fees: 0 }, now);
    const signed = intent.side === 'buy' ? fillQty : -fillQty;
    this.balance = roundMicro(this.balance - signed * price);
    this.addShares(intent.symbol, signed, price);
    return [exec];
  }

  private tryFill(order: SimOrder, quote: OptionQuote, now: number): Execution[] {
    const price = fillPrice(order.intent, quote, this.config);
    if (price === undefined) return [];
    const { intent } = order;
    const fillQty = Math.min(intent.qty - order.state.cumQty, fillCapacity(quote, this.config));
    const cumQty = order.state.cumQty + fillQty;
    const fees = feesFor(fillQty, this.config);
    const status = cumQty === intent.qty ? 'filled' : 'partially_filled';
    const exec = this.emit(order, { status, fillQty, fillPrice: price, cumQty, fees }, now);
    this.book1(order.legs[0] as SimLeg, fillQty, price);
    this.balance = roundMicro(this.balance - fees);
    return [exec];
  }

  /** Fills a multi-leg order atomically at a net price (see multi-leg.ts), each leg booked at its own price. */
  private tryFillLegs(order: SimOrder, quotes: readonly OptionQuote[], now: number): Execution[] {
    const { intent, legs } = order;
    const price = netFillPrice(intent, naturalNet(intent.side, legs, quotes), this.config);
    const prices = price === undefined ? undefined : legPrices(intent.side, legs, quotes, price);
    const units = Math.min(intent.qty - order.state.cumQty, unitsCapacity(legs, quotes, this.config));
    if (price === undefined || prices === undefined || units < 1) return [];
    const cumQty = order.state.cumQty + units;
    const fees = feesFor(units * legs.reduce((n, l) => n + l.ratio, 0), this.config);
    const status = cumQty === intent.qty ? 'filled' : 'partially_filled';
    const exec = this.emit(order, { status, fillQty: units, fillPrice: price, cumQty, fees, legs: legFills(legs, units, prices) }, now);
    legs.forEach((leg, i) => this.book1(leg, units * leg.ratio, prices[i] as number));
    this.balance = roundMicro(this.balance - fees);
    return [exec];
  }

  /** Books `qty` contracts of one leg at `price`: cash and the leg's position. */
  private book1(leg: SimLeg, qty: number, price: number): void {
    const signedQty = leg.side === 'buy' ? qty : -qty;
    this.balance = roundMicro(this.balance - signedQty * price * leg.contract.multiplier);
    const position = addFill(this.book.get(leg.contract.symbol), leg.contract, signedQty, price);
    if (position) this.book.set(leg.contract.symbol, Object.freeze(position));
    else this.book.delete(leg.contract.symbol);
  }

  private addShares(underlying: string, shares: number, price: number): void {
    const next = addQty(this.stock.get(underlying), shares, price);
    if (next) this.stock.set(underlying, Object.freeze({ symbol: underlying, ...next }));
    else this.stock.delete(underlying);
  }

  /**
   * Builds an execution, applies it through the domain lifecycle (a denial is a broker bug) and
   * retires finished orders. The execution carries the order's average fill price after it.
   */
  private emit(order: SimOrder | ShareOrder, change: Change, now: number): Execution {
    const { clientOrderId, correlationId, symbol, side } = order.intent;
    const exec: Execution = { clientOrderId, correlationId, symbol, side, ...change, ts: finite(now, 'now') };
    const next = applyExecution(order.state, exec);
    if (!next.ok) throw new DomainError('SIM_BROKER_INVARIANT', `order ${clientOrderId}: ${change.status} denied (${next.reasons.join(',')})`);
    order.state = next.value;
    this.all.set(clientOrderId, next.value);
    if (isTerminal(next.value.status)) {
      this.working.delete(clientOrderId);
      this.workingShares.delete(clientOrderId);
    }
    const avgFillPrice = next.value.avgFillPrice;
    return Object.freeze(avgFillPrice === undefined ? exec : { ...exec, avgFillPrice });
  }

  /** The net price per share bounding an order's cash: its limit, or for a market order natural ∓ slippage; undefined without every leg's quote. */
  private refPrice(intent: OrderIntent, legs: readonly SimLeg[], quotes: readonly OptionQuote[] | undefined): number | undefined {
    if (intent.type === 'limit') return intent.limitPrice;
    if (quotes === undefined) return undefined;
    const slip = this.config.slippageTicks * this.config.tickSize;
    return roundMicro(naturalNet(intent.side, legs, quotes) + (intent.side === 'buy' ? slip : -slip));
  }

  /** Cash and contracts if every working order that can add risk filled (and every debit were paid). */
  private projection(): Projection {
    const p: Projection = { cash: this.balance, holdings: new Map([...this.book].map(([s, h]) => [s, { contract: h.contract, qty: h.qty }])) };
    for (const o of this.working.values()) project(p, o, o.intent.qty - o.state.cumQty, addsRisk(o), this.config);
    return p;
  }

  /**
   * The money stage: a debit needs a price reference (NO_QUOTE); the order filled in full must not
   * leave a naked call it did not find (NAKED_CALL_NOT_ALLOWED); and cash after it must cover what
   * option shorts hold, unless the order leaves the account no worse off (a close is never refused
   * for money it frees).
   */
  private money(intent: OrderIntent, checked: CheckedLegs, ref: number | undefined): SimRejectReason[] {
    if (intent.side === 'buy' && ref === undefined) return ['NO_QUOTE'];
    const shares = (u: string) => this.stock.get(u)?.qty ?? 0;
    const before = this.projection();
    const after: Projection = { cash: before.cash, holdings: new Map([...before.holdings].map(([s, h]) => [s, { ...h }])) };
    project(after, { intent, ...checked, refPrice: ref }, intent.qty, true, this.config);
    const reqBefore = requirement(before.holdings, shares);
    const reqAfter = requirement(after.holdings, shares);
    if (reqAfter.nakedCalls > reqBefore.nakedCalls) return ['NAKED_CALL_NOT_ALLOWED'];
    const holds = this.shareHolds();
    const freeBefore = roundMicro(before.cash - reqBefore.collateral - holds);
    const freeAfter = roundMicro(after.cash - reqAfter.collateral - holds);
    return freeAfter < 0 && freeAfter < freeBefore ? ['INSUFFICIENT_BUYING_POWER'] : [];
  }

  private context(intent: OrderIntent, now: number, ref: (legs: readonly SimLeg[]) => number | undefined): SubmitContext {
    return {
      now,
      marketOpen: this.isOpen(now),
      listed: this.isListed,
      held: (symbol) => this.book.get(symbol)?.qty ?? 0,
      closing: (symbol) => closing(this.working.values(), symbol),
      money: (checked) => this.money(intent, checked, ref(checked.legs)),
    };
  }
}
