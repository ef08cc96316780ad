/**
 * Alpaca's trading objects whole, as a server sends them (the stand-in writes these; the adapter
 * reads only the fields its parsers check: order.ts, position.ts, activity.ts). Field lists from
 * Alpaca's docs and the SDK's generated models (@alpacahq/alpaca-trade-api 4.0.2,
 * `trading/models/{Order,Position,Account,LegacyClock}.ts`); every decimal a string.
 */
import type { AlpacaOrderStatus } from './order.js';

/** An options order (or an equity order: a delta hedge's shares) as Alpaca sends it (REST answers and `trade_updates.order`). */
export interface AlpacaOrderObject {
  id: string;
  client_order_id: string;
  created_at: string;
  updated_at: string;
  submitted_at: string;
  filled_at: string | null;
  expired_at: string | null;
  canceled_at: string | null;
  failed_at: string | null;
  replaced_at: string | null;
  replaced_by: string | null;
  replaces: string | null;
  asset_id: string;
  symbol: string;
  asset_class: 'us_option' | 'us_equity';
  notional: null;
  qty: string;
  filled_qty: string;
  filled_avg_price: string | null;
  order_class: 'simple';
  order_type: string;
  type: string;
  side: string;
  position_intent: string | null;
  time_in_force: string;
  limit_price: string | null;
  stop_price: null;
  status: AlpacaOrderStatus;
  extended_hours: false;
  legs: null;
  trail_percent: null;
  trail_price: null;
  hwm: null;
}

/** Statuses of an order still working (GET /v2/orders?status=open). */
export const ALPACA_OPEN_ORDER_STATUSES: ReadonlySet<AlpacaOrderStatus> = new Set<AlpacaOrderStatus>([
  'new',
  'partially_filled',
  'done_for_day',
  'accepted',
  'pending_new',
  'accepted_for_bidding',
  'pending_cancel',
  'pending_replace',
  'stopped',
  'suspended',
  'calculated',
  'held',
]);

/** A position as GET /v2/positions sends it: a short one has side "short" and a negative qty. */
export interface AlpacaPositionObject {
  asset_id: string;
  symbol: string;
  exchange: string;
  asset_class: 'us_option' | 'us_equity';
  asset_marginable: boolean;
  qty: string;
  qty_available: string;
  avg_entry_price: string;
  side: 'long' | 'short';
  market_value: string;
  cost_basis: string;
  unrealized_pl: string;
  unrealized_plpc: string;
  unrealized_intraday_pl: string;
  unrealized_intraday_plpc: string;
  current_price: string;
  lastday_price: string;
  change_today: string;
}

/** A non-trade activity (GET /v2/account/activities) in the shape of Alpaca's option-event examples. */
export interface AlpacaActivityObject {
  id: string;
  activity_type: string;
  date: string;
  net_amount: string;
  description: string;
  symbol: string;
  qty: string;
  status: 'executed';
}

export const ACTIVITY_DESCRIPTIONS: Readonly<Record<string, string>> = { OPEXC: 'Option Exercise', OPASN: 'Option Assignment', OPEXP: 'Option Expiry', OPTRD: 'Option Trade' };

/** GET /v2/account (the fields a cash options account has; the SDK requires `id` and `status`). */
export interface AlpacaAccountObject {
  id: string;
  account_number: string;
  status: 'ACTIVE';
  crypto_status: 'INACTIVE';
  currency: 'USD';
  cash: string;
  equity: string;
  last_equity: string;
  portfolio_value: string;
  buying_power: string;
  regt_buying_power: string;
  daytrading_buying_power: string;
  non_marginable_buying_power: string;
  options_buying_power: string;
  long_market_value: string;
  short_market_value: string;
  initial_margin: string;
  maintenance_margin: string;
  last_maintenance_margin: string;
  sma: string;
  multiplier: string;
  daytrade_count: number;
  pattern_day_trader: boolean;
  trading_blocked: boolean;
  transfers_blocked: boolean;
  account_blocked: boolean;
  trade_suspended_by_user: boolean;
  shorting_enabled: boolean;
  options_approved_level: number;
  options_trading_level: number;
  accrued_fees: string;
  pending_transfer_in: string;
  created_at: string;
  balance_asof: string;
}

/** GET /v2/clock (the SDK's LegacyClock). */
export interface AlpacaClockObject {
  timestamp: string;
  is_open: boolean;
  next_open: string;
  next_close: string;
}
