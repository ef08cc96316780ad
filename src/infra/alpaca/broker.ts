import { setTimeout as delay } from 'node:timers/promises';
import { BrokerUnavailableError, type BrokerPort } from '../../actors/ports/broker.js';
import type { BrokerActivity, HeldAtBroker } from '../../actors/ports/broker-reports.js';
import { silentLogger } from '../../actors/runtime/logger.js';
import { isTerminal } from '../../domain/orders/lifecycle.js';
import type { Execution } from '../../domain/values/execution.js';
import type { OrderIntent } from '../../domain/values/order.js';
import { DAY_MS, isoDateToUtcMs } from '../../domain/values/time.js';
import { rateLimitDelayMs } from './backoff.js';
import { newCounters, type AlpacaBrokerCounters } from './counters.js';
import { KnownOrders } from './known-orders.js';
import { resolveOptions, type AlpacaBrokerOptions, type AlpacaLogger, type ResolvedOptions } from './options.js';
import { Redactor } from './redact.js';
import { Reconciler } from './reconciler.js';
import { ACTIVITIES_PAGE, AlpacaRest, isNotFound, OPEN_ORDERS_PAGE, type RestFailure, type RestResult } from './rest.js';
import { TradeStream } from './stream.js';
import { heldMatchesIntent } from './translate/adopt.js';
import { AlpacaTranslateError } from './translate/errors.js';
import { orderSnapshot, rejectedExecution } from './translate/execution.js';
import { toOrderRequest } from './translate/order-request.js';
import type { AlpacaReason } from './translate/reasons.js';
import { activityDay, firstActivityDay, foreignFills, heldAtBroker, oldestFirst, optionActivity } from './translate/reports.js';
import { classifySubmitError } from './translate/submit-error.js';
import { TradeEventHandler } from './trade-events.js';
import type { AlpacaOrder } from './wire/order.js';
import type { AlpacaOrderRequest } from './wire/order-request.js';

type Level = 'debug' | 'info' | 'warn' | 'error';

/** Pages of activities, or of closed orders, read for one mass status before giving up (fail closed). */
const MAX_REPORT_PAGES = 50;

function retryAfterOf(failure: RestFailure): number | undefined {
  return failure.kind === 'http' ? failure.retryAfterMs : undefined;
}

/**
 * BrokerPort over Alpaca's trading API, through the real SDK (`@alpacahq/alpaca-trade-api`).
 *
 * - submit: POST /v2/orders. 403 → rejected (OPTIONS_LEVEL_NOT_PERMITTED, INSUFFICIENT_BUYING_POWER
 *   or BROKER_FORBIDDEN); 422 "client_order_id must be unique" → the existing order adopted by
 *   client order id (no second order); other 422/400 → rejected INVALID_ORDER; 429 → the same POST
 *   again after Retry-After (else exponential backoff), bounded, then BrokerUnavailableError; 5xx,
 *   408, timeout or network error → look the order up by client order id (found: its state; not
 *   found or look-up failed: BrokerUnavailableError). A POST is never re-sent blind.
 * - cancel / lookup / openOrders: by client order id; answers are cumulative snapshots (fillQty 0).
 * - onExecution: the trading stream's trade_updates; after every (re)subscription the working
 *   orders are looked up and their current state emitted, so a fill during a gap is never missed.
 * - positions: GET /v2/positions, signed by side. activities: exercises, assignments and expiries
 *   (GET /v2/account/activities, types OPEXC, OPASN, OPEXP) and fills of option orders whose client
 *   order id Thetis did not make (GET /v2/orders?status=closed), oldest first. Both fail closed: a
 *   failed or unreadable answer is BrokerUnavailableError, never a partial list.
 *
 * No key or secret reaches a log line or an error message (they are masked wherever they appear).
 */
export class AlpacaBroker implements BrokerPort {
  readonly name: 'alpaca-paper' | 'alpaca-live';
  readonly #options: ResolvedOptions;
  readonly #rest: AlpacaRest;
  readonly #redactor: Redactor;
  readonly #logger: AlpacaLogger;
  readonly #now: () => number;
  readonly #known = new KnownOrders();
  readonly #counters = newCounters();
  readonly #handlers: Array<(execution: Execution) => void> = [];
  readonly #faultHandlers: Array<(reason: string) => void> = [];
  readonly #closing = new AbortController();
  readonly #events: TradeEventHandler;
  #stream: TradeStream | undefined;
  #closed = false;
  readonly #reconciler: Reconciler;

