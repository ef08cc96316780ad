import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DomainError } from '../../domain/errors.js';
import { parseOcc, type OptionContract } from '../../domain/values/contract.js';
import type { Execution } from '../../domain/values/execution.js';
import type { OrderIntent, OrderLeg, OrderSide, PositionIntent } from '../../domain/values/order.js';
import type { OptionQuote } from '../../domain/values/quote.js';
import { wireDecimal } from '../alpaca/wire/decimal.js';
import type { AlpacaOrderObject } from '../alpaca/wire/objects.js';
import { ALPACA_ORDER_SIDES, ALPACA_POSITION_INTENTS } from '../alpaca/wire/order.js';
import { unprocessable, type Refusal } from './refusals.js';
import { assetId, dec, iso } from './wire-values.js';

/** Alpaca's fewest and most legs on one mleg order. */
const MIN_LEGS = 2;
const MAX_LEGS = 4;

const whole = wireDecimal.regex(/^\d+$/, 'must be a whole number');

/**
 * POST /v2/orders with `order_class: "mleg"` as the stand-in takes it (the SDK's PostOrderRequest
 * with MLegOrderLeg legs): no symbol or side on the parent, `qty` in units of the strategy,
 * `limit_price` the signed net price per share (negative: a credit received; positive: a debit
 * paid), each leg's `position_intent` optional (inferred from the position, as for a single leg).
 * The leg count is checked after the shape, with its own message. Unknown fields pass.
 */
const postMlegSchema = z.object({
  order_class: z.literal('mleg'),
  qty: whole,
  type: z.enum(['market', 'limit']),
  time_in_force: z.literal('day'),
  limit_price: wireDecimal.nullish(),
  client_order_id: z.string().min(1).max(128).nullish(),
  extended_hours: z.literal(false).nullish(),
  legs: z.array(
    z.object({
      symbol: z.string().min(1),
      side: z.enum(ALPACA_ORDER_SIDES),
      ratio_qty: whole,
      position_intent: z.enum(ALPACA_POSITION_INTENTS).nullish(),
    }),
  ),
});

/** One leg of an mleg order as Alpaca nests it in its parent (and lists it on its own without nested=true): a child order of one contract. */
export type MlegLegObject = Omit<AlpacaOrderObject, 'order_class'> & { order_class: 'mleg'; ratio_qty: string };

/**
 * An mleg parent as Alpaca sends it (the MultilegOptions example of Alpaca's OpenAPI document):
 * symbol, side, asset id and asset class "" (the legs carry them), qty and filled_qty in units,
 * limit_price and filled_avg_price the signed net per share, its legs nested.
 */
export type MlegParentObject = Omit<AlpacaOrderObject, 'order_class' | 'asset_class' | 'asset_id' | 'symbol' | 'side' | 'position_intent' | 'legs'> & {
  order_class: 'mleg';
  asset_class: '';
  asset_id: '';
  symbol: '';
  side: '';
  legs: MlegLegObject[];
};

/** Any order the stand-in holds. */
export type StandinOrderObject = AlpacaOrderObject | MlegParentObject;

export function isMleg(o: StandinOrderObject): o is MlegParentObject {
  return o.order_class === 'mleg';
}

/** The parts of an order that each trade one contract: a single-leg order itself, an mleg order's legs. */
export function contractParts(o: StandinOrderObject): readonly (AlpacaOrderObject | MlegLegObject)[] {
  return isMleg(o) ? o.legs : [o];
}

/** An mleg request read and checked: the sim broker's intent and every leg's quote found. */
export interface MlegRequest {
  readonly intent: OrderIntent;
  readonly quotes: readonly OptionQuote[];
  /** The signed net limit as asked (null for a market order), to answer with. */
  readonly limit: string | null;
}

export interface MlegContext {
  readonly now: number;
  /** Signed contracts held of an option. */
  readonly held: (symbol: string) => number;
  readonly quote: (symbol: string) => OptionQuote | undefined;
}

