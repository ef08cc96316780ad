import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { ALPACA_ERROR_BODIES } from '../alpaca/wire/error.js';
import type { FaultQueue, RestFault } from './faults.js';
import { sendJson } from './http.js';
import type { StandinRoutes } from './route.js';

/** A pair of API keys the stand-in accepts. */
export interface StandinKeys {
  readonly keyId: string;
  readonly secret: string;
}

/** Takes a WebSocket upgrade and answers true, or answers false leaving the socket untouched. */
export type StandinUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;

export interface StandinServerOptions {
  /** Port on 127.0.0.1 (0 or omitted: any free one). */
  readonly port?: number;
  readonly keys: readonly StandinKeys[];
  readonly faults: FaultQueue;
}

/** Where the control API lives: no keys, no faults. */
export const CONTROL_PREFIX = '/_standin/';

/**
 * The stand-in's one loopback HTTP server. A REST request goes through, in order: the control API
 * (paths under /_standin/, unauthenticated, never faulted); the fault queue (status, delay, reset);
 * Alpaca's key check (APCA-API-KEY-ID and APCA-API-SECRET-KEY, else 401 with Alpaca's body); then
 * each route group in turn until one takes it (none: 404 with Alpaca's body). A WebSocket upgrade
 * goes to the first upgrade handler that takes its path (the trading stream at /stream, market data
 * at /v2/<feed>); none: 404.
 */
export class StandinServer {
  readonly #routes: StandinRoutes[] = [];
  readonly #control: StandinRoutes[] = [];
  readonly #upgrades: StandinUpgrade[] = [];

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly o: StandinServerOptions,
  ) {}

  static async start(o: StandinServerOptions): Promise<StandinServer> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port ?? 0, '127.0.0.1', resolve);
    });
    const s = new StandinServer(server, (server.address() as AddressInfo).port, o);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void s.#request(req, res));
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => s.#upgrade(req, socket, head));
    return s;
  }

  /** The base URL to give Thetis's --alpaca-url (REST and both streams). */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Adds a group of Alpaca REST endpoints (tried in the order added). */
  mount(routes: StandinRoutes): void {
    this.#routes.push(routes);
  }

  /** Adds a group of control endpoints (paths under /_standin/). */
  mountControl(routes: StandinRoutes): void {
    this.#control.push(routes);
  }

  upgrade(handler: StandinUpgrade): void {
    this.#upgrades.push(handler);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async #request(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', this.url);
      const method = req.method ?? 'GET';
      if (url.pathname.startsWith(CONTROL_PREFIX)) {
        if (!(await tryRoutes(this.#control, req, res, url))) sendJson(res, 404, { message: `no control endpoint ${method} ${url.pathname}` });
        return;
      }
      const fault = this.o.faults.takeRest(method, url.pathname);
      if (fault !== undefined && (await this.#fault(fault, req, res))) return;
      if (!this.#authorized(req)) {
        sendJson(res, 401, ALPACA_ERROR_BODIES.unauthorized);
        return;
      }
      if (!(await tryRoutes(this.#routes, req, res, url))) sendJson(res, 404, ALPACA_ERROR_BODIES.endpointNotFound);
    } catch {
      if (!res.headersSent) sendJson(res, 500, ALPACA_ERROR_BODIES.internal);
      else res.destroy();
    }
  }

  /** Applies a fault; true when it answered (or killed) the request, false when the request goes on. */
  async #fault(f: RestFault, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    switch (f.kind) {
      case 'delay':
        await sleep(f.ms);
        return false;
      case 'reset':
        req.socket.destroy();
        return true;
      case 'status': {
        const body = f.status === 429 ? ALPACA_ERROR_BODIES.rateLimited : f.status === 503 ? ALPACA_ERROR_BODIES.unavailable : f.status >= 500 ? ALPACA_ERROR_BODIES.internal : { code: f.status * 100_000, message: `injected ${f.status}` };
        sendJson(res, f.status, body, f.retryAfter === undefined ? {} : { 'Retry-After': String(f.retryAfter) });
        return true;
      }
    }
  }

  #authorized(req: IncomingMessage): boolean {
    const id = req.headers['apca-api-key-id'];
    const secret = req.headers['apca-api-secret-key'];
    return this.o.keys.some((k) => k.keyId === id && k.secret === secret);
  }

  #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => undefined);
    for (const take of this.#upgrades) if (take(req, socket, head)) return;
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  }
}

async function tryRoutes(groups: readonly StandinRoutes[], req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  for (const routes of groups) if (await routes(req, res, url)) return true;
  return false;
}
