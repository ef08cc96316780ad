/**
 * Alpaca's option REST payloads exactly as they are on the wire, with runtime parsers. Imports
 * nothing of Thetis: the stand-in (src/infra/alpaca-standin/market-rest.ts) writes these shapes,
 * the options client (options.ts) reads them (through the SDK's `…Raw` calls).
 *
 * Read from @alpacahq/alpaca-trade-api 4.0.2:
 *   src/market-data/apis/OptionApi.ts (optionChainRaw: GET /v1beta1/options/snapshots/{underlying_symbol},
 *     query feed, limit, page_token, type, strike_price_gte/lte, expiration_date_gte/lte, root_symbol)
 *   src/market-data/models/OptionSnapshotsResp.ts ({ snapshots, next_page_token }),
 *   OptionSnapshot.ts (latestQuote, latestTrade, minuteBar, dailyBar, prevDailyBar, greeks, impliedVolatility),
 *   OptionQuote.ts ({ ap, as, ax, bp, bs, bx, c, t }), OptionBar.ts, OptionGreeks.ts
 *   src/trading/apis/AssetsApi.ts (getOptionsContractsRaw: GET /v2/options/contracts, query underlying_symbols,
 *     show_deliverables, status, expiration_date_gte/lte, type, strike_price_gte/lte, page_token, limit)
 *   src/trading/models/GetOptionsContracts200Response.ts ({ option_contracts, next_page_token }),
 *   OptionContract.ts, OptionDeliverable.ts
 *   src/market-data/apis/StockApi.ts (GET /v2/stocks/bars, /v2/stocks/{symbol}/bars), StockBar.ts
 */
import { z } from 'zod';

const num = z.number().finite();

export const wireOptionQuoteSchema = z.object({
  ap: num,
  as: num,
  ax: z.string().optional(),
  bp: num,
  bs: num,
  bx: z.string().optional(),
  c: z.string().optional(),
  /** RFC-3339. */
  t: z.string(),
});
export type WireOptionQuote = z.infer<typeof wireOptionQuoteSchema>;

export const wireOptionBarSchema = z.object({
  o: num,
  h: num,
  l: num,
  c: num,
  v: num,
  n: num.optional(),
  vw: num.optional(),
  t: z.string(),
});
export type WireOptionBar = z.infer<typeof wireOptionBarSchema>;

/** Every greek optional here (null as absent): a partial set is treated as missing, never as zeros. */
export const wireOptionGreeksSchema = z.object({
  delta: num.nullish(),
  gamma: num.nullish(),
  theta: num.nullish(),
  vega: num.nullish(),
  rho: num.nullish(),
});
export type WireOptionGreeks = z.infer<typeof wireOptionGreeksSchema>;

export const wireOptionTradeSchema = z.object({ p: num, s: num, t: z.string(), x: z.string().optional(), c: z.string().optional() });

export const wireOptionSnapshotSchema = z.object({
  latestQuote: wireOptionQuoteSchema.optional(),
  latestTrade: wireOptionTradeSchema.optional(),
  minuteBar: wireOptionBarSchema.optional(),
  dailyBar: wireOptionBarSchema.optional(),
  prevDailyBar: wireOptionBarSchema.optional(),
  greeks: wireOptionGreeksSchema.optional(),
  impliedVolatility: num.nullish(),
});
export type WireOptionSnapshot = z.infer<typeof wireOptionSnapshotSchema>;

/** A page of snapshots, each left unparsed: one malformed snapshot is skipped (counted), never the whole page (parseOptionSnapshot). */
export const wireOptionSnapshotsSchema = z.object({
  snapshots: z.record(z.string(), z.unknown()).nullable().optional(),
  next_page_token: z.string().nullable().optional(),
});
export type WireOptionSnapshots = z.infer<typeof wireOptionSnapshotsSchema>;

export const wireDeliverableSchema = z.object({
  type: z.string(),
  symbol: z.string(),
  asset_id: z.string().optional(),
  amount: z.string(),
  allocation_percentage: z.string(),
  settlement_type: z.string(),
  settlement_method: z.string(),
  delayed_settlement: z.boolean(),
});
export type WireDeliverable = z.infer<typeof wireDeliverableSchema>;

export const wireOptionContractSchema = z.object({
  id: z.string(),
  symbol: z.string(),
  name: z.string(),
  status: z.string(),
  tradable: z.boolean(),
  /** 'YYYY-MM-DD' */
  expiration_date: z.string(),
  root_symbol: z.string().optional(),
  underlying_symbol: z.string(),
  underlying_asset_id: z.string(),
  type: z.enum(['call', 'put']),
  style: z.string(),
  strike_price: z.string(),
  multiplier: z.string(),
  size: z.string(),
  open_interest: z.string().nullable().optional(),
  open_interest_date: z.string().nullable().optional(),
  close_price: z.string().nullable().optional(),
  close_price_date: z.string().nullable().optional(),
  deliverables: z.array(wireDeliverableSchema).optional(),
});
export type WireOptionContract = z.infer<typeof wireOptionContractSchema>;

export const wireOptionContractsSchema = z.object({
  option_contracts: z.array(wireOptionContractSchema).nullable().optional(),
  next_page_token: z.string().nullable().optional(),
});
export type WireOptionContracts = z.infer<typeof wireOptionContractsSchema>;

/** A stock bar as the REST bars endpoints write it. */
export interface WireStockBar {
  /** The bar's open time, RFC-3339. */
  readonly t: string;
  readonly o: number;
  readonly h: number;
  readonly l: number;
  readonly c: number;
  readonly v: number;
  readonly n: number;
  readonly vw: number;
}

export function parseOptionSnapshots(json: unknown): WireOptionSnapshots {
  return wireOptionSnapshotsSchema.parse(json);
}

/** What one snapshot of a page parses to. */
export type ParsedOptionSnapshot =
  | { readonly kind: 'ok'; readonly snapshot: WireOptionSnapshot }
  /** Only its quote's prices or sizes are not numbers (JSON has no NaN: a NaN written by the sender arrives as null). */
  | { readonly kind: 'quote-not-a-number' }
  | { readonly kind: 'malformed' };

const QUOTE_NUMBERS = new Set<unknown>(['ap', 'as', 'bp', 'bs']);

/** One snapshot of a page: parsed, or why not (its quote's numbers alone, or anything else). */
export function parseOptionSnapshot(json: unknown): ParsedOptionSnapshot {
  const r = wireOptionSnapshotSchema.safeParse(json);
  if (r.success) return { kind: 'ok', snapshot: r.data };
  const quoteOnly = r.error.issues.every((i) => i.path.length === 2 && i.path[0] === 'latestQuote' && QUOTE_NUMBERS.has(i.path[1]));
  return { kind: quoteOnly ? 'quote-not-a-number' : 'malformed' };
}

export function parseOptionContracts(json: unknown): WireOptionContracts {
  return wireOptionContractsSchema.parse(json);
}
