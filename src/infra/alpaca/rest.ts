import { ApiError, DEFAULT_RATE_LIMIT, FetchError, OrdersApi, trading } from '@alpacahq/alpaca-trade-api';
import { z } from 'zod';
import { OPTION_ACTIVITY_TYPES, parseAlpacaActivities, type AlpacaNonTradeActivity } from './wire/activity.js';
import { alpacaErrorSchema, type AlpacaErrorBody } from './wire/error.js';
import { parseAlpacaOrder, parseAlpacaOrders, type AlpacaOrder } from './wire/order.js';
import type { AlpacaOrderRequest } from './wire/order-request.js';
import { parseAlpacaAccount, parseAlpacaClock, type AlpacaAccount, type AlpacaClock } from './wire/account.js';
import { parseAlpacaCalendar, type AlpacaCalendarDay } from './wire/calendar.js';
import { parseAlpacaPositions, type AlpacaPosition } from './wire/position.js';

/** Why a REST call did not give an answer we can use. */
export type RestFailure =
  /** Alpaca answered with an error status and (usually) its `{ code, message }` body. */
  | { readonly kind: 'http'; readonly status: number; readonly body: AlpacaErrorBody; readonly retryAfterMs?: number }
  /** No answer: a network error or the per-request timeout. The request may have reached Alpaca. */
  | { readonly kind: 'network'; readonly timedOut: boolean; readonly message: string }
  /** A 2xx answer we could not read. */
  | { readonly kind: 'malformed'; readonly message: string };

export type RestResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: RestFailure };

export interface AlpacaRestOptions {
  readonly keyId: string;
  readonly secret: string;
  readonly paper: boolean;
  /** Another host for every call (e.g. a local stand-in); default: Alpaca's paper or live host. */
  readonly restUrl?: string;
  readonly timeoutMs: number;
  /** Retries the SDK makes itself on GET (429, 408, 425, 5xx, network errors); never on POST or DELETE. */
  readonly getRetries: number;
  readonly retryBaseMs: number;
  readonly maxBackoffMs: number;
  /** Called for every 2xx answer that could not be read. */
  readonly onMalformed?: () => void;
}

/** Alpaca's page limit for GET /v2/orders. */
export const OPEN_ORDERS_PAGE = 500;
/** Alpaca's page limit for GET /v2/account/activities (its most; its default is 100). */
export const ACTIVITIES_PAGE = 100;

function isHttpFailure(failure: RestFailure, status: number): boolean {
  return failure.kind === 'http' && failure.status === status;
}

export function isNotFound(failure: RestFailure): boolean {
  return isHttpFailure(failure, 404);
}

function errorBody(error: ApiError): AlpacaErrorBody {
  const code = typeof error.code === 'number' ? error.code : typeof error.code === 'string' && /^\d+$/.test(error.code) ? Number(error.code) : undefined;
  const parsed = alpacaErrorSchema.safeParse({ code, message: error.message });
  return parsed.success ? parsed.data : { message: `HTTP ${error.status}` };
}

function summarizeZod(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/** A URL with its `start` and `end` query parameters cut to their date ('YYYY-MM-DD'). */
function dateOnlyRange(url: string): string {
  const u = new URL(url);
  for (const key of ['start', 'end']) {
    const v = u.searchParams.get(key);
    if (v !== null) u.searchParams.set(key, v.slice(0, 10));
  }
  return u.toString();
}

function failureOf(error: unknown): RestFailure {
  if (error instanceof ApiError) {
    return { kind: 'http', status: error.status, body: errorBody(error), ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }) };
  }
  if (error instanceof FetchError) {
    const causeName = error.cause instanceof Error ? error.cause.name : '';
    const timedOut = causeName === 'TimeoutError';
    return { kind: 'network', timedOut, message: error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message };
  }
  if (error instanceof z.ZodError) return { kind: 'malformed', message: summarizeZod(error) };
  if (error instanceof SyntaxError) return { kind: 'malformed', message: `not JSON: ${error.message}` };
  // Anything else (a TypeError from the transport, …): treat the outcome as unknown.
  return { kind: 'network', timedOut: false, message: error instanceof Error ? `${error.name}: ${error.message}` : typeof error };
}

/**
 * The endpoints Thetis uses, through the SDK's generated OrdersApi, PositionsApi and
 * AccountActivitiesApi (one Configuration, so one token bucket for all). Answers are read as
 * Alpaca's own JSON (the `…Raw` calls) and checked by the wire parsers; errors come back as
 * values, never thrown. The SDK handles the transport: its token bucket keeps every call under
 * 200 requests a minute, it times out each attempt, and it retries GETs (only GETs).
 */
export class AlpacaRest {
  readonly #api: OrdersApi;
  readonly #positions: trading.PositionsApi;
  readonly #activities: trading.AccountActivitiesApi;
  readonly #account: trading.AccountsApi;
  readonly #clock: trading.ClockApi;
  readonly #calendar: trading.CalendarApi;
  readonly #onMalformed: () => void;

  constructor(options: AlpacaRestOptions) {
    this.#onMalformed = options.onMalformed ?? (() => undefined);
    const config = new trading.Configuration({
      keyId: options.keyId,
      secret: options.secret,
      paper: options.paper,
      ...(options.restUrl === undefined ? {} : { basePath: options.restUrl.replace(/\/+$/, '') }),
      timeoutMs: options.timeoutMs,
      retry: { maxRetries: options.getRetries, retryDelayMs: options.retryBaseMs, maxDelayMs: options.maxBackoffMs },
      rateLimit: DEFAULT_RATE_LIMIT,
    });
    this.#api = new OrdersApi(config);
    this.#positions = new trading.PositionsApi(config);
    this.#activities = new trading.AccountActivitiesApi(config);
    this.#account = new trading.AccountsApi(config);
    this.#clock = new trading.ClockApi(config);
    // The SDK sends start and end as full ISO times; Alpaca's calendar is by New York date: send the dates.
    this.#calendar = new trading.CalendarApi(config).withPreMiddleware(async ({ url, init }) => ({ url: dateOnlyRange(url), init }));
  }

