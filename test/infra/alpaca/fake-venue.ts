import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { AlpacaActivityObject, AlpacaOrderObject, AlpacaPositionObject } from '../../../src/infra/alpaca/wire/objects.js';
import { listActivities } from '../../../src/infra/alpaca-standin/activities.js';

/**
 * A local stand-in for Alpaca (test only): a node:http server speaking the documented REST
 * shapes of the order, position and account-activity endpoints and their error bodies, and a
 * WebSocket at /stream speaking the trading stream's JSON frames. It keeps its own orders,
 * positions and activities; tests drive fills, cancels and stream drops, and can make any
 * request fail.
 */

/** An order as Alpaca sends it; the fake's status is any string (tests send statuses Alpaca may add). */
export type FakeOrder = Omit<AlpacaOrderObject, 'status'> & { status: string };

export type FakePosition = AlpacaPositionObject;

export type FakeActivity = AlpacaActivityObject;

const ACTIVITY_DESCRIPTIONS: Readonly<Record<string, string>> = { OPEXC: 'Option Exercise', OPASN: 'Option Assignment', OPEXP: 'Option Expiry', OPTRD: 'Option Trade' };

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

export interface Injection {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Pathname to match exactly, e.g. '/v2/orders' or '/v2/orders:by_client_order_id'. */
  readonly path: string;
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** How many matching requests it answers (default 1; Infinity: all). */
  readonly times?: number;
  /** Handle the request normally first (its effects happen), then answer with the injection. */
  readonly afterHandling?: boolean;
  /** Destroy the connection instead of answering (a network error for the client). */
  readonly drop?: boolean;
  /** Never answer (the client's timeout fires). */
  readonly hang?: boolean;
}

interface ActiveInjection extends Injection {
  left: number;
}

const OPEN = new Set(['new', 'partially_filled', 'done_for_day', 'accepted', 'pending_new', 'accepted_for_bidding', 'pending_cancel', 'pending_replace', 'stopped', 'suspended', 'calculated', 'held']);

export const NOT_FOUND = { code: 40410000, message: 'order not found' };

export class FakeVenue {
  readonly requests: RecordedRequest[] = [];
  /** Every message a client sent on the stream, parsed. */
  readonly streamMessages: unknown[] = [];
  /** Epoch ms stamped on orders and events; tests move it. */
  time = Date.UTC(2025, 5, 11, 15, 0, 0);
  readonly #orders = new Map<string, FakeOrder>();
  readonly #positions = new Map<string, FakePosition>();
  readonly #activities: FakeActivity[] = [];
  readonly #injections: ActiveInjection[] = [];
  readonly #sockets = new Set<WebSocket>();
  readonly #listening = new Set<WebSocket>();
  readonly #wss = new WebSocketServer({ noServer: true });
  #refuseStream = false;
  #seq = 0;
  #authorizations = 0;

  private constructor(
    private readonly server: Server,
    readonly restUrl: string,
    readonly streamUrl: string,
    private readonly credentials: { readonly keyId: string; readonly secret: string },
  ) {}

  static async start(credentials: { keyId: string; secret: string }): Promise<FakeVenue> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const venue = new FakeVenue(server, `http://127.0.0.1:${port}`, `ws://127.0.0.1:${port}/stream`, credentials);
    server.on('request', (req, res) => void venue.#onRequest(req, res));
    server.on('upgrade', (req, socket, head) => venue.#onUpgrade(req, socket, head));
    return venue;
  }

  // --- test controls -------------------------------------------------------------------

  inject(injection: Injection): void {
    this.#injections.push({ ...injection, left: injection.times ?? 1 });
  }

  order(clientOrderId: string): FakeOrder | undefined {
    const o = this.#orders.get(clientOrderId);
    return o ? { ...o } : undefined;
  }

  /** Requests matching method and path, in order. */
  requestsTo(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  /** Places an order directly at the venue (as if sent earlier, or by Alpaca itself). */
  place(fields: { client_order_id: string; symbol: string; qty: string; side: string; type?: string; limit_price?: string | null; position_intent?: string; status?: string }): FakeOrder {
    const order = this.#newOrder({
      client_order_id: fields.client_order_id,
      symbol: fields.symbol,
      qty: fields.qty,
      side: fields.side,
      type: fields.type ?? 'limit',
      time_in_force: 'day',
      limit_price: fields.limit_price ?? null,
      position_intent: fields.position_intent ?? null,
    });
    if (fields.status !== undefined) order.status = fields.status;
    return { ...order };
  }

