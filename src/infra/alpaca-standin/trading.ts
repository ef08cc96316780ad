import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { z } from 'zod';
import { nyDate } from '../../domain/calendar/session.js';
import { RULE_CALENDAR } from '../../domain/calendar/session-calendar.js';
import { isOccSymbol, parseOcc, type OptionContract } from '../../domain/values/contract.js';
import type { Execution } from '../../domain/values/execution.js';
import type { OrderIntent } from '../../domain/values/order.js';
import type { OptionQuote } from '../../domain/values/quote.js';
import { DAY_MS } from '../../domain/values/time.js';
import { wireDecimal } from '../alpaca/wire/decimal.js';
import { ALPACA_ERROR_BODIES } from '../alpaca/wire/error.js';
import { ACTIVITY_DESCRIPTIONS, ALPACA_OPEN_ORDER_STATUSES, type AlpacaActivityObject, type AlpacaClockObject, type AlpacaOrderObject } from '../alpaca/wire/objects.js';
import { ALPACA_ORDER_SIDES, ALPACA_POSITION_INTENTS } from '../alpaca/wire/order.js';
import type { AlpacaTradeUpdate } from '../alpaca/wire/stream.js';
import { SimBroker } from '../sim-broker/broker.js';
import type { Settlement } from '../sim-broker/ledger.js';
import { shareQuote } from '../sim-broker/shares.js';
import { listActivities } from './activities.js';
import { readJson, sendJson } from './http.js';
import { contractParts, fillMleg, isMleg, newMlegOrder, orderView, readMleg, signedNet, syncLegs, type MlegRequest, type StandinOrderObject } from './mleg.js';
import { accountObject, positionObjects, type PortfolioSource } from './portfolio.js';
import { refusal, unprocessable, type Refusal } from './refusals.js';
import type { StandinRoutes } from './route.js';
import type { StandinKeys } from './server.js';
import { assetId, dec, iso } from './wire-values.js';

/**
 * POST /v2/orders as the stand-in takes it: Alpaca's single-leg options order (wire/order-request.ts)
 * with Alpaca's own leniencies: client_order_id optional (Alpaca makes one up), position_intent
 * optional (inferred from the position), extended_hours false if given. Unknown fields pass. An
 * equity order (a ticker the market has a price for: a delta hedge's shares) takes the same shape;
 * its position_intent, if any, is ignored (it opens or closes by the shares held).
 */
const postOrderSchema = z.object({
  symbol: z.string().min(1),
  qty: wireDecimal.regex(/^\d+$/, 'qty must be a whole number of contracts'),
  side: z.enum(ALPACA_ORDER_SIDES),
  type: z.enum(['market', 'limit']),
  time_in_force: z.literal('day'),
  limit_price: wireDecimal.nullish(),
  client_order_id: z.string().min(1).max(128).nullish(),
  position_intent: z.enum(ALPACA_POSITION_INTENTS).nullish(),
  extended_hours: z.literal(false).nullish(),
});

export interface TradingStandinOptions {
  readonly keys: readonly StandinKeys[];
  /** Starting cash, dollars. */
  readonly cash: number;
  /** A contract's quote at `now` (the replayed market's), or undefined when it has none. */
  readonly quote: (symbol: string, now: number) => OptionQuote | undefined;
  /** The stand-in's market clock, epoch ms. */
  readonly now: () => number;
  /** An underlying's last price at `now` (marks the shares from assignments); none: shares at their average price. */
  readonly spot?: (underlying: string, now: number) => number | undefined;
}

/**
 * Alpaca's trading API over the simulated broker: the REST group (orders, positions, account,
 * account activities, clock) and the trade_updates stream at /stream (JSON frames:
 * authenticate → authorization, listen → listening, then trade_updates). Orders fill against the
 * replayed quotes (on submit when marketable, else on each minute through work()); day orders expire
 * at endOfDay, positions settle at expiry (settle) and show as OPEXC/OPASN/OPEXP activities.
 * Multi-leg (`order_class: "mleg"`) orders are read and answered in Alpaca's mleg shapes (mleg.ts);
 * positions and the account (portfolio.ts) list shares from assignments beside the options.
 * It imports the wire shapes and the simulated broker, never the engine.
 */