/** A leg's intent when the request gives none: a sell closes a long held, a buy closes a short held, else each opens. */
function inferredIntent(side: OrderSide, held: number): PositionIntent {
  if (side === 'buy') return held < 0 ? 'buy_to_close' : 'buy_to_open';
  return held > 0 ? 'sell_to_close' : 'sell_to_open';
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * The net side of a market mleg order (it has no signed limit to say it): sell when the legs sold
 * are worth more than the legs bought at their mids (× ratio), else buy; without every quote, the
 * first leg's side (Thetis puts the leg on the net side first).
 */
function marketSide(legs: readonly OrderLeg[], quotes: readonly (OptionQuote | undefined)[]): OrderSide {
  if (quotes.some((q) => q === undefined)) return legs[0]?.side ?? 'buy';
  const sold = legs.reduce((n, l, i) => {
    const q = quotes[i] as OptionQuote;
    return n + (l.side === 'sell' ? 1 : -1) * l.ratio * ((q.bid + q.ask) / 2);
  }, 0);
  return sold > 0 ? 'sell' : 'buy';
}

/**
 * Reads a POST /v2/orders body of `order_class: "mleg"` as Alpaca validates one (each failure a
 * 422 with its generic code): 2–4 legs, each an option contract named once, all on one
 * underlying, a whole `ratio_qty` ≥ 1 with the ratios in lowest terms (1:2, not 2:4), a position
 * intent matching the leg's side; whole units; a limit order with a signed, non-zero limit, a
 * market order without one. The intent's net side is the limit's sign (negative: sell, a credit),
 * its limitPrice the limit's size; effect open when every leg opens, else close.
 */
export function readMleg(raw: unknown, clientOrderId: string | undefined, ctx: MlegContext): MlegRequest | Refusal {
  const parsed = postMlegSchema.safeParse(raw);
  if (!parsed.success) return unprocessable(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  const b = parsed.data;
  if (b.legs.length < MIN_LEGS || b.legs.length > MAX_LEGS) return unprocessable(`legs: a multi-leg order takes ${MIN_LEGS} to ${MAX_LEGS} legs, got ${b.legs.length}`);
  const units = Number(b.qty);
  if (units < 1) return unprocessable('qty must be at least 1');
  const contracts: OptionContract[] = [];
  for (const leg of b.legs) {
    try {
      contracts.push(parseOcc(leg.symbol));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return unprocessable(`asset "${leg.symbol}" not found`);
    }
  }
  const underlying = (contracts[0] as OptionContract).underlying;
  if (contracts.some((c) => c.underlying !== underlying)) return unprocessable('legs: every leg must have the same underlying');
  if (new Set(b.legs.map((l) => l.symbol)).size !== b.legs.length) return unprocessable('legs: a contract may appear in one leg only');
  const ratios = b.legs.map((l) => Number(l.ratio_qty));
  if (ratios.some((r) => r < 1)) return unprocessable('legs.ratio_qty must be at least 1');
  if (ratios.reduce(gcd) !== 1) return unprocessable('legs.ratio_qty must be in simplest form');
  const legs: OrderLeg[] = [];
  for (const [i, l] of b.legs.entries()) {
    const positionIntent = l.position_intent ?? inferredIntent(l.side, ctx.held(l.symbol));
    if (!positionIntent.startsWith(`${l.side}_to_`)) return unprocessable(`legs.position_intent ${positionIntent} does not match side ${l.side}`);
    legs.push({ symbol: l.symbol, side: l.side, ratio: ratios[i] as number, positionIntent });
  }
  const limit = b.limit_price ?? null;
  if (b.type === 'limit' && limit === null) return unprocessable('limit_price is required for limit orders');
  if (b.type === 'market' && limit !== null) return unprocessable('limit_price must not be given for market orders');
  if (limit !== null && Number(limit) === 0) return unprocessable('limit_price must not be zero');
  const found = legs.map((l) => ctx.quote(l.symbol));
  const side: OrderSide = limit === null ? marketSide(legs, found) : Number(limit) < 0 ? 'sell' : 'buy';
  const id = clientOrderId ?? randomUUID();
  const intent: OrderIntent = {
    clientOrderId: id,
    correlationId: id,
    underlying,
    symbol: (legs[0] as OrderLeg).symbol,
    side,
    effect: legs.every((l) => l.positionIntent.endsWith('_open')) ? 'open' : 'close',
    qty: units,
    type: b.type,
    ...(limit === null ? {} : { limitPrice: Math.abs(Number(limit)) }),
    timeInForce: 'day',
    reasons: [],
    ts: ctx.now,
    legs,
  };
  return { intent, quotes: found.filter((q): q is OptionQuote => q !== undefined), limit };
}

/** The mleg parent as Alpaca answers the POST: accepted, nothing filled, a child order per leg with its own ids. */
export function newMlegOrder(req: MlegRequest, now: number): MlegParentObject {
  const at = iso(now);
  const { intent } = req;
  const times = { created_at: at, updated_at: at, submitted_at: at, filled_at: null, expired_at: null, canceled_at: null, failed_at: null, replaced_at: null, replaced_by: null, replaces: null };
  const common = { ...times, notional: null, time_in_force: 'day', stop_price: null, status: 'accepted', extended_hours: false, trail_percent: null, trail_price: null, hwm: null } as const;
  return {
    ...common,
    id: randomUUID(),
    client_order_id: intent.clientOrderId,
    asset_id: '',
    symbol: '',
    asset_class: '',
    qty: dec(intent.qty),
    filled_qty: '0',
    filled_avg_price: null,
    order_class: 'mleg',
    order_type: intent.type,
    type: intent.type,
    side: '',
    limit_price: req.limit,
    legs: (intent.legs ?? []).map((l) => ({
      ...common,
      id: randomUUID(),
      client_order_id: randomUUID(),
      asset_id: assetId(l.symbol),
      symbol: l.symbol,
      asset_class: 'us_option',
      qty: dec(l.ratio * intent.qty),
      filled_qty: '0',
      filled_avg_price: null,
      order_class: 'mleg',
      order_type: '',
      type: '',
      side: l.side,
      position_intent: l.positionIntent,
      limit_price: null,
      legs: null,
      ratio_qty: dec(l.ratio),
    })),
  };
}

/**
 * Applies a fill of an mleg order: the parent's units and signed net average (negative for a
 * credit, as its limit), and each leg's contracts and average price from the execution's leg fills.
 */
export function fillMleg(o: MlegParentObject, e: Execution): void {
  o.filled_qty = dec(e.cumQty);
  if (e.avgFillPrice !== undefined) o.filled_avg_price = dec(e.side === 'sell' ? -e.avgFillPrice : e.avgFillPrice);
  for (const f of e.legs ?? []) {
    const leg = o.legs.find((l) => l.symbol === f.symbol);
    if (leg === undefined) continue;
    const before = Number(leg.filled_qty);
    const avg = leg.filled_avg_price === null ? 0 : Number(leg.filled_avg_price);
    const qty = before + f.qty;
    leg.filled_avg_price = dec((before * avg + f.qty * f.price) / qty);
    leg.filled_qty = dec(qty);
  }
}

/** Each leg takes its parent's status and times (the legs of an mleg order move together). */
export function syncLegs(o: MlegParentObject): void {
  for (const leg of o.legs) {
    leg.status = o.status;
    leg.updated_at = o.updated_at;
    leg.filled_at = o.filled_at;
    leg.canceled_at = o.canceled_at;
    leg.expired_at = o.expired_at;
    leg.failed_at = o.failed_at;
  }
}

/** A copy to send: an mleg parent with copies of its legs (nested), or without them and its legs listed after it (flat). */
export function orderView(o: StandinOrderObject, nested: boolean): unknown[] {
  if (!isMleg(o)) return [{ ...o }];
  if (nested) return [{ ...o, legs: o.legs.map((l) => ({ ...l })) }];
  return [{ ...o, legs: null }, ...o.legs.map((l) => ({ ...l }))];
}

/** The net price of one fill as the parent's limit is signed (negative for a credit). */
export function signedNet(e: Execution): string {
  const price = e.fillPrice ?? 0;
  return dec(e.side === 'sell' ? -price : price);
}