  /**
   * Sets the position in `symbol` (signed: short < 0) at `avgEntryPrice` per share (decimal
   * strings, as Alpaca sends them); qty 0 removes it.
   */
  setPosition(symbol: string, qty: number, avgEntryPrice: string, assetClass: 'us_option' | 'us_equity' = 'us_option'): FakePosition | undefined {
    if (qty === 0) {
      this.#positions.delete(symbol);
      return undefined;
    }
    const multiplier = assetClass === 'us_option' ? 100 : 1;
    const cost = (Math.abs(qty) * Number(avgEntryPrice) * multiplier).toFixed(2);
    const position: FakePosition = {
      asset_id: `asset-${symbol}`,
      symbol,
      exchange: '',
      asset_class: assetClass,
      asset_marginable: assetClass === 'us_equity',
      qty: String(qty),
      qty_available: String(qty),
      avg_entry_price: avgEntryPrice,
      side: qty < 0 ? 'short' : 'long',
      market_value: qty < 0 ? `-${cost}` : cost,
      cost_basis: qty < 0 ? `-${cost}` : cost,
      unrealized_pl: '0',
      unrealized_plpc: '0',
      unrealized_intraday_pl: '0',
      unrealized_intraday_plpc: '0',
      current_price: avgEntryPrice,
      lastday_price: avgEntryPrice,
      change_today: '0',
    };
    this.#positions.set(symbol, position);
    return { ...position };
  }

  /**
   * Records a non-trade activity dated `date` ('YYYY-MM-DD'), e.g. an OPASN of `qty` "2" (two short
   * contracts assigned) or an OPEXP of "-1". Its id is Alpaca's form: the date and a time, '::', a uuid.
   */
  addActivity(fields: { activity_type: string; symbol: string; qty: string; date: string; net_amount?: string }): FakeActivity {
    this.#seq += 1;
    const activity: FakeActivity = {
      id: `${fields.date.replace(/-/g, '')}000000000::5f596936-6f23-4cef-bdf1-${String(this.#seq).padStart(12, '0')}`,
      activity_type: fields.activity_type,
      date: fields.date,
      net_amount: fields.net_amount ?? '0',
      description: ACTIVITY_DESCRIPTIONS[fields.activity_type] ?? fields.activity_type,
      symbol: fields.symbol,
      qty: fields.qty,
      status: 'executed',
    };
    this.#activities.push(activity);
    return { ...activity };
  }

  /** The venue takes the order: status new, and a `new` event. */
  route(clientOrderId: string): void {
    const o = this.#must(clientOrderId);
    this.#touch(o, { status: 'new' });
    this.#event('new', o);
  }

  /**
   * Fills `qty` more contracts at `price` (a decimal string): filled_qty and filled_avg_price move,
   * status becomes partially_filled or filled, and a partial_fill/fill event goes out.
   */
  fill(clientOrderId: string, qty: number, price: string): void {
    const o = this.#must(clientOrderId);
    const before = Number(o.filled_qty);
    const total = before + qty;
    const avg = (before * Number(o.filled_avg_price ?? '0') + qty * Number(price)) / total;
    const done = total === Number(o.qty);
    this.#touch(o, {
      filled_qty: String(total),
      filled_avg_price: String(Math.round(avg * 10_000) / 10_000),
      status: done ? 'filled' : 'partially_filled',
      ...(done ? { filled_at: this.#now() } : {}),
    });
    this.#event(done ? 'fill' : 'partial_fill', o, { price, qty: String(qty), position_qty: String(total) });
  }