  constructor(options: AlpacaBrokerOptions) {
    this.#options = resolveOptions(options);
    const o = this.#options;
    this.name = o.paper ? 'alpaca-paper' : 'alpaca-live';
    this.#redactor = new Redactor([o.keyId, o.secret]);
    this.#logger = options.logger ?? silentLogger;
    this.#now = options.now ?? Date.now;
    this.#rest = new AlpacaRest({
      keyId: o.keyId,
      secret: o.secret,
      paper: o.paper,
      ...(o.restUrl === undefined ? {} : { restUrl: o.restUrl }),
      timeoutMs: o.requestTimeoutMs,
      getRetries: o.getRetries,
      retryBaseMs: o.backoffBaseMs,
      maxBackoffMs: o.maxBackoffMs,
      onMalformed: () => {
        this.#counters.malformedResponses += 1;
      },
    });
    this.#events = new TradeEventHandler({
      counters: this.#counters,
      known: this.#known,
      now: this.#now,
      log: (level, obj, msg) => this.#log(level, obj, msg),
      emit: (execution) => this.#emit(execution),
      redact: (text) => this.#redactor.text(text),
      legEvent: () => this.#reconciler.request(),
    });
    this.#reconciler = new Reconciler({
      counters: this.#counters,
      working: () => this.#known.working(),
      lookup: (clientOrderId) => this.#rest.orderByClientOrderId(clientOrderId),
      snapshot: (order) => this.#snapshot(order, 'reconcile'),
      emit: (execution) => this.#emit(execution),
      describe: (failure) => this.#describe(failure),
      log: (level, obj, msg) => this.#log(level, obj, msg),
      closed: () => this.#closed,
    });
  }

  /** What the adapter has counted so far (a copy). */
  get counters(): Readonly<AlpacaBrokerCounters> {
    return { ...this.#counters, events: { ...this.#counters.events } };
  }

  async submit(intent: OrderIntent): Promise<readonly Execution[]> {
    this.#assertOpen('submit');
    this.#counters.submits += 1;
    const id = intent.clientOrderId;
    this.#known.submitted(id, intent.correlationId);
    let request: AlpacaOrderRequest;
    try {
      request = toOrderRequest(intent);
    } catch (error) {
      if (!(error instanceof AlpacaTranslateError)) throw error;
      this.#log('warn', { clientOrderId: id, code: error.code, message: error.message }, 'alpaca: intent cannot go on the wire, rejected');
      return [this.#reject(intent, 'INVALID_ORDER')];
    }
    const posted = await this.#withRateLimitRetries('submit', id, () => this.#rest.postOrder(request));
    if (posted.ok) {
      this.#counters.placed += 1;
      return [this.#snapshotOrThrow(posted.value, 'submit')];
    }
    const failure = posted.failure;
    if (failure.kind !== 'http') return this.#resolveAmbiguous(intent, failure);
    const verdict = classifySubmitError(failure.status, failure.body);
    switch (verdict.kind) {
      case 'rejected':
        this.#log('warn', { clientOrderId: id, status: failure.status, code: failure.body.code, reason: verdict.reason, message: failure.body.message }, 'alpaca: order rejected');
        return [this.#reject(intent, verdict.reason)];
      case 'duplicate':
        return this.#adopt(intent);
      case 'ambiguous':
        return this.#resolveAmbiguous(intent, failure);
      case 'rate_limited':
        // #withRateLimitRetries never hands back a 429; kept for the exhaustive switch.
        throw this.#unavailable(`submit ${id}: rate limited by Alpaca`, failure.retryAfterMs);
      default: {
        const unreachable: never = verdict;
        throw new Error(`unhandled submit verdict ${JSON.stringify(unreachable)}`);
      }
    }
  }

  async cancel(clientOrderId: string): Promise<readonly Execution[]> {
    this.#assertOpen('cancel');
    const found = await this.#rest.orderByClientOrderId(clientOrderId);
    if (!found.ok) {
      if (isNotFound(found.failure)) return [];
      throw this.#unavailable(`cancel ${clientOrderId}: look-up failed: ${this.#describe(found.failure)}`, retryAfterOf(found.failure));
    }
    const before = this.#snapshotOrThrow(found.value, 'cancel');
    // Already finished: its final state is the answer. The stream may never have told it (it was down
    // when the order filled), and this look-up has just marked the order finished, so no
    // reconciliation after a reconnect would look at it again.
    if (isTerminal(before.status)) return [before];
    const deleted = await this.#withRateLimitRetries('cancel', clientOrderId, () => this.#rest.cancelOrder(found.value.id));
    if (deleted.ok) return this.#stateAfterCancel(clientOrderId, true);
    const failure = deleted.failure;
    if (isNotFound(failure)) return [];
    if (failure.kind === 'http' && failure.status === 422) {
      // Not cancelable: it finished (filled, expired, …) since the look-up, or it is in a state that
      // refuses a cancel for now (pending_replace, …): then the cancel is tried again later.
      this.#log('info', { clientOrderId, code: failure.body.code, message: failure.body.message }, 'alpaca: order not cancelable');
      const after = await this.#stateAfterCancel(clientOrderId, false);
      if (after.every((e) => isTerminal(e.status))) return after;
      throw this.#unavailable(`cancel ${clientOrderId}: refused while the order still works (${String(failure.body.message)})`, undefined);
    }
    throw this.#unavailable(`cancel ${clientOrderId}: ${this.#describe(failure)}`, retryAfterOf(failure));
  }

  async lookup(clientOrderId: string): Promise<Execution | undefined> {
    this.#assertOpen('lookup');
    const found = await this.#rest.orderByClientOrderId(clientOrderId);
    if (found.ok) return this.#snapshotOrThrow(found.value, 'lookup');
    if (isNotFound(found.failure)) return undefined;
    throw this.#unavailable(`lookup ${clientOrderId}: ${this.#describe(found.failure)}`, retryAfterOf(found.failure));
  }

  async openOrders(): Promise<readonly Execution[]> {
    this.#assertOpen('openOrders');
    const listed = await this.#rest.openOrders();
    if (!listed.ok) throw this.#unavailable(`openOrders: ${this.#describe(listed.failure)}`, retryAfterOf(listed.failure));
    if (listed.value.length >= OPEN_ORDERS_PAGE) this.#log('warn', { count: listed.value.length }, 'alpaca: open orders fill a whole page; later ones are not listed');
    const executions: Execution[] = [];
    for (const order of listed.value) {
      const exec = this.#snapshot(order, 'openOrders');
      if (exec) executions.push(exec);
    }
    return executions;
  }

  async positions(): Promise<readonly HeldAtBroker[]> {
    this.#assertOpen('positions');
    const listed = await this.#rest.positions();
    if (!listed.ok) throw this.#unavailable(`positions: ${this.#describe(listed.failure)}`, retryAfterOf(listed.failure));
    return listed.value.map((p) => this.#readOrThrow('positions', p.symbol, () => heldAtBroker(p)));
  }

  async activities(since: number): Promise<readonly BrokerActivity[]> {
    this.#assertOpen('activities');
    if (!Number.isFinite(since)) throw new RangeError(`activities: since ${since} is not a time`);
    // Both run to their end before either's failure is thrown: no request outlives the answer.
    const [venue, foreign] = await Promise.allSettled([this.#optionActivities(since), this.#foreignFills(since)]);
    if (venue.status === 'rejected') throw venue.reason;
    if (foreign.status === 'rejected') throw foreign.reason;
    return oldestFirst([...venue.value, ...foreign.value]);
  }

  /** Registers a handler; the first one opens the trading stream. */
  onFault(handler: (reason: string) => void): void {
    this.#faultHandlers.push(handler);
  }

  onExecution(handler: (execution: Execution) => void): void {
    this.#handlers.push(handler);
    if (this.#stream !== undefined || this.#closed) return;
    const o = this.#options;
    this.#stream = new TradeStream(
      {
        keyId: o.keyId,
        secret: o.secret,
        paper: o.paper,
        ...(o.streamUrl === undefined ? {} : { url: o.streamUrl }),
        reconnectInitialMs: o.streamReconnectInitialMs,
        reconnectMaxMs: o.streamReconnectMaxMs,
        heartbeat: o.streamHeartbeat,
      },
      {
        update: (data) => this.#events.update(data),
        malformed: (detail) => this.#events.malformed(detail),
        subscribed: (streams) => {
          this.#log('info', { streams: streams.join(',') }, 'alpaca: trading stream listening');
          if (streams.includes('trade_updates')) this.#reconciler.request();
        },
        reconnecting: (attempt) => this.#log('warn', { attempt }, 'alpaca: trading stream reconnecting'),
        reconnected: () => {
          this.#counters.reconnects += 1;
          this.#log('info', { reconnects: this.#counters.reconnects }, 'alpaca: trading stream reconnected');
        },
        error: (message, fatal) => {
          if (this.#closed) return;
          this.#counters.streamErrors += 1;
          this.#log(fatal ? 'error' : 'warn', { message, fatal }, fatal ? 'alpaca: trading stream authorization refused; it will not reconnect' : 'alpaca: trading stream error');
          if (fatal) for (const h of this.#faultHandlers) h('TRADING_STREAM_REFUSED');
        },
        disconnected: () => {
          if (this.#closed) return;
          this.#counters.streamDisconnects += 1;
          this.#log('warn', {}, 'alpaca: trading stream disconnected');
        },
      },
    );
    this.#stream.open();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#closing.abort();
    this.#stream?.close();
    await this.#reconciler.idle();
  }

  // --- submit outcomes ---------------------------------------------------------------------

  #reject(intent: OrderIntent, reason: AlpacaReason): Execution {
    this.#counters.rejected += 1;
    const exec = rejectedExecution(intent, reason, this.#now());
    this.#known.saw(exec);
    return exec;
  }

  /** 422 duplicate client order id: the order Alpaca has under that id is the answer. */
  async #adopt(intent: OrderIntent): Promise<readonly Execution[]> {
    const id = intent.clientOrderId;
    const found = await this.#rest.orderByClientOrderId(id);
    if (!found.ok) {
      throw this.#unavailable(`submit ${id}: the client order id is taken at Alpaca but its order could not be read: ${this.#describe(found.failure)}`, retryAfterOf(found.failure));
    }
    const held = found.value;
    if (!heldMatchesIntent(held, intent)) {
      // Not this order: never take over another order's fills.
      this.#log('error', { clientOrderId: id, symbol: held.symbol, side: held.side, qty: held.qty }, 'alpaca: client order id already used by a different order');
      return [this.#reject(intent, 'CLIENT_ORDER_ID_CONFLICT')];
    }
    this.#counters.duplicatesAdopted += 1;
    this.#log('info', { clientOrderId: id, status: held.status }, 'alpaca: client order id already used; adopted the existing order');
    return [this.#snapshotOrThrow(found.value, 'submit', 'DUPLICATE_CLIENT_ORDER_ID')];
  }

  /** The POST's outcome is unknown (5xx, timeout, network): the look-up by client order id decides. */
  async #resolveAmbiguous(intent: OrderIntent, failure: RestFailure): Promise<readonly Execution[]> {
    const id = intent.clientOrderId;
    this.#counters.ambiguousSubmits += 1;
    const why = this.#describe(failure);
    this.#log('warn', { clientOrderId: id, failure: why }, 'alpaca: submit outcome unknown; looking the order up');
    const found = await this.#rest.orderByClientOrderId(id);
    if (found.ok) {
      this.#counters.ambiguousResolved += 1;
      return [this.#snapshotOrThrow(found.value, 'submit')];
    }
    const lookedUp = isNotFound(found.failure) ? 'no order under that id (yet)' : `look-up failed: ${this.#describe(found.failure)}`;
    this.#log('error', { clientOrderId: id, failure: why, lookup: lookedUp }, 'alpaca: submit outcome unknown');
    throw this.#unavailable(`submit ${id}: outcome unknown (${why}); ${lookedUp}`, retryAfterOf(found.failure));
  }

  /** After a DELETE: the order's state when it has ended (else [] and the stream reports the cancel later). */
  async #stateAfterCancel(clientOrderId: string, requested: boolean): Promise<readonly Execution[]> {
    const found = await this.#rest.orderByClientOrderId(clientOrderId);
    if (!found.ok) {
      this.#log('warn', { clientOrderId, failure: this.#describe(found.failure) }, 'alpaca: order state after cancel unknown; the stream will report it');
      return [];
    }
    const exec = this.#snapshot(found.value, 'cancel');
    if (exec === undefined) return [];
    return !requested || isTerminal(exec.status) ? [exec] : [];
  }

  // --- mass status reports ----------------------------------------------------------------

  /**
   * Exercises, assignments and expiries dated from firstActivityDay(since) on (Alpaca dates them by
   * day only), every page of them (page_token = the last id of the page before).
   */
  async #optionActivities(since: number): Promise<BrokerActivity[]> {
    const firstDay = firstActivityDay(since);
    // Alpaca's own `after` filter a day wider still; the day test below decides.
    const after = new Date(isoDateToUtcMs(firstDay) - DAY_MS);
    const out: BrokerActivity[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_REPORT_PAGES; page++) {
      const listed = await this.#rest.optionActivities(after, token);
      if (!listed.ok) throw this.#unavailable(`activities: ${this.#describe(listed.failure)}`, retryAfterOf(listed.failure));
      for (const a of listed.value) {
        if (activityDay(a) < firstDay) continue;
        const activity = this.#readOrThrow('activities', a.id, () => optionActivity(a));
        if (activity === undefined) this.#log('debug', { id: a.id, type: a.activity_type }, 'alpaca: activity of a type not asked for skipped');
        else out.push(activity);
      }
      const last = listed.value.at(-1)?.id;
      if (listed.value.length < ACTIVITIES_PAGE || last === undefined || last === token) return out;
      token = last;
    }
    throw this.#unavailable(`activities: more than ${MAX_REPORT_PAGES} pages of option activities`);
  }

  /**
   * Fills of option orders Thetis did not place that filled at or after `since`: the orders that
   * ended, submitted from a day before `since` on (Alpaca filters closed orders by submission time;
   * options orders are day orders, so one filled after `since` was submitted at most a day before),
   * page after page. A foreign order still working with a partial fill is in openOrders instead.
   */
  async #foreignFills(since: number): Promise<BrokerActivity[]> {
    let after = new Date(since - DAY_MS).toISOString();
    const seen = new Set<string>();
    const out: BrokerActivity[] = [];
    for (let page = 0; page < MAX_REPORT_PAGES; page++) {
      const listed = await this.#rest.closedOrders(after);
      if (!listed.ok) throw this.#unavailable(`foreign fills: ${this.#describe(listed.failure)}`, retryAfterOf(listed.failure));
      let fresh = 0;
      for (const order of listed.value) {
        if (seen.has(order.id)) continue;
        seen.add(order.id);
        fresh += 1;
        const fills = this.#readOrThrow('foreign fills', order.client_order_id, () => foreignFills(order, this.#now()));
        for (const fill of fills) if (fill.ts >= since) out.push(fill);
      }
      const last = listed.value.at(-1);
      const lastSubmitted = last === undefined ? undefined : Date.parse(last.submitted_at ?? last.created_at);
      if (listed.value.length < OPEN_ORDERS_PAGE || fresh === 0 || lastSubmitted === undefined || !Number.isFinite(lastSubmitted)) return out;
      // `after` is exclusive: step back a millisecond so orders submitted in the same one as the
      // page's last are not skipped (the ones already seen are dropped by id).
      after = new Date(lastSubmitted - 1).toISOString();
    }
    throw this.#unavailable(`foreign fills: more than ${MAX_REPORT_PAGES} pages of closed orders`);
  }

  /** A translation that must succeed: an unreadable position or activity fails the report (counted, logged). */
  #readOrThrow<T>(context: string, what: string, read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof AlpacaTranslateError)) throw error;
      this.#counters.malformedResponses += 1;
      this.#log('error', { context, item: what, code: error.code, message: error.message }, 'alpaca: unreadable report');
      throw this.#unavailable(`${context}: ${what} could not be read (${error.code}: ${error.message})`);
    }
  }

  // --- 429 -------------------------------------------------------------------------------

  /**
   * Runs a POST or DELETE, sending it again after each 429 (Alpaca refused it unprocessed, so
   * this is safe), up to maxRateLimitRetries times; then BrokerUnavailableError. The SDK
   * already spaces calls under 200 a minute and retries GETs itself, so only these need it.
   */
  async #withRateLimitRetries<T>(op: string, clientOrderId: string, call: () => Promise<RestResult<T>>): Promise<RestResult<T>> {
    const o = this.#options;
    for (let attempt = 0; ; attempt++) {
      const result = await call();
      if (result.ok || result.failure.kind !== 'http' || result.failure.status !== 429) return result;
      this.#counters.rateLimited += 1;
      const waitMs = rateLimitDelayMs(attempt, result.failure.retryAfterMs, o.backoffBaseMs, o.maxBackoffMs);
      if (attempt >= o.maxRateLimitRetries) {
        this.#log('error', { op, clientOrderId, attempts: attempt + 1 }, 'alpaca: rate limited past the retries');
        throw this.#unavailable(`${op} ${clientOrderId}: rate limited by Alpaca (429) ${attempt + 1} times`, waitMs);
      }
      this.#log('warn', { op, clientOrderId, attempt: attempt + 1, waitMs }, 'alpaca: rate limited (429); waiting to retry');
      try {
        await delay(waitMs, undefined, { signal: this.#closing.signal });
      } catch {
        throw this.#unavailable(`${op} ${clientOrderId}: broker closed while waiting out a rate limit`);
      }
    }
  }

  // --- emitting -------------------------------------------------------------------------

  #emit(execution: Execution): void {
    if (this.#closed) return;
    this.#known.saw(execution);
    this.#counters.executionsEmitted += 1;
    for (const handler of this.#handlers) {
      try {
        handler(execution);
      } catch (error) {
        this.#counters.handlerErrors += 1;
        this.#log('error', { clientOrderId: execution.clientOrderId, error: error instanceof Error ? `${error.name}: ${error.message}` : typeof error }, 'alpaca: execution handler threw');
      }
    }
  }

  // --- helpers ---------------------------------------------------------------------------

  /** An order's state, or undefined (counted, logged) when the order makes no sense. */
  #snapshot(order: AlpacaOrder, context: string, reason?: string): Execution | undefined {
    try {
      const exec = orderSnapshot(order, this.#known.correlationId(order.client_order_id), this.#now(), reason);
      this.#known.saw(exec);
      return exec;
    } catch (error) {
      if (!(error instanceof AlpacaTranslateError)) throw error;
      this.#counters.malformedResponses += 1;
      this.#log('error', { context, clientOrderId: order.client_order_id, code: error.code, message: error.message }, 'alpaca: unreadable order');
      return undefined;
    }
  }

  #snapshotOrThrow(order: AlpacaOrder, context: string, reason?: string): Execution {
    const exec = this.#snapshot(order, context, reason);
    if (exec === undefined) throw this.#unavailable(`${context} ${order.client_order_id}: Alpaca's order could not be read`);
    return exec;
  }

  #describe(failure: RestFailure): string {
    switch (failure.kind) {
      case 'http':
        return `HTTP ${failure.status}${failure.body.code === undefined ? '' : ` code ${failure.body.code}`}: ${failure.body.message}`;
      case 'network':
        return `${failure.timedOut ? 'timed out' : 'no answer'}: ${failure.message}`;
      case 'malformed':
        return `unreadable answer: ${failure.message}`;
      default: {
        const unreachable: never = failure;
        return `unknown failure ${JSON.stringify(unreachable)}`;
      }
    }
  }

  #unavailable(message: string, retryAfterMs?: number): BrokerUnavailableError {
    return new BrokerUnavailableError(this.#redactor.text(message), retryAfterMs);
  }

  #assertOpen(op: string): void {
    if (this.#closed) throw new BrokerUnavailableError(`${op}: the Alpaca broker is closed`);
  }

  #log(level: Level, obj: Readonly<Record<string, unknown>>, msg: string): void {
    const fields = this.#redactor.fields({ broker: this.name, ...obj });
    const text = this.#redactor.text(msg);
    if (level === 'debug') this.#logger.debug?.(fields, text);
    else this.#logger[level](fields, text);
  }
}