  /** GET /v2/clock: the venue's time (a stand-in's is its replay time). */
  clock(): Promise<RestResult<AlpacaClock>> {
    return this.#attempt(async () => {
      const response = await this.#clock.legacyClockRaw();
      return parseAlpacaClock(await response.raw.json());
    });
  }

  /**
   * GET /v2/calendar?start=YYYY-MM-DD&end=YYYY-MM-DD: the trading days of [start, end] (New York
   * dates, both inclusive) with their open and close, early closes included.
   */
  calendar(start: string, end: string): Promise<RestResult<AlpacaCalendarDay[]>> {
    return this.#attempt(async () => {
      const response = await this.#calendar.legacyCalendarRaw({ start: new Date(`${start}T00:00:00Z`), end: new Date(`${end}T00:00:00Z`) });
      return parseAlpacaCalendar(await response.raw.json());
    });
  }

  /** GET /v2/account: which account, whether it may trade, its equity. */
  account(): Promise<RestResult<AlpacaAccount>> {
    return this.#attempt(async () => {
      const response = await this.#account.getAccountRaw();
      return parseAlpacaAccount(await response.raw.json());
    });
  }

  /**
   * POST /v2/orders. Never retried by the SDK. The body goes through the SDK's own model
   * (PostOrderRequestFromJSON → PostOrderRequestToJSON, as `trading.orders.submit` sends it); an
   * mleg request's legs through its MLegOrderLeg (symbol, side, ratio_qty, position_intent).
   */
  postOrder(request: AlpacaOrderRequest): Promise<RestResult<AlpacaOrder>> {
    return this.#attempt(async () => {
      const response = await this.#api.postOrderRaw({ postOrderRequest: trading.PostOrderRequestFromJSON(request) });
      return parseAlpacaOrder(await response.raw.json());
    });
  }

  /** GET /v2/orders:by_client_order_id (404 when Alpaca never saw the id). */
  orderByClientOrderId(clientOrderId: string): Promise<RestResult<AlpacaOrder>> {
    return this.#attempt(async () => {
      const response = await this.#api.getOrderByClientOrderIdRaw({ clientOrderId });
      return parseAlpacaOrder(await response.raw.json());
    });
  }

  /**
   * DELETE /v2/orders/{order_id}: 204 when the cancel is accepted, 422 when the order can no longer
   * be canceled. Through the Raw call and `value()`, which releases the response: the SDK's
   * `deleteOrderByOrderID` does not, and the request's 30 s deadline timer then held the process
   * open that long after a cancel (an executor asked to stop lingered 30 s).
   */
  cancelOrder(orderId: string): Promise<RestResult<void>> {
    return this.#attempt(async () => {
      const response = await this.#api.deleteOrderByOrderIDRaw({ orderId });
      await response.value();
    });
  }

  /**
   * GET /v2/orders?status=open&nested=true (one page of up to 500, Alpaca's most). Nested: an mleg
   * order comes as its parent with its legs inside (its net price is worked out from them), never
   * as legs listed on their own.
   */
  openOrders(): Promise<RestResult<AlpacaOrder[]>> {
    return this.#attempt(async () => {
      const response = await this.#api.getAllOrdersRaw({ status: 'open', limit: OPEN_ORDERS_PAGE, nested: true });
      return parseAlpacaOrders(await response.raw.json());
    });
  }

  /**
   * GET /v2/orders?status=closed&after=…&direction=asc&nested=true (one page of up to 500): orders that ended,
   * submitted after `after` (an RFC 3339 time, exclusive: Alpaca filters on submitted_at).
   */
  closedOrders(after: string): Promise<RestResult<AlpacaOrder[]>> {
    return this.#attempt(async () => {
      const response = await this.#api.getAllOrdersRaw({ status: 'closed', after, direction: 'asc', limit: OPEN_ORDERS_PAGE, nested: true });
      return parseAlpacaOrders(await response.raw.json());
    });
  }

  /** GET /v2/positions: every open position of the account. */
  positions(): Promise<RestResult<AlpacaPosition[]>> {
    return this.#attempt(async () => {
      const response = await this.#positions.getAllOpenPositionsRaw();
      return parseAlpacaPositions(await response.raw.json());
    });
  }

  /**
   * GET /v2/account/activities?activity_types=OPEXC,OPASN,OPEXP&after=…&direction=asc&page_size=100
   * (&page_token=<the last id of the page before>): one page of exercises, assignments and expiries.
   */
  optionActivities(after: Date, pageToken?: string): Promise<RestResult<AlpacaNonTradeActivity[]>> {
    return this.#attempt(async () => {
      const response = await this.#activities.getAccountActivitiesRaw({
        activityTypes: [...OPTION_ACTIVITY_TYPES],
        after,
        direction: 'asc',
        pageSize: ACTIVITIES_PAGE,
        ...(pageToken === undefined ? {} : { pageToken }),
      });
      return parseAlpacaActivities(await response.raw.json());
    });
  }

  async #attempt<T>(call: () => Promise<T>): Promise<RestResult<T>> {
    try {
      return { ok: true, value: await call() };
    } catch (error) {
      const failure = failureOf(error);
      if (failure.kind === 'malformed') this.#onMalformed();
      return { ok: false, failure };
    }
  }
}

