import { mlegLimitPrice } from '../../../domain/premium/orders.js';
import { isOccSymbol, parseOcc } from '../../../domain/values/contract.js';
import type { OrderIntent, OrderLeg } from '../../../domain/values/order.js';
import type { AlpacaMlegOrderRequest } from '../wire/order-request.js';
import { AlpacaTranslateError } from './errors.js';
import { contractsToWire, priceToWire } from './numbers.js';

/** Alpaca's most legs on one mleg order. */
export const MAX_MLEG_LEGS = 4;

/** The legs Alpaca would refuse, refused here first: 2–4 option legs, one underlying, each contract once, intents matching sides. */
function checkLegs(legs: readonly OrderLeg[]): void {
  if (legs.length < 2 || legs.length > MAX_MLEG_LEGS) {
    throw new AlpacaTranslateError('MLEG_LEG_COUNT', `a multi-leg order takes 2–${MAX_MLEG_LEGS} legs, got ${legs.length}`);
  }
  const underlyings = new Set<string>();
  for (const leg of legs) {
    if (!isOccSymbol(leg.symbol)) throw new AlpacaTranslateError('MLEG_LEG_NOT_AN_OPTION', `leg '${leg.symbol}' is not an OCC option symbol`);
    underlyings.add(parseOcc(leg.symbol).underlying);
    if (!leg.positionIntent.startsWith(`${leg.side}_to_`)) {
      throw new AlpacaTranslateError('MLEG_LEG_INTENT', `leg ${leg.symbol}: position intent ${leg.positionIntent} does not match side ${leg.side}`);
    }
  }
  if (underlyings.size > 1) throw new AlpacaTranslateError('MLEG_MIXED_UNDERLYINGS', `a multi-leg order is on one underlying, got ${[...underlyings].join(', ')}`);
  if (new Set(legs.map((l) => l.symbol)).size !== legs.length) throw new AlpacaTranslateError('MLEG_DUPLICATE_LEG', 'a multi-leg order names a contract twice');
}

/**
 * The signed net limit as the wire wants it: whole cents (a sub-penny net is refused, never
 * rounded), negative for a credit, written as the SDK's `toAmountString` writes a number
 * (-1.2 → "-1.2"). The sign comes from mlegLimitPrice (opening a short structure receives a
 * credit, closing it pays a debit) and must agree with the intent's net side (sell: a credit).
 */
function signedLimitToWire(intent: OrderIntent, limit: number): string {
  const signed = mlegLimitPrice(limit, intent.effect);
  const credit = signed < 0;
  if (credit !== (intent.side === 'sell')) {
    throw new AlpacaTranslateError('MLEG_SIDE_MISMATCH', `a multi-leg ${intent.effect} is a net ${credit ? 'credit (sell)' : 'debit (buy)'}, the intent says ${intent.side}`);
  }
  const cents = Math.round(Number(priceToWire(Math.abs(signed))) * 100);
  return String((credit ? -cents : cents) / 100);
}

/**
 * The POST /v2/orders body of a multi-leg intent (`order_class: "mleg"`): the intent's units as
 * `qty`, `day`, a limit at the signed net price (or market), the client order id, and each leg
 * with its symbol, side, `ratio_qty` and position intent. Throws AlpacaTranslateError for what
 * Alpaca would refuse (more than 4 legs, mixed underlyings, …) or what cannot go on the wire.
 */
export function toMlegOrderRequest(intent: OrderIntent): AlpacaMlegOrderRequest {
  const legs = intent.legs ?? [];
  checkLegs(legs);
  const common = {
    order_class: 'mleg',
    qty: contractsToWire(intent.qty),
    time_in_force: 'day',
    client_order_id: intent.clientOrderId,
    legs: legs.map((l) => ({ symbol: l.symbol, side: l.side, ratio_qty: contractsToWire(l.ratio), position_intent: l.positionIntent })),
  } as const;
  if (intent.type === 'market') return { ...common, type: 'market' };
  if (intent.limitPrice === undefined) throw new AlpacaTranslateError('MISSING_LIMIT', 'a limit order needs a limit price');
  return { ...common, type: 'limit', limit_price: signedLimitToWire(intent, intent.limitPrice) };
}