  /** Ends the order with `status` and sends the same-named event (canceled, expired, rejected). */
  end(clientOrderId: string, status: 'canceled' | 'expired' | 'rejected'): void {
    const o = this.#must(clientOrderId);
    const stamp = status === 'canceled' ? { canceled_at: this.#now() } : status === 'expired' ? { expired_at: this.#now() } : { failed_at: this.#now() };
    this.#touch(o, { status, ...stamp });
    this.#event(status, o);
  }

  /** Sends an event about the order as it stands, changing nothing (done_for_day, trade_bust, made-up names…). */
  sendEvent(event: string, clientOrderId: string, extra: Record<string, unknown> = {}): void {
    this.#event(event, this.#must(clientOrderId), extra);
  }

  /** Sends a raw text frame to every listening client. */
  sendRaw(text: string): void {
    for (const ws of this.#listening) ws.send(text);
  }

  /** Terminates every stream connection and refuses new ones until allowStream(). */
  dropStream(): void {
    this.#refuseStream = true;
    for (const ws of this.#sockets) ws.terminate();
  }

  /** Every stream connection goes silent without closing (a half-open link): no updates sent, nothing read, pings unanswered. */
  silenceStream(): void {
    for (const ws of this.#sockets) {
      this.#listening.delete(ws);
      ws.pause();
    }
  }

  allowStream(): void {
    this.#refuseStream = false;
  }

  /** Connections that have sent `listen` and are still open. */
  get listeners(): number {
    return this.#listening.size;
  }

  /** Successful `authenticate` messages so far. */
  get authorizations(): number {
    return this.#authorizations;
  }

  async close(): Promise<void> {
    for (const ws of this.#sockets) ws.terminate();
    this.#wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // --- REST ----------------------------------------------------------------------------

  async #onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.restUrl);
    const raw = await readBody(req);
    let body: unknown = undefined;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const method = req.method ?? 'GET';
    this.requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body });
    const injection = this.#takeInjection(method, url.pathname);
    if (injection && !injection.afterHandling) return this.#answerInjected(injection, req, res);
    const answer = this.#handle(method, url, req.headers, body);
    if (injection) return this.#answerInjected(injection, req, res);
    send(res, answer.status, answer.body);
  }

  #handle(method: string, url: URL, headers: IncomingHttpHeaders, body: unknown): { status: number; body?: unknown } {
    if (headers['apca-api-key-id'] !== this.credentials.keyId || headers['apca-api-secret-key'] !== this.credentials.secret) {
      return { status: 401, body: { message: 'unauthorized.' } };
    }
    const path = url.pathname;
    if (method === 'POST' && path === '/v2/orders') return this.#post(body);
    if (method === 'GET' && path === '/v2/orders:by_client_order_id') {
      const o = this.#orders.get(url.searchParams.get('client_order_id') ?? '');
      return o ? { status: 200, body: o } : { status: 404, body: NOT_FOUND };
    }
    if (method === 'GET' && path === '/v2/orders') return { status: 200, body: this.#listOrders(url.searchParams) };
    if (method === 'GET' && path === '/v2/positions') return { status: 200, body: [...this.#positions.values()] };
    if (method === 'GET' && path === '/v2/account/activities') return { status: 200, body: listActivities(this.#activities, url.searchParams) };
    const del = /^\/v2\/orders\/([^/]+)$/.exec(path);
    if (method === 'DELETE' && del) {
      const o = [...this.#orders.values()].find((x) => x.id === decodeURIComponent(del[1] ?? ''));
      if (!o) return { status: 404, body: NOT_FOUND };
      if (!OPEN.has(o.status)) return { status: 422, body: { code: 42210000, message: 'order is not cancelable' } };
      this.#touch(o, { status: 'canceled', canceled_at: this.#now() });
      this.#event('canceled', o);
      return { status: 204 };
    }
    return { status: 404, body: { code: 40410000, message: 'endpoint not found' } };
  }

  /**
   * GET /v2/orders: `status` open (default), closed or all; `after`/`until` on submitted_at, both
   * exclusive; `direction` asc or desc by submission (without it, the order they were placed in);
   * `limit` (Alpaca's default 50, at most 500) when given.
   */
  #listOrders(q: URLSearchParams): FakeOrder[] {
    const status = q.get('status') ?? 'open';
    const after = q.get('after');
    const until = q.get('until');
    let list = [...this.#orders.values()].filter((o) => (status === 'all' ? true : status === 'closed' ? !OPEN.has(o.status) : OPEN.has(o.status)));
    if (after !== null) list = list.filter((o) => Date.parse(o.submitted_at) > Date.parse(after));
    if (until !== null) list = list.filter((o) => Date.parse(o.submitted_at) < Date.parse(until));
    const direction = q.get('direction');
    if (direction !== null) list.sort((a, b) => (Date.parse(a.submitted_at) - Date.parse(b.submitted_at)) * (direction === 'desc' ? -1 : 1));
    const limit = q.get('limit');
    return limit === null ? list : list.slice(0, Math.min(500, Number(limit)));
  }

  #post(body: unknown): { status: number; body: unknown } {
    if (typeof body !== 'object' || body === null) return { status: 422, body: { code: 40010001, message: 'invalid body' } };
    const b = body as Record<string, unknown>;
    const id = typeof b.client_order_id === 'string' ? b.client_order_id : `auto-${this.#seq + 1}`;
    if (this.#orders.has(id)) return { status: 422, body: { code: 40010001, message: 'client_order_id must be unique' } };
    const order = this.#newOrder({
      client_order_id: id,
      symbol: String(b.symbol),
      qty: String(b.qty),
      side: String(b.side),
      type: String(b.type),
      time_in_force: String(b.time_in_force),
      limit_price: typeof b.limit_price === 'string' ? b.limit_price : null,
      position_intent: typeof b.position_intent === 'string' ? b.position_intent : null,
    });
    return { status: 200, body: order };
  }

  #takeInjection(method: string, path: string): ActiveInjection | undefined {
    const i = this.#injections.find((x) => x.method === method && x.path === path && x.left > 0);
    if (i) i.left -= 1;
    return i;
  }

  #answerInjected(injection: ActiveInjection, req: IncomingMessage, res: ServerResponse): void {
    if (injection.drop) {
      req.socket.destroy();
      return;
    }
    if (injection.hang) return;
    send(res, injection.status ?? 500, injection.body, injection.headers);
  }

  // --- orders and events ---------------------------------------------------------------

  #newOrder(f: { client_order_id: string; symbol: string; qty: string; side: string; type: string; time_in_force: string; limit_price: string | null; position_intent: string | null }): FakeOrder {
    this.#seq += 1;
    const now = this.#now();
    const order: FakeOrder = {
      id: `0000000${this.#seq}-aaaa-4bbb-8ccc-dddddddddddd`,
      client_order_id: f.client_order_id,
      created_at: now,
      updated_at: now,
      submitted_at: now,
      filled_at: null,
      expired_at: null,
      canceled_at: null,
      failed_at: null,
      replaced_at: null,
      replaced_by: null,
      replaces: null,
      asset_id: `asset-${f.symbol}`,
      symbol: f.symbol,
      asset_class: 'us_option',
      notional: null,
      qty: f.qty,
      filled_qty: '0',
      filled_avg_price: null,
      order_class: 'simple',
      order_type: f.type,
      type: f.type,
      side: f.side,
      position_intent: f.position_intent,
      time_in_force: f.time_in_force,
      limit_price: f.limit_price,
      stop_price: null,
      status: 'accepted',
      extended_hours: false,
      legs: null,
      trail_percent: null,
      trail_price: null,
      hwm: null,
    };
    this.#orders.set(order.client_order_id, order);
    return order;
  }

  #must(clientOrderId: string): FakeOrder {
    const o = this.#orders.get(clientOrderId);
    if (!o) throw new Error(`fake venue: no order ${clientOrderId}`);
    return o;
  }

  #touch(o: FakeOrder, change: Partial<FakeOrder>): void {
    Object.assign(o, change, { updated_at: this.#now() });
  }

  #now(): string {
    return new Date(this.time).toISOString();
  }

  #event(event: string, o: FakeOrder, extra: Record<string, unknown> = {}): void {
    this.#broadcast({ stream: 'trade_updates', data: { event, timestamp: this.#now(), order: { ...o }, ...extra } });
  }