export class TradingStandin {
  readonly broker: SimBroker;
  /** Every message a client sent on the stream, its secret replaced by '***'. */
  readonly streamMessages: unknown[] = [];
  readonly #orders = new Map<string, StandinOrderObject>();
  /** Client order id by order id: an order's own, or (for a leg of an mleg order) its parent's. */
  readonly #clientIdById = new Map<string, string>();
  readonly #activities: AlpacaActivityObject[] = [];
  readonly #wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  readonly #sockets = new Set<WebSocket>();
  readonly #listening = new Set<WebSocket>();
  #seq = 0;

  constructor(private readonly o: TradingStandinOptions) {
    this.broker = new SimBroker({ cash: o.cash });
  }

  /** The REST group: mount it on the server. */
  readonly routes: StandinRoutes = async (req, res, url) => {
    const answer = await this.#handle(req.method ?? 'GET', url, req);
    if (answer === undefined) return false;
    sendJson(res, answer.status, answer.body);
    return true;
  };

  /** The order as Alpaca would send it now, by client order id (an mleg parent with its legs). */
  order(clientOrderId: string): StandinOrderObject | undefined {
    const o = this.#orders.get(clientOrderId);
    return o && (orderView(o, true)[0] as StandinOrderObject);
  }

  /** Offers every working order its contract's quote (a share order its ticker's) at `now` (once per replayed minute). */
  work(now: number): void {
    for (const symbol of this.broker.workingSymbols()) {
      const q = this.#quote(symbol, now);
      if (q) this.#apply(this.broker.onQuote(q, now));
    }
  }

  /** The close: working day orders expire. */
  endOfDay(now: number): void {
    this.#apply(this.broker.endOfDay(now));
  }

  /** Settles the positions expiring on `date` (after endOfDay) and records their activities. */
  settle(date: string, spot: (underlying: string) => number, now: number): Settlement[] {
    const settled = this.broker.settleExpiry(date, spot, now);
    for (const s of settled) this.#activity(s, date);
    return settled;
  }

  /** trade_updates frames sent, one per listening connection. */
  updatesSent = 0;

