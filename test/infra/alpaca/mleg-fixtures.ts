import { LONG_PUT, SHORT_PUT, SPREAD_ID } from '../../helpers/bull-put-spread.js';
import { T0 } from './fixtures.js';

interface LegFill {
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly intent: string;
  readonly ratio: number;
  readonly filled: number;
  readonly avg: string | null;
}

const at = (ms: number): string => new Date(ms).toISOString();

/**
 * An mleg parent as Alpaca sends it (shape of the MultilegOptions example in Alpaca's Trading API
 * OpenAPI document): symbol, side and asset_class "" on the parent, qty in units, the legs nested
 * as child orders with their own ids, client order ids, qty (= ratio × units), fills and ratio_qty.
 */
export function mlegParent(o: { status: string; units: number; filledUnits: number; limit: string; legs: readonly LegFill[]; clientOrderId?: string; id?: string; parentAvg?: string | null }): Record<string, unknown> {
  const now = at(T0);
  const common = {
    created_at: now,
    updated_at: now,
    submitted_at: now,
    filled_at: o.status === 'filled' ? now : null,
    expired_at: null,
    canceled_at: o.status === 'canceled' ? now : null,
    failed_at: null,
    replaced_at: null,
    replaced_by: null,
    replaces: null,
    notional: null,
    order_class: 'mleg',
    time_in_force: 'day',
    stop_price: null,
    status: o.status,
    extended_hours: false,
    trail_percent: null,
    trail_price: null,
    hwm: null,
    subtag: null,
    source: null,
  };
  return {
    ...common,
    id: o.id ?? '83f37e9f-6b1f-49ed-8fc6-3e6af716323f',
    client_order_id: o.clientOrderId ?? SPREAD_ID,
    asset_id: '',
    symbol: '',
    asset_class: '',
    qty: String(o.units),
    filled_qty: String(o.filledUnits),
    filled_avg_price: o.parentAvg ?? null,
    order_type: 'limit',
    type: 'limit',
    side: '',
    limit_price: o.limit,
    legs: o.legs.map((l, i) => ({
      ...common,
      id: `leg-${i}-df4ff24a-c58a-4e37-8b9f`,
      client_order_id: `leg-${i}-cc8cc104-fe43-476c`,
      asset_id: `asset-${l.symbol}`,
      symbol: l.symbol,
      asset_class: 'us_option',
      qty: String(l.ratio * o.units),
      filled_qty: String(l.filled),
      filled_avg_price: l.avg,
      order_type: '',
      type: '',
      side: l.side,
      position_intent: l.intent,
      limit_price: null,
      legs: null,
      ratio_qty: String(l.ratio),
    })),
  };
}

/** The bull put spread of `bullPutSpread()` at Alpaca: 2 units, limit −1.2, legs filled as given. */
export function spreadAtAlpaca(status: string, filledUnits: number, shortAvg: string | null, longAvg: string | null): Record<string, unknown> {
  return mlegParent({
    status,
    units: 2,
    filledUnits,
    limit: '-1.2',
    legs: [
      { symbol: SHORT_PUT, side: 'sell', intent: 'sell_to_open', ratio: 1, filled: filledUnits, avg: shortAvg },
      { symbol: LONG_PUT, side: 'buy', intent: 'buy_to_open', ratio: 1, filled: filledUnits, avg: longAvg },
    ],
  });
}