  #broadcast(frame: unknown): void {
    const text = JSON.stringify(frame);
    for (const ws of this.#listening) ws.send(text);
  }

  // --- stream --------------------------------------------------------------------------

  #onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(req.url ?? '/', this.restUrl).pathname;
    if (path !== '/stream' || this.#refuseStream) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#onSocket(ws));
  }

  #onSocket(ws: WebSocket): void {
    this.#sockets.add(ws);
    let authorized = false;
    ws.on('close', () => {
      this.#sockets.delete(ws);
      this.#listening.delete(ws);
    });
    ws.on('message', (data: RawData) => {
      let msg: { action?: string; data?: Record<string, unknown> };
      try {
        msg = JSON.parse(rawText(data)) as typeof msg;
      } catch {
        return;
      }
      this.streamMessages.push(msg);
      if (msg.action === 'authenticate') {
        authorized = msg.data?.key_id === this.credentials.keyId && msg.data?.secret_key === this.credentials.secret;
        if (authorized) this.#authorizations += 1;
        ws.send(JSON.stringify({ stream: 'authorization', data: { status: authorized ? 'authorized' : 'unauthorized', action: 'authenticate' } }));
        if (!authorized) ws.close();
        return;
      }
      if (msg.action === 'listen' && authorized) {
        const streams = Array.isArray(msg.data?.streams) ? (msg.data.streams as unknown[]).filter((s) => s === 'trade_updates') : [];
        if (streams.length > 0) this.#listening.add(ws);
        ws.send(JSON.stringify({ stream: 'listening', data: { streams } }));
      }
    });
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Readonly<Record<string, string>> = {}): void {
  if (body === undefined) {
    res.writeHead(status, { ...headers });
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
