import { nyDate } from '../../domain/calendar/session.js';
import type { AlpacaAccountObject, AlpacaPositionObject } from '../alpaca/wire/objects.js';
import type { SimBroker } from '../sim-broker/broker.js';
import { assetId, dec } from './wire-values.js';

/** What the positions and the account are worked out from. */
export interface PortfolioSource {
  readonly broker: SimBroker;
  /** An option's mark (its quote's mid) now, or undefined without a quote. */
  readonly optionMark: (symbol: string) => number | undefined;
  /** An underlying's last price now, or undefined when the market has none. */
  readonly spot: (underlying: string) => number | undefined;
  /** Contracts of an option already offered by working orders that close it. */
  readonly offered: (symbol: string) => number;
}

/** The Alpaca account's options level: 3, spreads (and everything below: covered calls, cash-secured puts, buying). */
export const OPTIONS_LEVEL = 3;

interface Holding {
  readonly symbol: string;
  readonly assetClass: AlpacaPositionObject['asset_class'];
  readonly qty: number;
  readonly avgPrice: number;
  /** Per share. */
  readonly mark: number;
  /** Shares a unit: 100 for a contract, 1 for a share. */
  readonly multiplier: number;
  readonly available: number;
}

function positionObject(h: Holding): AlpacaPositionObject {
  const cost = h.qty * h.avgPrice * h.multiplier;
  const value = h.qty * h.mark * h.multiplier;
  const pl = value - cost;
  const plpc = cost === 0 ? 0 : pl / Math.abs(cost);
  return {
    asset_id: assetId(h.symbol),
    symbol: h.symbol,
    exchange: '',
    asset_class: h.assetClass,
    asset_marginable: h.assetClass === 'us_equity',
    qty: dec(h.qty),
    qty_available: dec(h.available),
    avg_entry_price: dec(h.avgPrice),
    side: h.qty < 0 ? 'short' : 'long',
    market_value: dec(value),
    cost_basis: dec(cost),
    unrealized_pl: dec(pl),
    unrealized_plpc: dec(plpc),
    unrealized_intraday_pl: dec(pl),
    unrealized_intraday_plpc: dec(plpc),
    current_price: dec(h.mark),
    lastday_price: dec(h.mark),
    change_today: '0',
  };
}

function holdings(s: PortfolioSource): Holding[] {
  const options = s.broker.positions().map((p): Holding => {
    const symbol = p.contract.symbol;
    return { symbol, assetClass: 'us_option', qty: p.qty, avgPrice: p.avgPrice, mark: s.optionMark(symbol) ?? p.avgPrice, multiplier: p.contract.multiplier, available: p.qty - s.offered(symbol) };
  });
  // Shares from exercises and assignments, and bought or sold by share orders (a delta hedge): less those offered by working sells.
  const shares = s.broker.stockPositions().map((p): Holding => ({ symbol: p.symbol, assetClass: 'us_equity', qty: p.qty, avgPrice: p.avgPrice, mark: s.spot(p.symbol) ?? p.avgPrice, multiplier: 1, available: p.qty - s.offered(p.symbol) }));
  return [...options, ...shares];
}

/**
 * GET /v2/positions: every option position (asset_class us_option, qty in contracts, prices per
 * share, values × 100) and every share position (asset_class us_equity, qty in shares, marked at
 * the underlying's last price), each in Alpaca's Position shape; a short has side "short" and a
 * negative qty. Without a mark a position is valued at its average price.
 */
export function positionObjects(s: PortfolioSource): AlpacaPositionObject[] {
  return holdings(s).map(positionObject);
}

/**
 * GET /v2/account of a cash options account at level 3: cash, equity (cash + every position at
 * its mark), long and short market values, and the buying power the simulated broker gives
 * (cash less what option shorts hold and working orders reserve; never below 0).
 */
export function accountObject(s: PortfolioSource, now: number): AlpacaAccountObject {
  const cash = s.broker.cash();
  let long = 0;
  let short = 0;
  for (const h of holdings(s)) {
    const v = h.qty * h.mark * h.multiplier;
    if (v >= 0) long += v;
    else short += v;
  }
  const equity = cash + long + short;
  const bp = dec(Math.max(0, s.broker.buyingPower()));
  return {
    id: 'c0ffee00-0000-4000-8000-000000000001',
    account_number: 'PA0STANDIN01',
    status: 'ACTIVE',
    crypto_status: 'INACTIVE',
    currency: 'USD',
    cash: dec(cash),
    equity: dec(equity),
    last_equity: dec(equity),
    portfolio_value: dec(equity),
    buying_power: bp,
    regt_buying_power: bp,
    daytrading_buying_power: '0',
    non_marginable_buying_power: bp,
    options_buying_power: bp,
    long_market_value: dec(long),
    short_market_value: dec(short),
    initial_margin: '0',
    maintenance_margin: '0',
    last_maintenance_margin: '0',
    sma: '0',
    multiplier: '1',
    daytrade_count: 0,
    pattern_day_trader: false,
    trading_blocked: false,
    transfers_blocked: false,
    account_blocked: false,
    trade_suspended_by_user: false,
    shorting_enabled: false,
    options_approved_level: OPTIONS_LEVEL,
    options_trading_level: OPTIONS_LEVEL,
    accrued_fees: '0',
    pending_transfer_in: '0',
    created_at: '2024-01-02T14:30:00Z',
    balance_asof: nyDate(now),
  };
}
