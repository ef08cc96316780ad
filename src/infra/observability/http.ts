/**
 * The health and metrics server: GET /healthz (200 while the event loop runs), GET /readyz (200
 * when every readiness check passes, else 503 naming the failing ones, JSON both ways) and GET
 * /metrics (Prometheus text). One port per process (--health-port, THETIS_HEALTH_PORT).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../actors/runtime/logger.js';
import type { Metrics } from './metrics.js';
import { evaluate, STARTING, type Check } from './readiness.js';

export const DEFAULT_HEALTH_PORT = 9464;

export interface OpsServerOptions {
  /** 0: no server. */
  readonly port: number;
  /** Default all interfaces (a container's port is scraped from outside it). */
  readonly host?: string;
  readonly metrics: Metrics;
  readonly log: Logger;
}

export class OpsServer {
  #checks: Readonly<Record<string, Check>> = STARTING;
  readonly #server: Server | undefined;
  readonly #metrics: Metrics;

  private constructor(server: Server | undefined, metrics: Metrics) {
    this.#server = server;
    this.#metrics = metrics;
  }

  static async start(o: OpsServerOptions): Promise<OpsServer> {
    if (o.port === 0) return new OpsServer(undefined, o.metrics);
    const server = createServer();
    const ops = new OpsServer(server, o.metrics);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void ops.#answer(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port, o.host ?? '0.0.0.0', () => {
        server.off('error', reject);
        resolve();
      });
    });
    o.log.info({ port: (server.address() as AddressInfo).port }, 'health and metrics: /healthz /readyz /metrics');
    return ops;
  }

  /** The port listened on (undefined: no server). */
  get port(): number | undefined {
    return this.#server === undefined ? undefined : (this.#server.address() as AddressInfo).port;
  }

  /** What /readyz checks from now on (until then it answers 503 `started: starting`). */
  ready(checks: Readonly<Record<string, Check>>): void {
    this.#checks = checks;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (server === undefined || !server.listening) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async #answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'GET only' });
    switch (path) {
      case '/healthz':
        return json(res, 200, { status: 'alive' });
      case '/readyz': {
        const report = await evaluate(this.#checks);
        return json(res, report.ready ? 200 : 503, { status: report.ready ? 'ready' : 'not ready', failing: report.failing, checks: report.checks });
      }
      case '/metrics':
        return this.#metrics.serve(req, res);
      default:
        return json(res, 404, { error: 'not found: /healthz, /readyz, /metrics' });
    }
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