  /** Cuts every trading-stream connection without a close handshake. */
  dropConnections(): void {
    for (const ws of this.#sockets) ws.terminate();
  }

  /** Every trading-stream connection goes silent without closing (a half-open link): no updates sent, nothing read, pings unanswered. */
  silenceConnections(): void {
    for (const ws of this.#sockets) {
      this.#listening.delete(ws);
      ws.pause();
    }
  }

  /** Connections that have sent `listen` and are still open. */
  get listeners(): number {
    return this.#listening.size;
  }

  /** Takes the upgrade of /stream. */
  readonly handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): boolean => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/stream') return false;
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#onSocket(ws));
    return true;
  };

  close(): void {
    for (const ws of this.#sockets) ws.terminate();
    this.#wss.close();
  }

  // --- REST ------------------------------------------------------------------------------

  async #handle(method: string, url: URL, req: IncomingMessage): Promise<{ status: number; body?: unknown } | undefined> {
    const path = url.pathname;
    const now = this.o.now();
    if (path === '/v2/orders' && method === 'POST') return this.#post(await readJson(req).catch(() => null), now);
    if (path === '/v2/orders' && method === 'GET') return { status: 200, body: this.#list(url.searchParams) };
    if (path === '/v2/orders:by_client_order_id' && method === 'GET') {
      const o = this.#orders.get(url.searchParams.get('client_order_id') ?? '');
      return o ? { status: 200, body: orderView(o, true)[0] } : { status: 404, body: ALPACA_ERROR_BODIES.orderNotFound };
    }
    const byId = /^\/v2\/orders\/([^/]+)$/.exec(path);
    if (byId) {
      const id = decodeURIComponent(byId[1] ?? '');
      const cid = this.#clientIdById.get(id);
      const o = cid === undefined ? undefined : this.#orders.get(cid);
      if (o === undefined) return method === 'GET' || method === 'DELETE' ? { status: 404, body: ALPACA_ERROR_BODIES.orderNotFound } : undefined;
      // A leg of an mleg order is read on its own; it is canceled only through its parent.
      const leg = o.id === id ? undefined : contractParts(o).find((l) => l.id === id);
      if (method === 'GET') return { status: 200, body: leg === undefined ? orderView(o, true)[0] : { ...leg } };
      if (leg !== undefined) return method === 'DELETE' ? { status: 422, body: ALPACA_ERROR_BODIES.notCancelable } : undefined;
      if (method === 'DELETE') {
        if (!ALPACA_OPEN_ORDER_STATUSES.has(o.status)) return { status: 422, body: ALPACA_ERROR_BODIES.notCancelable };
        this.#later(this.broker.cancel(o.client_order_id, now));
        return { status: 204 };
      }
      return undefined;
    }
    if (path === '/v2/positions' && method === 'GET') return { status: 200, body: positionObjects(this.#portfolio(now)) };
    const position = /^\/v2\/positions\/([^/]+)$/.exec(path);
    if (position && method === 'GET') {
      const p = positionObjects(this.#portfolio(now)).find((x) => x.symbol === decodeURIComponent(position[1] ?? ''));
      return p ? { status: 200, body: p } : { status: 404, body: ALPACA_ERROR_BODIES.positionNotFound };
    }
    if (path === '/v2/account' && method === 'GET') return { status: 200, body: accountObject(this.#portfolio(now), now) };
    if (path === '/v2/account/activities' && method === 'GET') return { status: 200, body: listActivities(this.#activities, url.searchParams) };
    if (path === '/v2/clock' && method === 'GET') return { status: 200, body: clock(now) };
    return undefined;
  }

  #post(raw: unknown, now: number): { status: number; body: unknown } {
    if (typeof raw === 'object' && raw !== null && (raw as { order_class?: unknown }).order_class === 'mleg') return this.#postMleg(raw, now);
    const parsed = postOrderSchema.safeParse(raw);
    if (!parsed.success) return unprocessable(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    const b = parsed.data;
    if (b.type === 'limit' && (b.limit_price === undefined || b.limit_price === null)) return unprocessable('limit_price is required for limit orders');
    if (b.type === 'market' && b.limit_price !== undefined && b.limit_price !== null) return unprocessable('limit_price must not be given for market orders');
    const contract: OptionContract | undefined = isOccSymbol(b.symbol) ? parseOcc(b.symbol) : undefined;
    const quote = this.#quote(b.symbol, now);
    if (contract === undefined && quote === undefined) return unprocessable(`asset "${b.symbol}" not found`);
    const clientOrderId = b.client_order_id ?? randomUUID();
    if (this.#orders.has(clientOrderId)) return { status: 422, body: ALPACA_ERROR_BODIES.duplicateClientOrderId };
    const held = this.#held(b.symbol);
    const inferred = b.side === 'buy' ? (held < 0 ? 'buy_to_close' : 'buy_to_open') : held > 0 ? 'sell_to_close' : 'sell_to_open';
    const intentName = contract === undefined ? inferred : (b.position_intent ?? inferred);
    const intent: OrderIntent = {
      clientOrderId,
      correlationId: clientOrderId,
      underlying: contract?.underlying ?? b.symbol,
      symbol: b.symbol,
      side: b.side,
      effect: intentName.endsWith('_open') ? 'open' : 'close',
      qty: Number(b.qty),
      type: b.type,
      ...(b.limit_price === undefined || b.limit_price === null ? {} : { limitPrice: Number(b.limit_price) }),
      timeInForce: 'day',
      reasons: [],
      ts: now,
    };
    const execs = this.broker.submit(intent, quote, now);
    const refused = refusalOf(execs);
    if (refused) return refused;
    const at = iso(now);
    const order: AlpacaOrderObject = {
      id: randomUUID(),
      client_order_id: clientOrderId,
      created_at: at,
      updated_at: at,
      submitted_at: at,
      filled_at: null,
      expired_at: null,
      canceled_at: null,
      failed_at: null,
      replaced_at: null,
      replaced_by: null,
      replaces: null,
      asset_id: assetId(b.symbol),
      symbol: b.symbol,
      asset_class: contract === undefined ? 'us_equity' : 'us_option',
      notional: null,
      qty: b.qty,
      filled_qty: '0',
      filled_avg_price: null,
      order_class: 'simple',
      order_type: b.type,
      type: b.type,
      side: b.side,
      position_intent: contract === undefined ? null : intentName,
      time_in_force: 'day',
      limit_price: b.limit_price ?? null,
      stop_price: null,
      status: 'accepted',
      extended_hours: false,
      legs: null,
      trail_percent: null,
      trail_price: null,
      hwm: null,
    };
    return this.#placed(order, execs);
  }

  /**
   * An mleg order (mleg.ts, readMleg): checked as Alpaca checks it, handed to the simulated broker
   * with its legs and every leg's quote, answered as the parent with its legs.
   */
  #postMleg(raw: unknown, now: number): { status: number; body: unknown } {
    const cid = (raw as { client_order_id?: unknown }).client_order_id;
    const read: MlegRequest | Refusal = readMleg(raw, typeof cid === 'string' && cid.length > 0 ? cid : undefined, {
      now,
      held: (symbol) => this.broker.positions().find((p) => p.contract.symbol === symbol)?.qty ?? 0,
      quote: (symbol) => this.o.quote(symbol, now),
    });
    if ('status' in read) return read;
    if (this.#orders.has(read.intent.clientOrderId)) return { status: 422, body: ALPACA_ERROR_BODIES.duplicateClientOrderId };
    const execs = this.broker.submit(read.intent, read.quotes, now);
    return refusalOf(execs) ?? this.#placed(newMlegOrder(read, now), execs);
  }

  /** Files a placed order and answers with it as taken; what the venue did follows on the stream (as at Alpaca). */
  #placed(order: StandinOrderObject, execs: readonly Execution[]): { status: number; body: unknown } {
    this.#orders.set(order.client_order_id, order);
    for (const part of [order, ...(isMleg(order) ? order.legs : [])]) this.#clientIdById.set(part.id, order.client_order_id);
    const answer = orderView(order, true)[0];
    this.#later(execs);
    return { status: 200, body: answer };
  }

  /**
   * GET /v2/orders: status open (default) | closed | all; after/until on submitted_at (exclusive);
   * symbols (an mleg order by any of its legs); direction; limit (default 50, at most 500) counting
   * orders; nested=true rolls an mleg order's legs up under it, else they follow it on their own.
   */
  #list(q: URLSearchParams): unknown[] {
    const status = q.get('status') ?? 'open';
    const after = q.get('after');
    const until = q.get('until');
    let list = [...this.#orders.values()].filter((o) => (status === 'all' ? true : status === 'closed' ? !ALPACA_OPEN_ORDER_STATUSES.has(o.status) : ALPACA_OPEN_ORDER_STATUSES.has(o.status)));
    if (after !== null) list = list.filter((o) => Date.parse(o.submitted_at) > Date.parse(after));
    if (until !== null) list = list.filter((o) => Date.parse(o.submitted_at) < Date.parse(until));
    const symbols = q.get('symbols')?.split(',');
    if (symbols !== undefined) list = list.filter((o) => contractParts(o).some((p) => symbols.includes(p.symbol)));
    const sign = q.get('direction') === 'asc' ? 1 : -1;
    list.sort((a, b) => (Date.parse(a.submitted_at) - Date.parse(b.submitted_at)) * sign);
    const nested = q.get('nested') === 'true';
    return list.slice(0, Math.min(500, Number(q.get('limit') ?? '50'))).flatMap((o) => orderView(o, nested));
  }

  #portfolio(now: number): PortfolioSource {
    const spot = this.o.spot;
    return {
      broker: this.broker,
      optionMark: (symbol) => this.#mark(symbol, now),
      spot: (underlying) => spot?.(underlying, now),
      offered: (symbol) => this.#offered(symbol),
    };
  }

  /** Contracts of a long position already offered by working sell orders (an mleg order's sell legs among them). */
  #offered(symbol: string): number {
    let n = 0;
    for (const o of this.#orders.values()) {
      if (!ALPACA_OPEN_ORDER_STATUSES.has(o.status)) continue;
      for (const p of contractParts(o)) if (p.symbol === symbol && p.side === 'sell') n += Number(p.qty) - Number(p.filled_qty);
    }
    return n;
  }

  /** Signed contracts held of an option, or shares of a ticker. */
  #held(symbol: string): number {
    if (isOccSymbol(symbol)) return this.broker.positions().find((p) => p.contract.symbol === symbol)?.qty ?? 0;
    return this.broker.stockPositions().find((p) => p.symbol === symbol)?.qty ?? 0;
  }

  /** A contract's quote, or a ticker's share quote at its last price (bid = ask); undefined when the market has neither. */
  #quote(symbol: string, now: number): OptionQuote | undefined {
    if (isOccSymbol(symbol)) return this.o.quote(symbol, now);
    const spot = this.o.spot?.(symbol, now);
    return spot === undefined ? undefined : shareQuote(symbol, spot, now);
  }

  #mark(symbol: string, now: number): number | undefined {
    const q = this.o.quote(symbol, now);
    return q === undefined ? undefined : (q.bid + q.ask) / 2;
  }

  #activity(s: Settlement, date: string): void {
    this.#seq += 1;
    const type = s.outcome === 'expired_otm' ? 'OPEXP' : s.qty > 0 ? 'OPEXC' : 'OPASN';
    this.#activities.push({
      id: `${date.replace(/-/g, '')}160000000::${randomUUID().slice(0, 24)}${String(this.#seq).padStart(12, '0')}`,
      activity_type: type,
      date,
      net_amount: dec(s.cashFlow),
      description: ACTIVITY_DESCRIPTIONS[type] ?? type,
      symbol: s.symbol,
      qty: dec(-s.qty),
      status: 'executed',
    });
  }

  // --- executions → orders and trade_updates --------------------------------------------

  /** Applies the executions after the current answer has gone out (as Alpaca: the POST first, the stream after). */
  #later(execs: readonly Execution[]): void {
    if (execs.length === 0) return;
    setImmediate(() => this.#apply(execs));
  }

  #apply(execs: readonly Execution[]): void {
    for (const e of execs) {
      const o = this.#orders.get(e.clientOrderId);
      if (o === undefined) continue;
      const at = iso(e.ts);
      o.updated_at = at;
      const extra: Partial<AlpacaTradeUpdate> = {};
      let event: string;
      switch (e.status) {
        case 'accepted':
        case 'pending':
          o.status = 'new';
          event = 'new';
          break;
        case 'partially_filled':
        case 'filled': {
          o.status = e.status;
          if (e.status === 'filled') o.filled_at = at;
          event = e.status === 'filled' ? 'fill' : 'partial_fill';
          if (isMleg(o)) {
            // An mleg fill: units and the signed net price of this fill (as the limit); no one position it moves.
            fillMleg(o, e);
            Object.assign(extra, { price: signedNet(e), qty: dec(e.fillQty), execution_id: randomUUID() });
            break;
          }
          o.filled_qty = dec(e.cumQty);
          if (e.avgFillPrice !== undefined) o.filled_avg_price = dec(e.avgFillPrice);
          const position = this.#held(o.symbol);
          Object.assign(extra, { price: dec(e.fillPrice ?? 0), qty: dec(e.fillQty), position_qty: dec(position), execution_id: randomUUID() });
          break;
        }
        case 'canceled':
          o.status = 'canceled';
          o.canceled_at = at;
          event = 'canceled';
          break;
        case 'expired':
          o.status = 'expired';
          o.expired_at = at;
          event = 'expired';
          break;
        case 'rejected':
          o.status = 'rejected';
          o.failed_at = at;
          event = 'rejected';
          break;
      }
      if (isMleg(o)) syncLegs(o);
      this.#broadcast({ stream: 'trade_updates', data: { event, timestamp: at, order: orderView(o, true)[0], ...extra } });
    }
  }

  #broadcast(frame: unknown): void {
    const text = JSON.stringify(frame);
    for (const ws of this.#listening) {
      if (ws.readyState !== ws.OPEN) continue;
      ws.send(text);
      this.updatesSent += 1;
    }
  }

  // --- stream ----------------------------------------------------------------------------

  #onSocket(ws: WebSocket): void {
    this.#sockets.add(ws);
    let authorized = false;
    ws.on('error', () => undefined);
    ws.on('close', () => {
      this.#sockets.delete(ws);
      this.#listening.delete(ws);
    });
    ws.on('message', (data: RawData) => {
      let msg: { action?: unknown; data?: Record<string, unknown> };
      try {
        msg = JSON.parse(rawText(data)) as typeof msg;
      } catch {
        ws.send(JSON.stringify({ stream: 'listening', data: { error: 'invalid syntax' } }));
        return;
      }
      this.streamMessages.push(msg.action === 'authenticate' ? { ...msg, data: { ...msg.data, secret_key: '***' } } : msg);
      if (msg.action === 'authenticate' || msg.action === 'auth') {
        const id = msg.data?.key_id ?? (msg as Record<string, unknown>).key;
        const secret = msg.data?.secret_key ?? (msg as Record<string, unknown>).secret;
        authorized = this.o.keys.some((k) => k.keyId === id && k.secret === secret);
        ws.send(JSON.stringify({ stream: 'authorization', data: { status: authorized ? 'authorized' : 'unauthorized', action: 'authenticate' } }));
        if (!authorized) ws.close();
        return;
      }
      if (msg.action === 'listen') {
        if (!authorized) {
          ws.send(JSON.stringify({ stream: 'authorization', data: { status: 'unauthorized', action: 'listen' } }));
          ws.close();
          return;
        }
        const streams = Array.isArray(msg.data?.streams) ? (msg.data.streams as unknown[]).filter((s) => s === 'trade_updates') : [];
        if (streams.length > 0) this.#listening.add(ws);
        else this.#listening.delete(ws);
        ws.send(JSON.stringify({ stream: 'listening', data: { streams } }));
      }
    });
  }
}

/** GET /v2/clock at the stand-in's market time, by the rule-based calendar /v2/calendar serves (early closes at 13:00). */
export function clock(now: number): AlpacaClockObject {
  const session = (date: string) => RULE_CALENDAR.session(date);
  const today = session(nyDate(now));
  const isOpen = today !== undefined && now >= today.open && now < today.close;
  let nextOpen: number | undefined;
  let nextClose: number | undefined = today !== undefined && now < today.close ? today.close : undefined;
  for (let d = 0; d < 15 && (nextOpen === undefined || nextClose === undefined); d += 1) {
    const s = session(nyDate(now + d * DAY_MS));
    if (s === undefined) continue;
    if (nextOpen === undefined && s.open > now) nextOpen = s.open;
    if (nextClose === undefined && s.close > now) nextClose = s.close;
  }
  return { timestamp: iso(now), is_open: isOpen, next_open: iso(nextOpen ?? now), next_close: iso(nextClose ?? now) };
}

/** The refusal of an order the simulated broker rejected on submit, or undefined when it took it. */
function refusalOf(execs: readonly Execution[]): Refusal | undefined {
  const first = execs[0];
  return first === undefined || first.status === 'rejected' ? refusal(first?.reason ?? 'REJECTED') : undefined;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
