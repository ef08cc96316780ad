import type { BrokerActivity, HeldAtBroker } from '../../../actors/ports/broker-reports.js';
import { isThetisOrderId } from '../../../domain/intents/ids.js';
import { isOccSymbol } from '../../../domain/values/contract.js';
import { DAY_MS, isoDateToUtcMs, utcMsToIsoDate } from '../../../domain/values/time.js';
import type { AlpacaNonTradeActivity, OptionActivityType } from '../wire/activity.js';
import { OPTION_ACTIVITY_TYPES } from '../wire/activity.js';
import type { AlpacaOrder } from '../wire/order.js';
import type { AlpacaPosition } from '../wire/position.js';
import { AlpacaTranslateError } from './errors.js';
import { isMlegLeg, isMlegParent } from './mleg-order.js';
import { timestampMs } from './execution.js';
import { wireContracts, wireNumber, wirePrice } from './numbers.js';

/**
 * A position as Thetis holds it: signed by `side` (short < 0), whole contracts for an option
 * (shares for a stock an exercise or assignment left), the average entry price per share. Throws
 * AlpacaTranslateError for a fractional option quantity or a negative price.
 */
export function heldAtBroker(p: AlpacaPosition): HeldAtBroker {
  const option = p.asset_class === 'us_option' || isOccSymbol(p.symbol);
  const size = Math.abs(option ? signedContracts(p.qty, 'qty') : wireNumber(p.qty, 'qty'));
  const avgEntryPrice = wireNumber(p.avg_entry_price, 'avg_entry_price');
  if (avgEntryPrice < 0) throw new AlpacaTranslateError('PRICE_NEGATIVE', `avg_entry_price '${p.avg_entry_price}' of ${p.symbol} is negative`);
  return Object.freeze({ symbol: p.symbol, qty: p.side === 'short' ? -size : size, avgEntryPrice });
}

/** A signed wire quantity as whole contracts ("-2" → -2). */
function signedContracts(value: string, field: string): number {
  const negative = value.trim().startsWith('-');
  const n = wireContracts(negative ? value.trim().slice(1) : value, field);
  return negative ? -n : n;
}

const KIND: Readonly<Record<OptionActivityType, BrokerActivity['kind']>> = { OPEXC: 'exercise', OPASN: 'assignment', OPEXP: 'expiry' };

function optionActivityType(type: string): OptionActivityType | undefined {
  return (OPTION_ACTIVITY_TYPES as readonly string[]).includes(type) ? (type as OptionActivityType) : undefined;
}

/** The calendar day an activity is dated ("2023-07-21", or the date part of a timestamp). */
export function activityDay(a: AlpacaNonTradeActivity): string {
  return a.date.slice(0, 10);
}

/**
 * The first day whose activities a mass status since `since` reports: the day before the UTC day
 * of `since`. Alpaca dates these activities by (New York) day only, so a margin of a day: a few
 * too many rather than one missed.
 */
export function firstActivityDay(since: number): string {
  return utcMsToIsoDate(since - DAY_MS);
}

/**
 * An exercise, assignment or expiry as the venue's own activity, or undefined for a type Thetis
 * did not ask for. `qty` is Alpaca's signed change of the option position (OPEXC "-2": two long
 * contracts exercised; OPASN "2": two short contracts assigned). `ts`: created_at when Alpaca
 * gives it, else the start (UTC) of the day it is dated. Throws AlpacaTranslateError when the
 * symbol is not an option or the quantity is missing, zero or fractional.
 */
export function optionActivity(a: AlpacaNonTradeActivity): BrokerActivity | undefined {
  const type = optionActivityType(a.activity_type);
  if (type === undefined) return undefined;
  const symbol = a.symbol ?? '';
  if (!isOccSymbol(symbol)) throw new AlpacaTranslateError('ACTIVITY_NOT_AN_OPTION', `${type} activity ${a.id}: symbol '${symbol}' is not an option`);
  if (a.qty === null || a.qty === undefined) throw new AlpacaTranslateError('ACTIVITY_WITHOUT_QTY', `${type} activity ${a.id} without qty`);
  const qty = signedContracts(a.qty, 'qty');
  if (qty === 0) throw new AlpacaTranslateError('ACTIVITY_WITHOUT_QTY', `${type} activity ${a.id} of 0 contracts`);
  let dayStart: number;
  try {
    dayStart = isoDateToUtcMs(activityDay(a));
  } catch {
    throw new AlpacaTranslateError('BAD_DATE', `${type} activity ${a.id}: date '${a.date}' is not a calendar date`);
  }
  const ts = timestampMs(a.created_at) ?? dayStart;
  return Object.freeze({ id: a.id, kind: KIND[type], symbol, qty, ts });
}

/**
 * The fills of an order Thetis did not place (a liquidation by Alpaca near expiry, an order by
 * hand), or none when the order is Thetis's own, is not on an option, or filled nothing. Each is
 * one contract's change: `qty` the change of the option position (a sell of 2: -2), `price` the
 * average fill price, `ts` when it filled (else its last update), the id Alpaca's order id. An
 * mleg parent gives one per leg (the leg's id and fills); a leg listed on its own gives none (its
 * parent speaks for it). Throws AlpacaTranslateError for a fill without a price or fractional
 * contracts.
 */
export function foreignFills(order: AlpacaOrder, fallbackTs: number): BrokerActivity[] {
  if (isThetisOrderId(order.client_order_id) || isMlegLeg(order)) return [];
  const ts = timestampMs(order.filled_at) ?? timestampMs(order.updated_at) ?? timestampMs(order.created_at) ?? fallbackTs;
  const parts = isMlegParent(order) ? order.legs : order.side === '' ? [] : [{ ...order, side: order.side }];
  const out: BrokerActivity[] = [];
  for (const part of parts) {
    if (!isOccSymbol(part.symbol)) continue;
    const filled = wireContracts(part.filled_qty, 'filled_qty');
    if (filled === 0) continue;
    if (part.filled_avg_price === null || part.filled_avg_price === undefined) throw new AlpacaTranslateError('FILL_WITHOUT_PRICE', `order ${part.id}: filled_qty ${filled} without filled_avg_price`);
    const price = wirePrice(part.filled_avg_price, 'filled_avg_price');
    out.push(Object.freeze({ id: part.id, kind: 'foreign-fill', symbol: part.symbol, qty: part.side === 'buy' ? filled : -filled, price, ts }));
  }
  return out;
}

/** Activities oldest first (ties by id, so the same activities always come in the same order). */
export function oldestFirst(activities: readonly BrokerActivity[]): BrokerActivity[] {
  return [...activities].sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
